package io.medic.cluster;

import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.List;

/**
 * A node of a test cluster in a JVM of its own ({@link ForkedNodeTest} starts it with this JVM's java and
 * classpath): joins the seed node given, registers a Recorder under the global name {@code forked-clerk},
 * holds another process with {@code queued} messages behind it, prints {@code READY <node>} and runs until
 * it is killed.
 *
 * <p>Arguments: {@code <seed host:port> <queued>}.
 */
public final class ForkedNode {
    private ForkedNode() {
    }

    public static void main(String[] args) throws Exception {
        Duration t = Duration.ofSeconds(30);
        Node node = Node.start(TestCluster.NAME, MedicCluster.config(TestCluster.NAME, "127.0.0.1", 0, List.of(args[0]))
                .withFallback(TestCluster.defaults()), List.of());
        MedicCluster cluster = MedicCluster.get(node);
        cluster.whenUp().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        Pid clerk = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, t);
        cluster.global().registerName("forked-clerk", clerk);
        Pid drowning = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, t);
        Gate gate = new Gate();
        GenServer.cast(drowning, new Block(gate));
        gate.awaitEntered();
        for (int i = 0, n = Integer.parseInt(args[1]); i < n; i++) {
            GenServer.cast(drowning, "m" + i);
        }
        System.out.println("READY " + cluster.nodeName() + " " + drowning);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // until killed: the test's SIGKILL is the node's crash
    }
}
