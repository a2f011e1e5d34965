package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Restart intensity (OTP {@code add_restart/1}): a sliding window of restart times across all children,
 * read from an injected ticker. Exceeding it stops the children newest first and the supervisor with
 * reason {@code shutdown}. A child whose restart fails is retried, each attempt counting.
 */
class RestartIntensityTest extends SupervisionTestSupport {

    private final FakeTicker ticker = new FakeTicker();

    private SupervisorFlags flags(int intensity, Duration period) {
        return SupervisorFlags.oneForOne().withIntensity(intensity).withPeriod(period).withTicker(ticker);
    }

    private static RestartBudget budget(Pid sup) {
        return Supervisor.report(sup).budget();
    }

    @Test
    void oneRestartPerSecondWithCrashesTwoPointOneSecondsApartKeepsTheSupervisorAlive() {
        Pid sup = startSupervisor(flags(1, Duration.ofSeconds(1)), worker("a"), worker("b"));
        Pid a = pid(sup, "a");
        Pid b = pid(sup, "b");
        for (int i = 1; i <= 20; i++) {
            ticker.advance(Duration.ofMillis(2100));
            crash(b);
            b = awaitNewPid(sup, "b", b);
            assertEquals(new RestartBudget(1, 1, Duration.ofSeconds(1)), budget(sup), "after crash " + i);
        }
        assertTrue(sup.isAlive());
        assertEquals(a, pid(sup, "a"));
        assertEquals(20, child(sup, "b").orElseThrow().restarts());
        assertEquals(21, journal.count("init:b"));
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void threeCrashesWithinTwoPerHourStopTheSupervisorWithShutdownAfterStoppingItsChildrenNewestFirst() {
        CountDownLatch holdA = gate();
        Pid sup = startSupervisor(flags(2, Duration.ofHours(1)),
                worker("a", Worker.Script.DEFAULT.terminateGate(holdA)), worker("b"), worker("c"), worker("d"));
        List<Pid> originals = List.of(pid(sup, "a"), pid(sup, "c"), pid(sup, "d"));

        Pid b = pid(sup, "b");
        crash(b);
        b = awaitNewPid(sup, "b", b);
        assertEquals(1, budget(sup).used());
        ticker.advance(Duration.ofMinutes(30));
        crash(b);
        b = awaitNewPid(sup, "b", b);
        assertEquals(new RestartBudget(2, 2, Duration.ofHours(1)), budget(sup));
        ticker.advance(Duration.ofMinutes(29));
        int mark = journal.mark();

        crash(b);
        // a blocks in terminate: the supervisor is shutting down and still answers report
        journal.await("terminate:a:shutdown");
        SupervisorReport report = Supervisor.report(sup);
        assertEquals(new RestartBudget(3, 2, Duration.ofHours(1)), report.budget(), "the third restart overflowed the window");
        List<SupervisorEvent> events = report.events();
        List<SupervisorEvent> tail = events.subList(events.size() - 4, events.size());
        assertEquals(List.of("ChildCrashed b exception", "IntensityReached", "ChildTerminated d shutdown",
                "ChildTerminated c shutdown"), tail.stream().map(SupervisionTestSupport::describe).collect(Collectors.toList()),
                "events: " + events);
        SupervisorEvent.IntensityReached reached = (SupervisorEvent.IntensityReached) tail.get(1);
        assertEquals(3, reached.restarts());
        assertEquals(2, reached.intensity());
        assertEquals(Duration.ofHours(1), reached.period());
        assertTrue(sup.isAlive(), "still stopping its children");

        holdA.countDown();
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
        assertEquals(List.of("terminate:b:exception", "terminate:d:shutdown", "terminate:c:shutdown",
                "terminate:a:shutdown"), journal.since(mark, "init", "terminate"), "no restart; the rest stopped newest first");
        originals.forEach(p -> assertFalse(p.isAlive(), p + " stopped"));
    }

    @Test
    void theWindowSlidesAndUsedCountsOnlyRestartsWithinIt() {
        Pid sup = startSupervisor(flags(5, Duration.ofSeconds(2)), worker("a"));
        Pid a = pid(sup, "a");
        crash(a);
        a = awaitNewPid(sup, "a", a);
        ticker.advance(Duration.ofMillis(1500));
        crash(a);
        a = awaitNewPid(sup, "a", a);
        assertEquals(2, budget(sup).used(), "at 1.5 s: both restarts in the last 2 s");
        ticker.advance(Duration.ofMillis(700));
        assertEquals(1, budget(sup).used(), "at 2.2 s: the first restart left the window");
        ticker.advance(Duration.ofMillis(1400));
        assertEquals(0, budget(sup).used(), "at 3.6 s: none left");
    }

    /**
     * supervisor.erl keeps a restart while {@code R >= Now - Period}: one exactly a period old still
     * counts; one a moment older does not.
     */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void aRestartExactlyOnePeriodOldStillCountsAsInOtp() {
        Pid sup = startSupervisor(flags(1, Duration.ofSeconds(10)), worker("a"));
        Pid a = pid(sup, "a");
        crash(a);
        a = awaitNewPid(sup, "a", a);
        ticker.advance(Duration.ofSeconds(10).plusNanos(1));
        assertEquals(0, budget(sup).used(), "older than the period: out");
        crash(a);
        a = awaitNewPid(sup, "a", a);

        ticker.advance(Duration.ofSeconds(10));
        assertEquals(1, budget(sup).used(), "exactly one period old: still in the window");
        crash(a);
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup), "the second restart within 10 s (inclusive) is one too many");
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void intensityZeroStopsTheSupervisorAtTheFirstRestart() {
        Pid sup = startSupervisor(flags(0, Duration.ofSeconds(5)), worker("a"), worker("b"));
        int mark = journal.mark();
        crash(pid(sup, "b"));
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
        assertEquals(List.of("terminate:b:exception", "terminate:a:shutdown"), journal.since(mark, "init", "terminate"));
    }

