package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Medic node on an ActorSystem made by Akka's {@link ActorTestKit} (a typed user guardian, which
 * refuses top-level actors from outside): Medic processes still start, answer and can be found.
 */
class ActorTestKitNodeTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void medicProcessesRunOnAnActorTestKitSystem() {
        ActorTestKit testKit = ActorTestKit.create("actor-test-kit-node-test");
        try {
            Node node = Node.get(testKit.system());
            Recorder server = new Recorder();
            Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT.withName("in-testkit"), T);
            assertEquals("pong", GenServer.call(pid, "pong", T));
            assertTrue(pid.path().startsWith("akka://actor-test-kit-node-test/"), pid.path());
            assertEquals(Optional.of(pid), node.lookup(pid.path()));
            assertEquals(Optional.of(pid), node.lookup(pid.ref().path().toStringWithoutAddress()));
            assertEquals(Optional.of(pid), node.lookup("in-testkit"));

            TestProbe<Down> probe = testKit.createTestProbe();
            MonitorRef ref = Medic.monitor(probe.getRef(), pid);
            GenServer.cast(pid, new Recorder.StopWith(ExitReason.NORMAL));
            probe.expectMessage(new Down(ref, pid, ExitReason.NORMAL));
            assertEquals(0, node.processes().size());
        } finally {
            testKit.shutdownTestKit();
        }
    }
}
