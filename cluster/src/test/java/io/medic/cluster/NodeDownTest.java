package io.medic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * OTP's fail-fast across nodes: a call in flight when its server's node crashes fails with
 * {@code nodedown} then, not after its timeout; a call to a process of a node that is down fails at
 * once; a monitor of such a process fires with {@code noconnection}.
 */
@ExpectLog(level = "WARN", logger = "akka.cluster") // the crashed node: unreachable, downed by the SBR
@ExpectLog(level = "WARN", logger = "akka.remote") // and quarantined
class NodeDownTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    @Test
    void callsFailWithNodedownWhenTheNodeGoesAndAtOnceAfter() {
        try (TestCluster cluster = TestCluster.start(2)) {
            Pid local = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, LONG);
            Pid remote = cluster.node(0).pid(local + "@" + cluster.name(1));
            CompletionStage<ExitReason> monitor = Medic.whenExited(remote);
            CompletionStage<Object> held = GenServer.callAsync(remote, "hold", LONG);
            assertEquals("pong", GenServer.call(remote, "pong", LONG)); // the hold has arrived: calls are in order

            cluster.crash(1);

            // in flight: fails when the node becomes unreachable, well before its 60 s
            NodeDownException inFlight = Await.failure(NodeDownException.class, held, Await.DEADLINE);
            assertEquals(cluster.node(0).pid(local + "@" + cluster.name(1)).toString(), remote.toString());
            assertTrue(inFlight.getMessage().contains(remote.toString()), inFlight.getMessage());
            assertEquals("nodedown", inFlight.code());
            assertEquals(ExitReason.custom("noconnection"), Await.result(monitor));
            assertFalse(remote.isAlive());

            // after: at once, before anything is sent
            CompletionStage<Object> next = GenServer.callAsync(remote, "pong", LONG);
            assertTrue(next.toCompletableFuture().isCompletedExceptionally(), "failed at once");
            Await.failure(NodeDownException.class, next);
            assertEquals(ExitReason.custom("noconnection"), Await.result(Medic.whenExited(remote)));
            GenServer.cast(remote, "lost"); // a cast never throws for a node that is down
            Medic.send(remote, "lost");
        }
    }
}
