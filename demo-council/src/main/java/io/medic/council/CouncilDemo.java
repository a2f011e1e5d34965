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
     * @param node    the Medic node (named {@code council}); in a cluster, the first node this JVM runs
     * @param council the council (names, seed)
     * @param http    the base URI of the node's HTTP API, e.g. {@code http://127.0.0.1:8558}
     * @param nodes   every node this JVM runs ({@code --nodes}), {@code node} first
     * @param urls    their HTTP APIs, in the same order
     */
    public record Running(Node node, Council council, URI http, List<Node> nodes, List<URI> urls) implements AutoCloseable {
        public Running(Node node, Council council, URI http) {
            this(node, council, http, List.of(node), List.of(http));
        }

        /** Waits until every node of this JVM has stopped; the highest exit status. */
        public int awaitTermination(java.time.Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException {
            int status = 0;
            for (Node n : nodes) {
                status = Math.max(status, n.awaitTermination(timeout));
            }
            return status;
        }

        @Override
        public void close() {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
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
        if (options.flood() != null) { // the chapter 6 flood: a dump well before the heap runs out
            extra = ConfigFactory.parseMap(Map.of("medic.dump.memory-threshold", 0.7)).withFallback(extra);
        }
        Council council = new Council(options.members(), options.seed(), options.connectOutsideInit(), options.overload());
        if (options.clustered()) {
            return startCluster(options, council, extra);
        }
        AtomicReference<URI> http = new AtomicReference<>();
        Node node = Node.start("council", httpConfig(options, options.port()).withFallback(extra),
                List.of(management(http), council.application()));
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

    private static Config httpConfig(Options options, int port) {
        return ConfigFactory.parseMap(Map.of(
                "akka.management.http.hostname", options.host(),
                "akka.management.http.port", port,
                "akka.management.http.route-providers-read-only", options.readOnly()));
    }

    /**
     * {@code --nodes N}: the nodes of a cluster named {@code council} — all of them in this JVM, or only
     * {@code --node I} — on loopback Artery ports {@code --artery-port + i}, HTTP ports {@code --port + i};
     * node {@code i} runs the members whose position modulo N is {@code i}, and every node may run the
     * chair, a failover application (docs/cluster.md#the-council-across-nodes).
     */
    private static Running startCluster(Options options, Council council, Config extra) {
        int n = options.nodes();
        List<Integer> here = options.node() >= 0 ? List.of(options.node())
                : java.util.stream.IntStream.range(0, n).boxed().toList();
        List<String> all = new java.util.ArrayList<>();
        if (options.arteryPort() != 0) {
            for (int i = 0; i < n; i++) {
                all.add("127.0.0.1:" + (options.arteryPort() + i));
            }
        }
        List<Node> nodes = new java.util.ArrayList<>();
        List<URI> urls = new java.util.ArrayList<>();
        try {
            for (int i : here) {
                // one JVM per node: every node is a seed, so that a node restarted alone rejoins the others;
                // all nodes in this JVM: the first forms the cluster and the others join it
                List<String> seeds = options.arteryPort() != 0 ? (options.node() >= 0 ? all : List.of(all.get(0)))
                        : nodes.isEmpty() ? List.of() : List.of(io.medic.cluster.MedicCluster.get(nodes.get(0)).nodeName());
                Config config = httpConfig(options, options.port() == 0 ? 0 : options.port() + i).withFallback(extra)
                        .withFallback(io.medic.cluster.MedicCluster.config("council", "127.0.0.1",
                                options.arteryPort() == 0 ? 0 : options.arteryPort() + i, seeds));
                AtomicReference<URI> http = new AtomicReference<>();
                Node node = Node.start("council", config, List.of(management(http),
                        council.onNode(n, i, java.util.Set.copyOf(here)).application(), Chair.application(all)));
                nodes.add(node);
                urls.add(http.get());
                if (seeds.isEmpty()) { // the first node of a cluster on any free ports: it forms the cluster
                    akka.cluster.Cluster c = akka.cluster.Cluster.get(node.classicSystem());
                    c.join(c.selfAddress());
                }
            }
        } catch (RuntimeException e) {
            nodes.forEach(Node::close);
            throw e;
        }
        return new Running(nodes.get(0), council, urls.get(0), List.copyOf(nodes), List.copyOf(urls));
    }

    private static Node.Component management(AtomicReference<URI> http) {
        return new Node.Component() {
            @Override
            public String name() {
                return "Akka Management HTTP";
            }

            @Override
            public CompletionStage<?> start(Node node) {
                return MedicManagement.startAsync(node).thenAccept(http::set);
            }
        };
    }
}
