package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A supervisor's crash history: a child that exits abnormally on its own is a {@code child_crashed}
 * event (OTP's {@code child_terminated} report) carrying its exit reason, its restart count and the crash
 * report it wrote (stack trace, last message...), kept in the child's history across its incarnations,
 * bounded per child and per supervisor; every event carries its type tag.
 */
class CrashHistoryTest extends SupervisionTestSupport {

    @Test
    void aChildsCrashesAcrossThreeIncarnationsAreKeptNewestFirstEachWithItsReport() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(10), worker("a"), worker("b"));
        List<Pid> incarnations = new ArrayList<>();
        Pid a = pid(sup, "a");
        for (int i = 0; i < 3; i++) {
            incarnations.add(a);
            crash(a);
            a = awaitNewPid(sup, "a", a);
        }
        ChildInfo info = child(sup, "a").orElseThrow();
        assertEquals(3, info.restarts());
        List<SupervisorEvent.ChildCrashed> crashes = info.crashes();
        assertEquals(3, crashes.size(), crashes.toString());
        for (int i = 0; i < 3; i++) {
            SupervisorEvent.ChildCrashed c = crashes.get(2 - i); // newest first
            assertEquals("child_crashed", c.type());
            assertEquals("a", c.childId());
            assertEquals(incarnations.get(i), c.pid());
            assertEquals(i, c.restarts(), "restarts before that incarnation");
            ExitReason.Exception reason = assertInstanceOf(ExitReason.Exception.class, c.reason());
            assertEquals("crash on purpose", reason.cause().getMessage());
            assertNotNull(c.report(), "the crash report the child wrote");
            assertTrue(c.report().pid() == c.pid() && c.report().restarts() == i, c.report().toString());
            assertEquals(IllegalStateException.class.getName(), c.report().errorClass());
            assertTrue(!c.report().stacktrace().isEmpty(), c.report().toString());
            assertEquals(Worker.Exit.class.getName(), c.report().lastMessageType());
            assertTrue(c.report().lastMessage().json().contains("crash on purpose"), c.report().lastMessage().json());
            assertEquals(sup, c.report().ancestors().get(0).pid());
        }
        assertEquals(List.of(), child(sup, "b").orElseThrow().crashes(), "b never crashed");
        assertTrue(Supervisor.report(sup).events().stream().filter(e -> e instanceof SupervisorEvent.ChildCrashed)
                .count() == 3, "the crashes are in the event history too");
    }

    @Test
    void aKilledChildIsACrashWithoutReportAndAStopByItsSupervisorOrANormalExitIsNot() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(10), worker("a"),
                worker("t").withRestart(RestartType.TRANSIENT));
        Pid a = pid(sup, "a");
        Medic.exit(a, ExitReason.KILLED);
        awaitNewPid(sup, "a", a);
        SupervisorEvent.ChildCrashed killed = child(sup, "a").orElseThrow().crashes().get(0);
        assertEquals(ExitReason.KILLED, killed.reason());
        assertNull(killed.report(), "a killed process runs none of its code: no crash report, as in OTP");

        makeExit(pid(sup, "t"), ExitReason.NORMAL);
        Await.until("t to have exited", () -> child(sup, "t").orElseThrow().pid() == null);
        Supervisor.terminateChild(sup, "a");
        assertEquals(List.of(), child(sup, "t").orElseThrow().crashes());
        assertEquals(1, child(sup, "a").orElseThrow().crashes().size(), "terminateChild is no crash");
        List<String> types = Supervisor.report(sup).events().stream().map(SupervisorEvent::type).toList();
        assertEquals(List.of("child_started", "child_started", "child_crashed", "child_started", "child_terminated",
                "child_terminated"), types);
    }

    @Test
    void everyEventCarriesItsOwnTagAndRefusesAnother() {
        Instant t = Instant.EPOCH;
        assertEquals("child_started", new SupervisorEvent.ChildStarted(t, "a", null, 0).type());
        assertEquals("child_terminated", new SupervisorEvent.ChildTerminated(t, "a", null, ExitReason.NORMAL).type());
        assertEquals("child_crashed", new SupervisorEvent.ChildCrashed(t, "a", null, ExitReason.KILLED, 0, null).type());
        assertEquals("start_error", new SupervisorEvent.StartError(t, "a", ExitReason.KILLED).type());
        assertEquals("shutdown_error", new SupervisorEvent.ShutdownError(t, "a", null, "x").type());
        assertEquals("intensity_reached", new SupervisorEvent.IntensityReached(t, 2, 1, SupervisorFlags.DEFAULT_PERIOD).type());
        assertEquals("auto_shutdown", new SupervisorEvent.AutoShutdownTriggered(t, "a", null, AutoShutdown.ANY_SIGNIFICANT).type());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SupervisorEvent.ChildStarted("child_crashed", t, "a", null, 0));
        assertEquals("type: bad value child_crashed, expected child_started", e.getMessage());
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crash on purpose")
    void theHistoryIsBoundedPerChildAndPerSupervisor() {
        try (Node small = Node.start("crash-history-bounds", ConfigFactory.parseString(
                "medic.supervision.crash-history { per-child = 2, per-supervisor = 3 }"))) {
            Pid sup = Supervisor.startSync(small, SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(100),
                    worker("a"), worker("b")), SpawnOptions.DEFAULT, T);
            List<Pid> crashedA = new ArrayList<>();
            Pid a = pid(sup, "a");
            for (int i = 0; i < 4; i++) {
                crashedA.add(a);
                crash(a);
                a = awaitNewPid(sup, "a", a);
            }
            List<SupervisorEvent.ChildCrashed> ofA = child(sup, "a").orElseThrow().crashes();
            assertEquals(List.of(crashedA.get(3), crashedA.get(2)), ofA.stream().map(SupervisorEvent.ChildCrashed::pid).toList(),
                    "the last two of a's four crashes");
            Pid b = pid(sup, "b");
            crash(b);
            Pid b2 = awaitNewPid(sup, "b", b);
            crash(b2);
            awaitNewPid(sup, "b", b2);
            // five crashes kept at most two per child, three in all: the oldest of all (a's) went first
            assertEquals(List.of(crashedA.get(3)), child(sup, "a").orElseThrow().crashes().stream()
                    .map(SupervisorEvent.ChildCrashed::pid).toList());
            assertEquals(List.of(b2, b), child(sup, "b").orElseThrow().crashes().stream()
                    .map(SupervisorEvent.ChildCrashed::pid).toList());
        }
    }
}
