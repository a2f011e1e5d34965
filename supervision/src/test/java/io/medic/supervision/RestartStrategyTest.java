package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.Spawned;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The three static strategies (OTP {@code supervisor:restart/2}): which children are stopped, in which
 * order, and which are started again, in which order. Four permanent workers a, b, c, d; b crashes.
 */
class RestartStrategyTest extends SupervisionTestSupport {

    private static final List<String> IDS = List.of("a", "b", "c", "d");

    private Pid startFour(Strategy strategy) {
        return startSupervisor(SupervisorFlags.of(strategy).withIntensity(10).withPeriod(Duration.ofHours(1))
                .withTicker(new FakeTicker()), worker("a"), worker("b"), worker("c"), worker("d"));
    }

    private static Map<String, Pid> pids(Pid sup) {
        Map<String, Pid> out = new HashMap<>();
        children(sup).forEach(c -> out.put(c.id(), c.pid()));
        return out;
    }

    /** Waits until every child in {@code restarted} runs with a new pid, and returns all pids. */
    private static Map<String, Pid> awaitRestarted(Pid sup, Map<String, Pid> before, List<String> restarted) {
        for (String id : restarted) {
            awaitNewPid(sup, id, before.get(id));
        }
        return pids(sup);
    }

    @Test
    void oneForOneRestartsOnlyTheFailedChild() {
        Pid sup = startFour(Strategy.ONE_FOR_ONE);
        Map<String, Pid> before = pids(sup);
        int mark = journal.mark();

        crash(before.get("b"));
        Map<String, Pid> after = awaitRestarted(sup, before, List.of("b"));

        assertEquals(List.of("terminate:b:exception", "init:b"), journal.since(mark, "init", "terminate"));
        assertNotEquals(before.get("b"), after.get("b"));
        assertFalse(before.get("b").isAlive());
        for (String id : List.of("a", "c", "d")) {
            assertEquals(before.get(id), after.get(id), "sibling " + id + " keeps its pid");
            assertTrue(after.get(id).isAlive());
        }
        assertEquals(IDS, ids(sup), "which_children keeps start order");
        assertEquals(1, child(sup, "b").orElseThrow().restarts());
        assertEquals(0, child(sup, "a").orElseThrow().restarts());
        assertEquals(1, after.get("b").entry().restarts(), "the process table shows the restart count");
        assertEquals(new ChildCounts(4, 4, 0, 4), Supervisor.countChildren(sup));
    }

    @Test
    void oneForAllRestartsEveryChildWithNewPidsStoppingInReverseAndStartingInOrder() {
        Pid sup = startFour(Strategy.ONE_FOR_ALL);
        Map<String, Pid> before = pids(sup);
        int mark = journal.mark();

        crash(before.get("b"));
        Map<String, Pid> after = awaitRestarted(sup, before, IDS);

        assertEquals(List.of(
                "terminate:b:exception",
                // the others stop newest first...
                "terminate:d:shutdown", "terminate:c:shutdown", "terminate:a:shutdown",
                // ...then all start again in start order
                "init:a", "init:b", "init:c", "init:d"), journal.since(mark, "init", "terminate"));
        for (String id : IDS) {
            assertNotEquals(before.get(id), after.get(id), id + " has a new pid");
            assertFalse(before.get(id).isAlive(), "old " + id + " is dead");
            assertTrue(node.processes().byNumber(before.get(id).number()).isEmpty(), "old " + id + " left the table");
            assertTrue(after.get(id).isAlive());
            assertEquals(1, child(sup, id).orElseThrow().restarts(), id + " counts one restart");
        }
        assertEquals(IDS, ids(sup));
        assertEquals(new ChildCounts(4, 4, 0, 4), Supervisor.countChildren(sup));
    }

    @Test
    void restForOneRestartsTheFailedChildAndTheLaterOnesInOrder() {
        Pid sup = startFour(Strategy.REST_FOR_ONE);
        Map<String, Pid> before = pids(sup);
        int mark = journal.mark();

        crash(before.get("b"));
        Map<String, Pid> after = awaitRestarted(sup, before, List.of("b", "c", "d"));

        assertEquals(List.of(
                "terminate:b:exception",
                "terminate:d:shutdown", "terminate:c:shutdown",
                "init:b", "init:c", "init:d"), journal.since(mark, "init", "terminate"));
        assertEquals(before.get("a"), after.get("a"), "a, started before b, is untouched");
        assertTrue(after.get("a").isAlive());
        for (String id : List.of("b", "c", "d")) {
            assertNotEquals(before.get(id), after.get(id));
            assertFalse(before.get(id).isAlive());
        }
        assertEquals(IDS, ids(sup));
    }

    @Test
    void restForOneWithTheLastChildFailingRestartsOnlyIt() {
        Pid sup = startFour(Strategy.REST_FOR_ONE);
        Map<String, Pid> before = pids(sup);
        int mark = journal.mark();

        crash(before.get("d"));
        Map<String, Pid> after = awaitRestarted(sup, before, List.of("d"));

        assertEquals(List.of("terminate:d:exception", "init:d"), journal.since(mark, "init", "terminate"));
        for (String id : List.of("a", "b", "c")) {
            assertEquals(before.get(id), after.get(id));
        }
    }

