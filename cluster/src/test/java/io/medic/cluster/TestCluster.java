package io.medic.cluster;

import akka.actor.Address;
import akka.cluster.Cluster;
import akka.cluster.MemberStatus;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.runtime.Node;
import io.medic.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * Several Medic nodes of one cluster in this JVM, on loopback, Artery on ports the OS picks: the first
 * joins itself, the others join it. Failure detection is tightened so that a crashed node is seen
 * unreachable within about a second (not Akka's ~5 s), and the Split Brain Resolver downs it after
 * {@link #STABLE_AFTER}. Public for the tests of other modules (medic-cluster's test-jar: the dashboard's
 * cluster view).
 */
public final class TestCluster implements AutoCloseable {
    static final String NAME = "medic-test";
    static final String STABLE_AFTER = "2s";

    /** What every test node runs with, below its own overrides. */
    static Config defaults() {
        return ConfigFactory.parseString(String.join("\n",
                "akka.cluster.failure-detector.heartbeat-interval = 200ms",
                "akka.cluster.failure-detector.acceptable-heartbeat-pause = 1s",
                "akka.cluster.gossip-interval = 200ms",
                "akka.cluster.leader-actions-interval = 200ms",
                "akka.cluster.unreachable-nodes-reaper-interval = 200ms",
                "akka.cluster.periodic-tasks-initial-delay = 100ms",
                "akka.cluster.split-brain-resolver.stable-after = " + STABLE_AFTER,
                "akka.cluster.distributed-data.gossip-interval = 200ms",
                "akka.cluster.distributed-data.notify-subscribers-interval = 50ms",
                "akka.remote.artery.advanced.test-mode = on",
                "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
                // crash() terminates an ActorSystem without leaving the cluster; close() leaves first
                "akka.coordinated-shutdown.run-by-actor-system-terminate = off",
                "akka.management.http.port = 0"));
    }

    final List<Node> nodes = new ArrayList<>();

    /** An empty cluster: {@link #add} its nodes, then {@link #awaitUp}. */
    public TestCluster() {
    }
    /** Nodes crashed or closed by the test. */
    private final java.util.Set<Integer> gone = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Whether node {@code i} runs (was neither crashed nor closed). */
    boolean isLive(int i) {
        return !gone.contains(i) && !nodes.get(i).classicSystem().whenTerminated().isCompleted();
    }

    /** A port the OS says is free now (for a node that must come back on the same address). */
    static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts {@code n} nodes and waits until every one sees all of them Up. */
    public static TestCluster start(int n) {
        return start(n, ConfigFactory.empty());
    }

    public static TestCluster start(int n, Config overrides) {
        TestCluster c = new TestCluster();
        try {
            for (int i = 0; i < n; i++) {
                c.add(overrides);
            }
            c.awaitUp();
        } catch (RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Starts one more node (joining the first, or itself when it is the first). */
    Node add(Config overrides) {
        return add(overrides, 0, List.of());
    }

    /** Starts one more node on Artery port {@code port} (0: any) with these components. */
    public Node add(Config overrides, int port, List<? extends Node.Component> components) {
        List<String> seeds = java.util.stream.IntStream.range(0, nodes.size()).filter(this::isLive)
                .mapToObj(this::name).toList();
        Config config = overrides.withFallback(MedicCluster.config(NAME, "127.0.0.1", port, seeds)).withFallback(defaults());
        return add(config, seeds.isEmpty(), components);
    }

    /** Starts a node with exactly this configuration. */
    Node add(Config config, boolean joinSelf) {
        return add(config, joinSelf, List.of());
    }

    private Node add(Config config, boolean joinSelf, List<? extends Node.Component> components) {
        Node node = Node.start(NAME, config, components);
        nodes.add(node);
        if (joinSelf) {
            Cluster c = Cluster.get(node.classicSystem());
            c.join(c.selfAddress());
        }
        return node;
    }

    public Node node(int i) {
        return nodes.get(i);
    }

    public MedicCluster cluster(int i) {
        return MedicCluster.get(nodes.get(i));
    }

    public String name(int i) {
        return cluster(i).nodeName();
    }

    Address address(int i) {
        return addresses.computeIfAbsent(i, k -> Cluster.get(nodes.get(k).classicSystem()).selfAddress());
    }

    private final java.util.Map<Integer, Address> addresses = new java.util.concurrent.ConcurrentHashMap<>();

    /** Waits until every live node sees every live node Up. */
    public void awaitUp() {
        List<Node> live = java.util.stream.IntStream.range(0, nodes.size()).filter(this::isLive).mapToObj(nodes::get).toList();
        for (Node node : live) {
            Await.until(() -> "node " + node + " to see " + live.size() + " members up: "
                    + Cluster.get(node.classicSystem()).state().getMembers(), () -> {
                var members = Cluster.get(node.classicSystem()).state().getMembers();
                long up = StreamSupport.stream(members.spliterator(), false)
                        .filter(m -> m.status() == MemberStatus.up()).count();
                return up == live.size();
            });
        }
    }

    /**
     * Crashes node {@code i}: cut off from the others first (so that nothing it says while stopping gets
     * out), its ActorSystem stops without leaving the cluster (no CoordinatedShutdown, no goodbye), as a
     * killed JVM would; the others see it unreachable, then the Split Brain Resolver downs it. Its
     * processes do stop (their terminate callbacks run, a permanent application's exit is logged): only
     * a separate JVM, killed, does not ({@link ForkedNodeTest}).
     */
    public void crash(int i) {
        Node node = nodes.get(i);
        gone.add(i);
        for (int j = 0; j < nodes.size(); j++) {
            if (isLive(j)) {
                blackhole(j, i);
            }
        }
        node.classicSystem().terminate();
        Await.result(node.exitStatus());
        for (int j = 0; j < nodes.size(); j++) {
            if (isLive(j)) {
                heal(j, i); // nothing answers there any more; a new node may come back at that address
            }
        }
    }

    /**
     * Cuts node {@code j} off from node {@code i}, both ways, as a network partition would (Artery's
     * test mode: {@code akka.remote.artery.advanced.test-mode = on}).
     */
    void blackhole(int j, int i) {
        throttle(j, i, akka.remote.transport.ThrottlerTransportAdapter.Blackhole$.MODULE$);
    }

    /** A Scala object's instance, for the few whose Java names javac cannot spell. */
    @SuppressWarnings("unchecked")
    private static <T> T scalaObject(String className) {
        try {
            return (T) Class.forName(className).getField("MODULE$").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Heals a partition made by {@link #blackhole}. */
    void heal(int j, int i) {
        throttle(j, i, akka.remote.transport.ThrottlerTransportAdapter.Unthrottled$.MODULE$);
    }

    private void throttle(int j, int i, akka.remote.transport.ThrottlerTransportAdapter.ThrottleMode mode) {
        Await.result(scala.jdk.javaapi.FutureConverters.asJava(((akka.remote.RARP) akka.remote.RARP.get(nodes.get(j).classicSystem()))
                .provider().transport().managementCommand(new akka.remote.transport.ThrottlerTransportAdapter.SetThrottle(
                        address(i), scalaObject("akka.remote.transport.ThrottlerTransportAdapter$Direction$Both$"), mode))));
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            Node n = nodes.get(i);
            if (!n.classicSystem().whenTerminated().isCompleted()) {
                n.close();
            }
        }
    }
}
