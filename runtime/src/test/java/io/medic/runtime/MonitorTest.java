package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §3, monitors ({@code erlang:monitor/2}, {@code demonitor/1}): one Down per monitor, at once
 * for a process already dead, none after demonitor; {@code whenExited} completes with the reason.
 */
class MonitorTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "terminating with reason done")
    void monitorDeliversDownOnce() {
        TestProbe<Down> probe = TestProbe.create(node.system());
        Pid target = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        MonitorRef ref = Medic.monitor(probe.getRef(), target);
        assertSame(target, ref.target());
        GenServer.cast(target, new Recorder.StopWith(ExitReason.custom("done")));
        assertEquals(new Down(ref, target, ExitReason.custom("done")), probe.receiveMessage(Await.DEADLINE));
        probe.expectNoMessage(Duration.ofMillis(200));
        assertFalse(ref.demonitor(), "a fired monitor is no longer active");
    }

    @Test
    void monitorOfADeadProcessDeliversDownAtOnce() {
        Pid target = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.exit(target, ExitReason.KILLED);
        Await.result(Medic.whenExited(target));

        TestProbe<Down> probe = TestProbe.create(node.system());
        MonitorRef ref = Medic.monitor(probe.getRef(), target);
        assertEquals(new Down(ref, target, ExitReason.KILLED), probe.receiveMessage(Await.DEADLINE));

        CompletionStage<ExitReason> exited = Medic.whenExited(target);
        assertTrue(exited.toCompletableFuture().isDone(), "whenExited of a dead process is already complete");
        assertEquals(ExitReason.KILLED, Await.result(exited));
    }

    @Test
    void demonitorPreventsDelivery() {
        TestProbe<Down> probe = TestProbe.create(node.system());
        Pid target = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        MonitorRef removed = Medic.monitor(probe.getRef(), target);
        MonitorRef kept = Medic.monitor(probe.getRef(), target);
        assertTrue(removed.demonitor());
        assertFalse(removed.demonitor(), "demonitor twice finds nothing the second time");

        Medic.exit(target, ExitReason.SHUTDOWN);
        // both would fire together from the exiting process: the kept one's Down arrives, and nothing else
        Down down = probe.receiveMessage(Await.DEADLINE);
        assertSame(kept, down.monitor());
        probe.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void everyMonitorGetsItsOwnDown() {
        TestProbe<Down> probe = TestProbe.create(node.system());
        Pid target = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        MonitorRef first = Medic.monitor(probe.getRef(), target);
        MonitorRef second = Medic.monitor(probe.getRef(), target);
        Medic.exit(target, ExitReason.KILLED);
        List<Down> downs = probe.receiveSeveralMessages(2, Await.DEADLINE);
        assertEquals(Set.of(new Down(first, target, ExitReason.KILLED), new Down(second, target, ExitReason.KILLED)),
                Set.copyOf(downs), "no order is promised between two monitors");
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "boom")
    void processMonitorsGetDownAsInfoAndAreListedInMonitoredBy() {
        Pid watcher = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Pid target = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        MonitorRef viaMedic = Medic.monitor(watcher, target);
        MonitorRef viaGenServer = GenServer.call(watcher, new Recorder.Exec(self -> self.monitor(target)), T);
        assertEquals(List.of(watcher, watcher), target.entry().monitoredBy());

        viaMedic.demonitor();
        assertEquals(List.of(watcher), target.entry().monitoredBy());

        IllegalStateException boom = new IllegalStateException("boom");
        GenServer.cast(target, new Recorder.Crash(boom));
        Await.until("the watcher to get the Down", () -> !GenServer.<List<?>>call(watcher, Recorder.GET, T).isEmpty());
        assertEquals(List.of(new Down(viaGenServer, target, ExitReason.exception(boom))),
                GenServer.call(watcher, Recorder.GET, T));
        assertEquals(List.of(), target.entry().monitoredBy(), "a dead process is monitored by nobody");
    }

    @Test
    void monitorOfAPlainBehaviour() {
        TestProbe<Down> probe = TestProbe.create(node.system());
        Pid target = Medic.spawn(node, akka.actor.typed.javadsl.Behaviors.ignore(), SpawnOptions.DEFAULT).pid();
        MonitorRef ref = Medic.monitor(probe.getRef(), target);
        Medic.exit(target, ExitReason.SHUTDOWN);
        assertEquals(new Down(ref, target, ExitReason.SHUTDOWN), probe.receiveMessage(Await.DEADLINE));
    }

    @Test
    void whenExitedCompletesWithTheReason() {
        Pid target = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        CompletionStage<ExitReason> exited = Medic.whenExited(target);
        assertFalse(exited.toCompletableFuture().isDone());
        GenServer.cast(target, new Recorder.StopWith(ExitReason.shutdown("rolling restart")));
        assertEquals(ExitReason.shutdown("rolling restart"), Await.result(exited));
    }
}