    /** Temporary bystanders of a group restart are stopped, not restarted, and their specs removed. */
    @Test
    void oneForAllStopsTemporaryBystandersWithoutRestartingThem() {
        Pid sup = startSupervisor(SupervisorFlags.oneForAll().withIntensity(10), worker("a"),
                temporary("t1"), worker("x"), temporary("t2"));
        Map<String, Pid> before = pids(sup);
        int mark = journal.mark();

        crash(before.get("x"));
        awaitRestarted(sup, before, List.of("a", "x"));

        assertEquals(List.of(
                "terminate:x:exception",
                "terminate:t2:shutdown", "terminate:t1:shutdown", "terminate:a:shutdown",
                "init:a", "init:x"), journal.since(mark, "init", "terminate"));
        assertEquals(List.of("a", "x"), ids(sup), "temporary specs removed");
        assertFalse(before.get("t1").isAlive());
        assertFalse(before.get("t2").isAlive());
        assertEquals(new ChildCounts(2, 2, 0, 2), Supervisor.countChildren(sup));
    }

    @Test
    void restForOneStopsLaterTemporaryBystandersAndLeavesEarlierOnesAlone() {
        Pid sup = startSupervisor(SupervisorFlags.restForOne().withIntensity(10), worker("a"),
                temporary("t1"), worker("x"), temporary("t2"), worker("z"));
        Map<String, Pid> before = pids(sup);
        int mark = journal.mark();

        crash(before.get("x"));
        Map<String, Pid> after = awaitRestarted(sup, before, List.of("x", "z"));

        assertEquals(List.of(
                "terminate:x:exception",
                "terminate:z:shutdown", "terminate:t2:shutdown",
                "init:x", "init:z"), journal.since(mark, "init", "terminate"));
        assertEquals(List.of("a", "t1", "x", "z"), ids(sup), "t2 removed; t1, before x, kept");
        assertEquals(before.get("t1"), after.get("t1"), "t1 untouched");
        assertEquals(before.get("a"), after.get("a"));
        assertFalse(before.get("t2").isAlive());
    }

    @Test
    void oneForOneDoesNotTouchTemporarySiblings() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(10), temporary("t1"), worker("x"));
        Map<String, Pid> before = pids(sup);

        crash(before.get("x"));
        Map<String, Pid> after = awaitRestarted(sup, before, List.of("x"));

        assertEquals(before.get("t1"), after.get("t1"));
        assertEquals(List.of("t1", "x"), ids(sup));
    }

    /** OTP restarts every non-temporary child in a group restart, also one that had been terminated by hand. */
    @Test
    void oneForAllAlsoStartsAChildThatWasTerminatedByHand() {
        Pid sup = startFour(Strategy.ONE_FOR_ALL);
        Supervisor.terminateChild(sup, "c");
        assertEquals(ChildStatus.UNDEFINED, child(sup, "c").orElseThrow().status());
        Map<String, Pid> before = pids(sup);
        int mark = journal.mark();

        crash(before.get("b"));
        awaitRestarted(sup, before, IDS);

        assertEquals(List.of(
                "terminate:b:exception", "terminate:d:shutdown", "terminate:a:shutdown",
                "init:a", "init:b", "init:c", "init:d"), journal.since(mark, "init", "terminate"));
    }

    /**
     * A child that dies right after acknowledging its start, before the supervisor has handled the ack:
     * its exit must not be lost (OTP's supervisor gets the ack, then the EXIT, in that order). The start
     * function waits, on the supervisor's thread, until the first incarnation has started and stopped.
     */
    @Test
    void aChildThatExitsRightAfterAcknowledgingItsStartIsStillRestarted() {
        AtomicInteger starts = new AtomicInteger();
        ChildStart start = (parent, options, args) -> {
            Spawned<Object> s = GenServer.spawn(parent, new Worker(journal, "quick", Worker.Script.DEFAULT), options);
            if (starts.incrementAndGet() == 1) {
                Await.result(s.initialized());
                Await.result(GenServer.stop(s.pid(), ExitReason.custom("gone early"), T));
            }
            return s;
        };
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(10), ChildSpec.of("quick", start));
        Await.until(() -> "quick to be restarted: " + children(sup) + " " + journal,
                () -> journal.count("init:quick") == 2 && child(sup, "quick").map(ChildInfo::pid)
                        .map(Pid::isAlive).orElse(false)); // no pid while the restart's ack is on its way
        ChildInfo quick = child(sup, "quick").orElseThrow();
        assertEquals(1, quick.restarts());
        assertEquals(List.of("init:quick", "terminate:quick:custom", "init:quick"), journal.of("init", "terminate"));
    }

    @Test
    void aRegisteredChildIsRegisteredAgainUnderItsNameWhenRestarted() {
        Pid sup = startSupervisor(SupervisorFlags.oneForAll().withIntensity(5), worker("a").withName("alpha"),
                worker("b").withName("beta"));
        Pid a0 = node.whereis("alpha").orElseThrow();
        Pid b0 = node.whereis("beta").orElseThrow();
        assertEquals(a0, pid(sup, "a"));
        crash(b0);
        Pid b1 = awaitNewPid(sup, "b", b0);
        Pid a1 = awaitNewPid(sup, "a", a0);
        assertEquals(a1, node.whereis("alpha").orElseThrow());
        assertEquals(b1, node.whereis("beta").orElseThrow());
    }

    private ChildSpec temporary(String id) {
        return worker(id).withRestart(RestartType.TEMPORARY);
    }
}
