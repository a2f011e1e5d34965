package io.medic.cli;

import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.Node;
import java.net.URI;
import java.util.List;

/** A live Medic node with its HTTP API on a free loopback port, for the CLI to talk to. */
final class TestNode implements AutoCloseable {
    final Node node;
    final URI url;

    private TestNode(Node node, URI url) {
        this.node = node;
        this.url = url;
    }

    /** Starts node {@code name} with {@code components} (applications), then its HTTP API; {@code config} is HOCON. */
    static TestNode start(String name, String config, List<? extends Node.Component> components) {
        Node node = Node.start(name, ConfigFactory.parseString(config).withFallback(ConfigFactory.parseString(String.join("\n",
                "akka.management.http.hostname = \"127.0.0.1\"",
                "akka.management.http.port = 0",
                "medic.memory.refresh-interval = 10ms"))), components);
        try {
            return new TestNode(node, MedicManagement.start(node));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    static TestNode start(String name) {
        return start(name, "", List.of());
    }

    /** The option that points {@code medic} at this node. */
    String urlOption() {
        return "--url=" + url;
    }

    @Override
    public void close() {
        node.close();
    }
}
