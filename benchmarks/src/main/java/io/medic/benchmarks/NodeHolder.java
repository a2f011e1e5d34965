package io.medic.benchmarks;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.runtime.Node;

/**
 * A benchmark state's node: started by the state itself for a JMH trial, or lent by the smoke test
 * (which then also closes it).
 */
final class NodeHolder {
    /**
     * The dispatcher of the {@code single} setting: one thread for the actors under test. On the 2-core
     * machines Medic is measured on, Akka's default dispatcher (8 threads) makes message hand-offs
     * between threads, and so throughput, vary several-fold from one iteration to the next; on one
     * thread each message costs what its mailbox, dispatch and handler cost, the same every time.
     */
    static final String SINGLE_THREAD_DISPATCHER = "bench.single-thread-dispatcher";

    /** The benchmark node's configuration: Medic's defaults plus the single-thread dispatcher. */
    static final Config CONFIG = ConfigFactory.parseString(String.join("\n",
            SINGLE_THREAD_DISPATCHER + " {",
            "  type = Dispatcher",
            "  executor = fork-join-executor",
            "  fork-join-executor { parallelism-min = 1, parallelism-factor = 1.0, parallelism-max = 1 }",
            "  throughput = 5",
            "}"));

    /** Starts a node for benchmarks. */
    static Node startNode(String name) {
        return Node.start(name, CONFIG);
    }

    /** The dispatcher config path of a JMH {@code dispatcher} parameter: {@code single} or {@code default}. */
    static String dispatcherPath(String param) {
        return switch (param) {
            case "single" -> SINGLE_THREAD_DISPATCHER;
            case "default" -> null;
            default -> throw new IllegalArgumentException("dispatcher: bad value '" + param
                    + "', expected single or default");
        };
    }

    private Node node;
    private boolean owned;

    /** Starts a fresh node unless one was lent with {@link #lend}. */
    Node acquire(String name) {
        return acquire(name, ConfigFactory.empty());
    }

    /** Starts a fresh node with {@code overrides} on top of {@link #CONFIG}, unless one was lent. */
    Node acquire(String name, Config overrides) {
        if (node == null) {
            node = Node.start(name, overrides.withFallback(CONFIG));
            owned = true;
        }
        return node;
    }

    void lend(Node lent) {
        node = lent;
        owned = false;
    }

    Node node() {
        return node;
    }

    /** Closes the node if this holder started it. */
    void release() {
        if (owned && node != null) {
            node.close();
        }
        node = null;
        owned = false;
    }
}
