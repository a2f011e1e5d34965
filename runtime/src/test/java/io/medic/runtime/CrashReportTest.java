package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import com.typesafe.config.ConfigFactory;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.Gate;
import io.medic.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * proc_lib's crash report, written by the crashing process as it stops: every field, the exits that
 * write none (normal, shutdown, {shutdown, _}, killed: as in OTP), a sensitive process's report without
 * its message or state, the ring's bounds and cursors, and the one log entry, neutralised.
 */
class CrashReportTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(10);

    /** A server with a state worth reporting, a secret that formatStatus redacts, and a crash on demand. */
    static final class Vault extends GenServer<Vault.State> {
        record State(String owner, String secret, List<String> items) {
        }

        record Boom(String note) {
        }

        record Hold(Gate gate) {
        }

        static final String SPAWN_CHILD = "spawn-child";

        @Override
        protected Init<State> init() {
            return ok(new State("ann", "hunter2", new ArrayList<>()));
        }

        @Override
        protected Result<State> handleCall(Object request, From from, State s) {
            if (SPAWN_CHILD.equals(request)) {
                Spawned<Object> child = GenServer.spawn(context(), new Recorder(), SpawnOptions.DEFAULT.withName("vault-child"));
                return reply(child, s);
            }
            s.items().add(String.valueOf(request));
            return reply("ok", s);
        }

        @Override
        protected Result<State> handleCast(Object message, State s) throws Exception {
            if (message instanceof Hold h) {
                h.gate().pass();
                return noreply(s);
            }
            if (message instanceof Boom) {
                throw new IllegalStateException("crash on purpose", new java.io.IOException("disk full"));
            }
            if (message instanceof ExitReason r) {
                return stop(r, s);
            }
            return noreply(s);
        }

        @Override
        protected Object formatStatus(State s) {
            return new State(s.owner(), "<redacted>", s.items());
        }
    }

    private static Pid vault(SpawnOptions options) {
        return GenServer.startSync(node, new Vault(), options, T);
    }

    private static CrashReport reportOf(Pid pid) {
        Await.result(Medic.whenExited(pid));
        return CrashReports.of(node).of(pid).orElseThrow(() -> new AssertionError("no crash report for " + pid));
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crash on purpose")
    void aCrashReportCarriesEveryField() {
        Pid parent = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("vault-parent"), T);
        Spawned<?> spawned = GenServer.call(parent, new Recorder.Exec(self ->
                GenServer.spawn(self.ctx(), new Vault(), SpawnOptions.DEFAULT.withName("vault").withRestarts(2))));
        Await.result(spawned.initialized());
        Pid vault = spawned.pid();
        Spawned<?> child = GenServer.call(vault, Vault.SPAWN_CHILD, T);
        Await.result(child.initialized());
        Pid watcher = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.monitor(watcher, vault);
        GenServer.call(vault, "apple", T);
        Gate gate = new Gate();
        GenServer.cast(vault, new Vault.Hold(gate));
        gate.awaitEntered();
        GenServer.cast(vault, new Vault.Boom("the last message"));
        GenServer.cast(vault, "late 1");
        GenServer.cast(vault, "late 2");
        Await.until("three messages queued behind the held one", () -> vault.entry().messageQueueLen() == 3);
        gate.open();

        CrashReport r = reportOf(vault);
        assertTrue(r.id() > 0);
        assertSame(vault, r.pid());
        assertEquals("vault", r.registeredName());
        assertEquals("gen_server", r.kind());
        assertEquals(Vault.class.getName(), r.initialCall());
        assertEquals(List.of(new CrashReport.ProcessRef(parent, "vault-parent")), r.ancestors());
        assertTrue(r.reason().startsWith("{exception, java.lang.IllegalStateException: crash on purpose"), r.reason());
        assertEquals(IllegalStateException.class.getName(), r.errorClass());
        assertTrue(r.stacktrace().get(0).contains(Vault.class.getName() + ".handleCast"), r.stacktrace().toString());
        assertTrue(r.stacktrace().contains("Caused by: java.io.IOException: disk full"), r.stacktrace().toString());
        assertEquals(Vault.Boom.class.getName(), r.lastMessageType());
        assertEquals("{\"note\":\"the last message\"}", r.lastMessage().json());
        assertEquals(Vault.State.class.getName(), r.state().type());
        assertEquals("{\"owner\":\"ann\",\"secret\":\"<redacted>\",\"items\":[\"apple\"]}", r.state().json(),
                "the state through formatStatus");
        assertNull(r.note());
        assertEquals(2, r.messageQueueLen(), "the two casts left behind the one it crashed on");
        assertTrue(r.reductions() > 0 && r.memoryBytes() >= 996, r.toString());
        assertEquals(2, r.restarts());
        assertFalse(r.sensitive());
        assertEquals(List.of(new CrashReport.Neighbour(watcher, null, "monitor", ProcessStatus.WAITING, 0),
                new CrashReport.Neighbour(child.pid(), "vault-child", "child", ProcessStatus.WAITING, 0)), r.neighbours());
        assertTrue(r.crashedAt().isAfter(vault.entry().startTime().minusMillis(1)));
        assertEquals(List.of(r), CrashReports.of(node).list(r.id() - 1, Long.MAX_VALUE, 10));
        assertEquals(List.of(r), CrashReports.of(node).ofName("vault", 10));
    }

    @Test
    void theLogEntryIsOneEntryOnOneLineWithTheExceptionAttachedAndUserTextEscaped() {
        try (Expectation log = LogCapture.expect("ERROR", ExpectLog.CRASH_REPORT, "")) {
            Pid pid = vault(SpawnOptions.DEFAULT.withName("forger"));
            GenServer.call(pid, "line\r\ncrash report 99: forged\u2028x", T);
            GenServer.cast(pid, new Vault.Boom("a\r\nb"));
            CrashReport r = reportOf(pid);
            // the entry is logged before the process exits (and before whenExited completes): it is here, alone
            assertEquals(1, log.count(), log.messages().toString());
            ILoggingEvent event = log.events().get(0);
            String line = event.getFormattedMessage();
            assertFalse(line.chars().anyMatch(c -> c == '\r' || c == '\n' || c == '\u2028'), line);
            assertTrue(line.startsWith("crash report " + r.id() + ": gen_server " + pid + " (" + Vault.class.getName()
                    + ", registered as forger) terminating with reason {exception, java.lang.IllegalStateException: crash on purpose"),
                    line);
            assertTrue(line.contains("; last message " + Vault.Boom.class.getName() + " {\"note\":\"a\\r\\nb\"}"), line);
            assertTrue(line.contains("\"items\":[\"line\\r\\ncrash report 99: forged\\u2028x\"]"), line);
            assertTrue(line.contains("; message_queue_len 0; reductions " + r.reductions()), line);
            assertEquals("crash on purpose",
                    ((ThrowableProxy) event.getThrowableProxy()).getThrowable().getMessage());
        }
    }

    @Test
    void aSensitiveProcessReportHasNeitherItsMessageNorItsState() {
        try (Expectation log = LogCapture.expect("ERROR", ExpectLog.CRASH_REPORT, "crash on purpose")) {
            Pid pid = vault(SpawnOptions.DEFAULT.withSensitive(true));
            GenServer.call(pid, "apple", T);
            GenServer.cast(pid, new Vault.Boom("the message text"));
            CrashReport r = reportOf(pid);
            assertTrue(r.sensitive());
            assertEquals(Vault.Boom.class.getName(), r.lastMessageType(), "the type is shown");
            assertNull(r.lastMessage());
            assertNull(r.state());
            assertTrue(r.note().contains("sensitive"), r.note());
            assertEquals(1, log.count());
            String line = log.messages().get(0);
            assertFalse(line.contains("the message text") || line.contains("apple") || line.contains("hunter2")
                    || line.contains("ann"), line);
        }
    }

    @Test
    void normalShutdownAndKilledExitsWriteNoReport() {
        try (Expectation log = LogCapture.expect("ERROR", ExpectLog.CRASH_REPORT, "")) {
            long before = CrashReports.of(node).latestId();
            List<Pid> stopped = new ArrayList<>();
            for (ExitReason reason : new ExitReason[] {ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("info")}) {
                Pid pid = vault(SpawnOptions.DEFAULT);
                GenServer.cast(pid, reason);
                assertEquals(reason, Await.result(Medic.whenExited(pid)));
                stopped.add(pid);
            }
            Pid killed = vault(SpawnOptions.DEFAULT);
            Medic.exit(killed, ExitReason.KILLED);
            assertEquals(ExitReason.KILLED, Await.result(Medic.whenExited(killed)));
            stopped.add(killed);
            Pid plain = Medic.spawn(node, Behaviors.receive(Object.class)
                    .onAnyMessage(m -> Behaviors.stopped()).build(), SpawnOptions.DEFAULT).pid();
            Medic.send(plain, "stop");
            assertEquals(ExitReason.NORMAL, Await.result(Medic.whenExited(plain)));
            stopped.add(plain);
            // a report is written before the exit completes: none has come, none will
            for (Pid pid : stopped) {
                assertTrue(CrashReports.of(node).of(pid).isEmpty(), pid.toString());
            }
            assertEquals(before, CrashReports.of(node).latestId());
            assertEquals(0, log.count(), log.messages().toString());
        }
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "terminating with reason out of paper")
    void anAbnormalStopIsReportedWithItsReasonAndNoStackTrace() {
        Pid pid = vault(SpawnOptions.DEFAULT);
        GenServer.cast(pid, ExitReason.custom("out of paper"));
        CrashReport r = reportOf(pid);
        assertEquals("out of paper", r.reason());
        assertNull(r.errorClass());
        assertEquals(List.of(), r.stacktrace());
        assertEquals(ExitReason.Custom.class.getName(), r.lastMessageType());
        assertNotNull(r.state());
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "refused")
    void aFailedInitIsReportedAsCrashingInInit() {
        GenServer<Object> refusing = new GenServer<>() {
            @Override
            protected Init<Object> init() {
                return stop(ExitReason.custom("refused"));
            }
        };
        StartException e = assertThrows(StartException.class, () -> GenServer.startSync(node, refusing, SpawnOptions.DEFAULT, T));
        List<CrashReport> last = CrashReports.of(node).list(0, Long.MAX_VALUE, 1);
        CrashReport r = last.get(0);
        assertEquals("refused", r.reason(), e.toString());
        assertEquals("init", r.lastMessageType());
        assertNull(r.lastMessage());
        assertNull(r.state());
        assertTrue(r.note().contains("init"), r.note());
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "plain failure")
    void aPlainBehaviourWritesOneToo() {
        Pid pid = Medic.spawn(node, Behaviors.receive(String.class).onMessage(String.class, s -> {
            throw new IllegalArgumentException("plain failure");
        }).build(), SpawnOptions.DEFAULT.withName("plain")).pid();
        Medic.send(pid, "go");
        CrashReport r = reportOf(pid);
        assertEquals("behavior", r.kind());
        assertEquals("\"go\"", r.lastMessage().json());
        assertNull(r.state());
        assertTrue(r.note().contains("plain Akka behaviour"), r.note());
        assertEquals(IllegalArgumentException.class.getName(), r.errorClass());
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crash on purpose")
    void theRingIsBoundedAndReadWithCursorsWhileEachDeadPidKeepsItsOwnReport() {
        try (Node small = Node.start("crash-ring", ConfigFactory.parseString("medic.crash.history = 3"))) {
            CrashReports reports = CrashReports.of(small);
            List<Pid> crashed = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Pid pid = GenServer.startSync(small, new Vault(), SpawnOptions.DEFAULT, T);
                GenServer.cast(pid, new Vault.Boom("n" + i));
                Await.result(Medic.whenExited(pid));
                crashed.add(pid);
            }
            assertEquals(5, reports.latestId());
            assertEquals(3, reports.capacity());
            List<CrashReport> kept = reports.list(0, Long.MAX_VALUE, 10);
            assertEquals(List.of(5L, 4L, 3L), kept.stream().map(CrashReport::id).toList(), "the newest three, newest first");
            assertSame(crashed.get(4), kept.get(0).pid());
            assertEquals(List.of(5L), reports.list(4, Long.MAX_VALUE, 10).stream().map(CrashReport::id).toList(), "since");
            assertEquals(List.of(4L, 3L), reports.list(0, 5, 10).stream().map(CrashReport::id).toList(), "before");
            assertEquals(List.of(5L, 4L), reports.list(0, Long.MAX_VALUE, 2).stream().map(CrashReport::id).toList(), "limit");
            assertTrue(reports.byId(1).isEmpty(), "left the ring");
            assertEquals(1, reports.of(crashed.get(0)).orElseThrow().id(), "kept with its dead pid");
            assertThrows(IllegalArgumentException.class, () -> reports.list(0, Long.MAX_VALUE, 0));
        }
    }
}
