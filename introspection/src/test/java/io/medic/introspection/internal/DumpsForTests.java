package io.medic.introspection.internal;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.Node;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a dump of a node with other {@code medic.dump} settings than the node's (a test's caps). */
public final class DumpsForTests {
    private DumpsForTests() {
    }

    public static Path write(Node node, String settings, String name) throws IOException {
        DumpSettings s = DumpSettings.fromConfig(ConfigFactory.parseString(settings)
                .withFallback(node.classicSystem().settings().config()));
        return new DumpWriter(Introspection.get(node), s).write(s.dir().resolve(name + ".json"), "demand", name).file();
    }
}