    @Test
    void exitsThatNeedNoRestartDoNotCountAgainstTheIntensity() {
        Pid sup = startSupervisor(flags(0, Duration.ofHours(1)),
                worker("t").withRestart(RestartType.TRANSIENT), worker("tmp").withRestart(RestartType.TEMPORARY));
        makeExit(pid(sup, "t"), ExitReason.NORMAL);
        crash(pid(sup, "tmp"));
        Await.until(() -> "t undefined and tmp gone: " + children(sup), () -> {
            List<ChildInfo> c = children(sup);
            return c.size() == 1 && c.get(0).pid() == null;
        });
        assertTrue(sup.isAlive());
        assertEquals(0, budget(sup).used());
    }

    /** OTP's try_again_restart: a failed restart is retried, every attempt counting against the budget. */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void aChildWhoseRestartKeepsFailingIsRetriedWithinTheBudgetThenTheSupervisorShutsDown() {
        CountDownLatch holdA = gate();
        Pid sup = startSupervisor(flags(5, Duration.ofHours(1)),
                worker("a", Worker.Script.DEFAULT.terminateGate(holdA)),
                worker("b", Worker.Script.DEFAULT.plan(attempt -> attempt == 1 ? Worker.InitMode.OK : Worker.InitMode.THROW)));
        crash(pid(sup, "b"));

        journal.await("terminate:a:shutdown");
        assertEquals(6, journal.count("init-begin:b"), "the first start plus 5 restart attempts");
        assertEquals(5, journal.count("init-failed:b"));
        SupervisorReport report = Supervisor.report(sup);
        List<SupervisorEvent> events = report.events();
        List<SupervisorEvent> startErrors = events.stream().filter(e -> e instanceof SupervisorEvent.StartError)
                .collect(Collectors.toList());
        assertEquals(5, startErrors.size(), "one start error per failed attempt: " + events);
        startErrors.forEach(e -> {
            SupervisorEvent.StartError se = (SupervisorEvent.StartError) e;
            assertEquals("b", se.childId());
            assertInstanceOf(ExitReason.Exception.class, se.reason());
        });
        assertInstanceOf(SupervisorEvent.IntensityReached.class, events.get(events.size() - 1));
        assertEquals(6, report.budget().used());

        holdA.countDown();
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void aChildWhoseRestartFailsTwiceThenSucceedsRunsAgainWithinTheBudget() {
        Pid sup = startSupervisor(flags(5, Duration.ofHours(1)), worker("a"),
                worker("b", Worker.Script.DEFAULT.plan(attempt -> attempt == 2 || attempt == 3
                        ? Worker.InitMode.STOP : Worker.InitMode.OK)));
        Pid b = pid(sup, "b");
        crash(b);
        b = awaitNewPid(sup, "b", b);
        assertEquals(4, journal.count("init-begin:b"));
        assertEquals(2, journal.count("init-failed:b"));
        assertEquals(3, budget(sup).used(), "every attempt counted");
        assertEquals(3, child(sup, "b").orElseThrow().restarts());
        assertTrue(sup.isAlive());
    }

    /** In a one_for_all group, a failed restart is retried as a whole group restart. */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void oneForAllRetriesTheWholeGroupWhenARestartFails() {
        Pid sup = startSupervisor(SupervisorFlags.oneForAll().withIntensity(5).withPeriod(Duration.ofHours(1))
                        .withTicker(ticker), worker("a"),
                worker("b", Worker.Script.DEFAULT.plan(attempt -> attempt == 2 ? Worker.InitMode.THROW : Worker.InitMode.OK)),
                worker("c"));
        Pid c = pid(sup, "c");
        int mark = journal.mark();
        crash(c);
        awaitNewPid(sup, "c", c);
        assertEquals(List.of(
                "terminate:c:exception", "terminate:b:shutdown", "terminate:a:shutdown",
                "init:a", // b fails to start: the attempt stops, and is retried from scratch
                "terminate:a:shutdown",
                "init:a", "init:b", "init:c"), journal.since(mark, "init", "terminate"));
        assertEquals(2, budget(sup).used());
    }
}
