package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §2–4 for plain Akka behaviours spawned through {@link Medic#spawn}: a table entry with
 * accounting, sys status, honest answers about state, suspend/resume without loss or reordering,
 * exit reasons, removal from the table.
 */
class PlainBehaviorTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);

    /** Appends every message to a list the test reads; a Gate message blocks; "stop" stops; "throw" throws. */
    static final class Collector extends AbstractBehavior<Object> {
        private final List<Object> seen;

        Collector(ActorContext<Object> context, List<Object> seen) {
            super(context);
            this.seen = seen;
        }

        static Behavior<Object> create(List<Object> seen) {
            return Behaviors.setup(ctx -> new Collector(ctx, seen));
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Gate.class, this::onGate)
                    .onMessageEquals("stop", Behaviors::stopped)
                    .onMessageEquals("throw", () -> {
                        throw new IllegalStateException("plain failure");
                    })
                    .onAnyMessage(m -> {
                        seen.add(m);
                        return this;
                    })
                    .build();
        }

        private Behavior<Object> onGate(Gate gate) throws InterruptedException {
            gate.pass();
            return this;
        }
    }

    @Test
    void plainBehaviourHasATableEntryWithAccounting() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Spawned<Object> spawned = Medic.spawn(node, Collector.create(seen), SpawnOptions.DEFAULT.withName("collector"));
        Pid pid = spawned.pid();
        ProcessEntry e = pid.entry();
        Await.until("the behaviour to start", () -> e.status() == ProcessStatus.WAITING);
        assertEquals("behavior", e.kind());
        assertEquals(Collector.class.getName(), e.initialCall(), "initial call names the behaviour's class");
        assertEquals(Optional.of("collector"), e.registeredName());
        assertEquals(Optional.empty(), e.parent());

        for (int i = 0; i < 10; i++) {
            Medic.send(pid, i);
        }
        spawned.ref().tell("via the typed ref");
        GenServer.cast(pid, "via cast");
        Await.until("12 messages handled", () -> e.messagesHandled() == 12);
        assertEquals(12, e.messagesIn());
        assertEquals(0, e.messageQueueLen());
        assertEquals(0, e.messagesOut(), "a plain behaviour sends no replies Medic can count");
        List<Object> expected = new ArrayList<>(IntStream.range(0, 10).boxed().toList());
        expected.add("via the typed ref");
        expected.add("via cast");
        assertEquals(expected, seen, "a cast reaches the behaviour as the raw message");

        // readable while stuck, like any process
        Gate gate = new Gate();
        Medic.send(pid, gate);
        gate.awaitEntered();
        assertEquals(ProcessStatus.RUNNING, e.status());
        assertEquals(Optional.of(Gate.class.getName()), e.currentMessageType());
        assertTrue(e.stackTrace().stream().anyMatch(f -> f.getClassName().equals(Collector.class.getName())),
                "stack trace shows the behaviour: " + e.stackTrace());
        Medic.send(pid, "queued-1");
        Medic.send(pid, "queued-2");
        assertEquals(2, e.messageQueueLen());
        gate.open();
        Await.until("the queue to drain", () -> e.messageQueueLen() == 0 && seen.size() == 14);
    }

    @Test
    void sysStatusWorksAndStateQueriesSayWhyTheyCannot() {
        Pid pid = Medic.spawn(node, Collector.create(new CopyOnWriteArrayList<>()),
                SpawnOptions.DEFAULT.withName("plain-status")).pid();
        SysStatus s = Sys.getStatus(pid);
        assertEquals(pid, s.pid());
        assertEquals("behavior", s.kind());
        assertEquals(Collector.class.getName(), s.behaviour());
        assertEquals("plain-status", s.registeredName());
        assertEquals(ProcessStatus.RUNNING, s.status());
        assertNull(s.state(), "Medic cannot read a plain behaviour's state");
        assertTrue(s.stateNote().contains("plain Akka behaviour") && s.stateNote().contains(Collector.class.getName()),
                s.stateNote());

        UnsupportedSysRequestException get = assertThrows(UnsupportedSysRequestException.class, () -> Sys.getState(pid));
        assertTrue(get.getMessage().contains(pid.toString()) && get.getMessage().contains("plain Akka behaviour")
                && get.getMessage().contains("cannot read"), get.getMessage());
        assertEquals("not_supported", get.code());
        assertThrows(UnsupportedSysRequestException.class, () -> Sys.replaceState(pid, x -> x));

        UnsupportedSysRequestException call = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(UnsupportedSysRequestException.class, () -> GenServer.call(pid, "hello?", Duration.ofSeconds(30))));
        assertTrue(call.getMessage().contains(pid.toString()) && call.getMessage().contains("calls"), call.getMessage());
        assertTrue(pid.isAlive());
    }

    @Test
    void statisticsAndLogRecordAPlainBehavioursMessages() {
        Pid pid = Medic.spawn(node, Collector.create(new CopyOnWriteArrayList<>()), SpawnOptions.DEFAULT).pid();
        Sys.statistics(pid, true);
        Sys.log(pid, 10);
        Medic.send(pid, "an info");
        GenServer.cast(pid, "a cast");
        Await.until("both handled", () -> pid.entry().messagesHandled() >= 4);
        SysStatistics stats = Sys.getStatistics(pid).orElseThrow();
        assertTrue(stats.messagesIn() >= 2, stats.toString());
        List<SysEvent> log = Sys.getLog(pid);
        assertEquals(List.of("info:an info", "cast:a cast"),
                log.stream().map(ev -> ev.kind() + ":" + ev.description()).toList(), "log: " + log);
    }

    @Test
    void suspendResumeKeepsOrderAndLosesNothing() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Pid pid = Medic.spawn(node, Collector.create(seen), SpawnOptions.DEFAULT).pid();
        Medic.send(pid, 0);
        Await.until("the first message", () -> seen.size() == 1);
        Sys.suspend(pid);
        assertEquals(ProcessStatus.SUSPENDED, Sys.getStatus(pid).status());
        for (int i = 1; i <= 50; i++) {
            if (i % 2 == 0) {
                GenServer.cast(pid, i);
            } else {
                Medic.send(pid, i);
            }
        }
        Await.until("50 messages to wait", () -> pid.entry().messageQueueLen() == 50);
        assertEquals(List.of(0), seen, "nothing handled while suspended");
        Await.until("the table to show it suspended", () -> pid.entry().status() == ProcessStatus.SUSPENDED);
        assertTrue(Sys.getStatus(pid).suspended(), "sys requests are answered while suspended");

        Sys.resume(pid);
        for (int i = 51; i <= 80; i++) {
            Medic.send(pid, i); // arrive while the held ones are being released
        }
        Await.until("all 81 messages", () -> seen.size() >= 81);
        assertEquals(IntStream.rangeClosed(0, 80).boxed().collect(Collectors.toList()), seen);
        Await.until("the queue to be empty", () -> pid.entry().messageQueueLen() == 0);

        // suspended again, then stopped: nothing waits forever
        Sys.suspend(pid);
        Medic.send(pid, 81);
        Medic.exit(pid, ExitReason.SHUTDOWN);
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(pid)));
    }

    @Test
    void queueLengthCountsEachWaitingMessageOnceWhileAResumedBehaviourCatchesUp() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Pid pid = Medic.spawn(node, Collector.create(seen), SpawnOptions.DEFAULT).pid();
        Sys.suspend(pid);
        Gate gate = new Gate();
        Medic.send(pid, gate);
        for (int i = 1; i <= 20; i++) {
            Medic.send(pid, i);
        }
        Await.until("21 messages to wait", () -> pid.entry().messageQueueLen() == 21);
        Sys.resume(pid);
        gate.awaitEntered(); // the first released message holds the behaviour: 20 still wait
        assertEquals(20, pid.entry().messageQueueLen());
        gate.open();
        Await.until("all handled", () -> seen.size() == 20);
        Await.until("the queue to be empty", () -> pid.entry().messageQueueLen() == 0);
        assertEquals(IntStream.rangeClosed(1, 20).boxed().collect(Collectors.toList()), seen);
    }

    @Test
    void behaviourReturningStoppedEndsNormally() {
        assertEndsWith("stop", ExitReason.NORMAL);
    }

    @Test
    @ExpectLog(logger = ExpectLog.AKKA_FAILURE, message = "plain failure")
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "plain failure")
    void behaviourThrowingEndsWithTheException() {
        ExitReason reason = assertEndsWith("throw", null);
        ExitReason.Exception e = assertInstanceOf(ExitReason.Exception.class, reason);
        assertEquals("plain failure", e.cause().getMessage());
    }

    @Test
    void killedBehaviourEndsKilled() {
        assertEndsWith(null, ExitReason.KILLED);
    }

    /** Sends {@code message} (or kills when null) and checks the exit; returns the reason. */
    private static ExitReason assertEndsWith(String message, ExitReason expected) {
        TestProbe<Object> probe = TestProbe.create(node.system());
        Spawned<Object> spawned = Medic.spawn(node, Collector.create(new CopyOnWriteArrayList<>()),
                SpawnOptions.DEFAULT.withName("ending"));
        Pid pid = spawned.pid();
        if (message == null) {
            Medic.exit(pid, ExitReason.KILLED);
        } else {
            Medic.send(pid, message);
        }
        ExitReason reason = Await.result(Medic.whenExited(pid));
        if (expected != null) {
            assertEquals(expected, reason);
        }
        assertEquals(Optional.of(reason), pid.exitReason());
        assertEquals(Optional.empty(), node.processes().byNumber(pid.number()), "removed from the table");
        assertEquals(Optional.empty(), node.whereis("ending"));
        probe.expectTerminated(spawned.ref(), Await.DEADLINE); // and the actor itself is gone
        return reason;
    }
}
