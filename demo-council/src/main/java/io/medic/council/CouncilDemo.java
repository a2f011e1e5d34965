package io.medic.council;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.Node;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Starts the council demo: a Medic node with Akka Management serving Medic's routes, then the council
 * application. Used by {@link Main} and by the integration tests (which start it in-process on a free
 * port).
 */
public final class CouncilDemo {
    private CouncilDemo() {
    }

    /**
     * A running demo.
     *
     * @param node    the Medic node (named {@code council})
     * @param council the council (names, seed)
     * @param http    the base URI of the HTTP API, e.g. {@code http://127.0.0.1:8558}
     */
    public record Running(Node node, Council council, URI http) implements AutoCloseable {
        @Override
        public void close() {
            node.close();
        }
    }

    /**
     * Starts the node: Akka Management first (so that {@code /ready} answers while the council starts),
     * then the council application. Fails with a {@link io.medic.runtime.StartException} if either fails.
     */
    public static Running start(Options options) {
        return start(options, ConfigFactory.empty());
    }

    /**
     * Starts the node as {@link #start(Options)} does, with {@code extra} configuration under the
     * options (users under {@code medic.http.auth}, for the tests of the demo's own routes).
     */
    static Running start(Options options, Config extra) {
        Config config = ConfigFactory.parseMap(Map.of(
                "akka.management.http.hostname", options.host(),
                "akka.management.http.port", options.port(),
                "akka.management.http.route-providers-read-only", options.readOnly())).withFallback(extra);
        if (options.flood() != null) { // the chapter 6 flood: a dump well before the heap runs out
            config = config.withFallback(ConfigFactory.parseMap(Map.of("medic.dump.memory-threshold", 0.7)));
        }
        Council council = new Council(options.members(), options.seed(), options.connectOutsideInit(), options.overload());
        AtomicReference<URI> http = new AtomicReference<>();
        Node.Component management = new Node.Component() {
            @Override
            public String name() {
                return "Akka Management HTTP";
            }

            @Override
            public CompletionStage<?> start(Node node) {
                return MedicManagement.startAsync(node).thenAccept(http::set);
            }
        };
        Node node = Node.start("council", config, List.of(management, council.application()));
        if (options.overload() != Overload.Mode.NONE) {
            // the chapter 3 scenario's report: what the audiences with the overloaded member met
            scala.concurrent.duration.FiniteDuration every = scala.concurrent.duration.FiniteDuration.create(
                    Overload.REPORT_EVERY.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            node.classicSystem().scheduler().scheduleWithFixedDelay(every, every,
                    () -> Member.LOG.info(council.audiences().report(node, council.overloaded())),
                    node.classicSystem().dispatcher());
        }
        return new Running(node, council, http.get());
    }
}
