package io.medic.cluster;

import io.medic.cluster.internal.ClusterServices;
import io.medic.runtime.Node;
import io.medic.supervision.Application;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An application that runs on one node of the cluster at a time and moves when its node goes: OTP's
 * distributed application ({@code {distributed, [{App, [Node1, Node2, ...]}]}} in the kernel's
 * configuration, start types {@code {failover, Node}} and {@code {takeover, Node}}), on Akka Cluster.
 *
 * <pre>{@code
 * FailoverApplication chair = FailoverApplication.of(Application.permanent("chair", chairTree))
 *         .withNodes(List.of("10.0.0.1:25520", "10.0.0.2:25520"))   // priority order; empty: any node, oldest first
 *         .withTakeover(true);                                        // move back to a better node when it returns
 * Node node = Node.start("council", config, List.of(chair));         // give it to every node that may run it
 * }</pre>
 *
 * <p>Every node that may run it lists it among its components: starting the component registers the
 * node as a candidate (it does not start the application there). One coordinator for the whole cluster —
 * an Akka Cluster Singleton, on the oldest node, moved by Akka when that node goes — starts the
 * application on the best candidate: the first node of {@link #withNodes} that is up and reachable, or,
 * without a list, the oldest candidate. When the node running it <b>leaves the cluster</b> (a crash is
 * seen unreachable, then downed by the Split Brain Resolver, then removed) the coordinator starts it on the
 * next candidate: <b>failover</b>. A node that is only unreachable keeps it — starting a second copy while
 * the first may still run is what the downing decision exists to prevent. With {@link #withTakeover}, when a
 * node earlier in the list joins (back), the coordinator stops the application where it runs and then
 * starts it there: <b>takeover</b> (OTP takes over automatically; Medic does when asked). If the
 * application stops on its node by itself or by hand, it stays stopped (a permanent application that
 * terminates stops its node, which then fails it over, as in OTP). If its start fails on a node, the next
 * candidate is tried. Immutable. See docs/cluster.md#failover-applications.
 */
public final class FailoverApplication implements Node.Component {
    private final Application application;
    private final List<String> nodes;
    private final boolean takeover;

    private FailoverApplication(Application application, List<String> nodes, boolean takeover) {
        this.application = application;
        this.nodes = nodes;
        this.takeover = takeover;
    }

    /** {@code application}, to run on one node of the cluster at a time: any node, oldest first, no takeover. */
    public static FailoverApplication of(Application application) {
        return new FailoverApplication(Objects.requireNonNull(application, "application"), List.of(), false);
    }

    /**
     * The nodes it may run on, best first ({@code host:port}, as pids print them). Empty (the default): any
     * node that lists it, the oldest first.
     *
     * @throws IllegalArgumentException naming a bad or repeated node
     */
    public FailoverApplication withNodes(List<String> nodes) {
        List<String> list = new ArrayList<>();
        for (String n : Objects.requireNonNull(nodes, "nodes")) {
            if (n == null || !n.matches("[^\\s:@/]+:\\d{1,5}")) {
                throw new IllegalArgumentException("failover application " + application.name() + ": nodes: bad value '" + n
                        + "', expected host:port (a node as its pids print it, e.g. 127.0.0.1:25520)");
            }
            list.add(n);
        }
        if (new LinkedHashSet<>(list).size() != list.size()) {
            throw new IllegalArgumentException("failover application " + application.name() + ": nodes: bad value " + list
                    + ", a node is listed twice");
        }
        return new FailoverApplication(application, List.copyOf(list), takeover);
    }

    /** Whether it moves back to a node earlier in {@link #withNodes} when that node joins (default false). */
    public FailoverApplication withTakeover(boolean takeover) {
        return new FailoverApplication(application, nodes, takeover);
    }

    public Application application() {
        return application;
    }

    public List<String> nodes() {
        return nodes;
    }

    public boolean takeover() {
        return takeover;
    }

    @Override
    public String name() {
        return application.name();
    }

    /**
     * Registers this node as a candidate to run it; completes at once (the coordinator decides where it
     * starts). Fails if the node is not a node of a cluster, or already has a failover application of
     * that name.
     */
    @Override
    public CompletionStage<?> start(Node node) {
        return ClusterServices.get(node).requireActive().failover.register(this);
    }

    @Override
    public String toString() {
        return "FailoverApplication(" + application.name() + ", nodes " + nodes + (takeover ? ", takeover" : "") + ")";
    }
}
