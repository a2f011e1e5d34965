package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Stopping children (OTP {@code shutdown/2}, {@code terminate_children/2},
 * {@code terminate_dynamic_children/1}): newest first; {@code timeout} asks (terminate runs) then kills;
 * {@code brutal_kill} kills (terminate does not run); {@code infinity} waits. Medic's contract for a
 * child stuck in a handler, which the JVM cannot pre-empt: the supervisor gives up on it
 * {@code kill-grace} after killing it, reports it, and finishes.
 */
class ShutdownTest extends SupervisionTestSupport {

    private static final Duration SHORT = Duration.ofMillis(300);

    private static Duration timed(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    private static void stop(Pid sup) {
        Await.result(GenServer.stop(sup, ExitReason.SHUTDOWN, Duration.ofSeconds(30)), Duration.ofSeconds(31));
    }

    @Test
    void theSupervisorStopsItsChildrenNewestFirstDepthFirstRunningTheirTerminate() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"),
                ChildSpec.supervisor("sub", SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("b1"), worker("b2"))),
                worker("c"), worker("d"));
        int mark = journal.mark();
        stop(sup);
        assertEquals(List.of("terminate:d:shutdown", "terminate:c:shutdown", "terminate:b2:shutdown",
                "terminate:b1:shutdown", "terminate:a:shutdown"), journal.since(mark));
    }

    @Test
    void brutalKillDoesNotRunTerminate() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"),
                worker("k").withShutdown(Shutdown.brutalKill()), worker("k2").withShutdown(Shutdown.brutalKill()));
        Pid k = pid(sup, "k");
        int mark = journal.mark();

        Supervisor.terminateChild(sup, "k");
        assertEquals(ExitReason.KILLED, k.exitReason().orElseThrow());
        assertEquals(ChildStatus.UNDEFINED, child(sup, "k").orElseThrow().status());
        assertEquals(List.of(), journal.since(mark), "terminate did not run");

        Pid k2 = pid(sup, "k2");
        stop(sup);
        assertEquals(ExitReason.KILLED, k2.exitReason().orElseThrow());
        assertEquals(List.of("terminate:a:shutdown"), journal.since(mark));
    }

    @Test
    void aTimeoutShutdownAsksTheChildToStopAndItsTerminateRunsWithShutdown() {
        CountDownLatch slow = new CountDownLatch(1);
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a", Worker.Script.DEFAULT.onTerminate((id, r) ->
                slow.await(100, TimeUnit.MILLISECONDS))).withShutdown(Shutdown.timeout(Duration.ofSeconds(5))));
        Pid a = pid(sup, "a");
        Supervisor.terminateChild(sup, "a");
        assertEquals(List.of("terminate:a:shutdown"), journal.of("terminate"));
        assertEquals(ExitReason.SHUTDOWN, a.exitReason().orElseThrow());
        assertTrue(Supervisor.report(sup).events().stream().noneMatch(e -> e instanceof SupervisorEvent.ShutdownError),
                "a child that stops within its timeout is not a shutdown error");
    }

    @Test
    void aChildThatIgnoresTheStopRequestIsKilledAfterItsTimeout() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"),
                worker("x", Worker.Script.DEFAULT.ignoringExit()).withShutdown(Shutdown.timeout(SHORT)));
        Pid x = pid(sup, "x");

        Duration took = timed(() -> Supervisor.terminateChild(sup, "x"));

        assertTrue(took.compareTo(SHORT) >= 0, "waited the timeout: " + took);
        assertTrue(took.compareTo(SHORT.plus(Duration.ofSeconds(2))) < 0, "then killed: " + took);
        assertEquals(List.of("exit-ignored:x"), journal.of("exit-ignored", "terminate"), "asked once, no terminate after the kill");
        assertEquals(ExitReason.KILLED, x.exitReason().orElseThrow());
        List<SupervisorEvent> events = Supervisor.report(sup).events();
        SupervisorEvent.ShutdownError error = events.stream().filter(e -> e instanceof SupervisorEvent.ShutdownError)
                .map(e -> (SupervisorEvent.ShutdownError) e).findFirst().orElseThrow(() -> new AssertionError(events.toString()));
        assertEquals("x", error.childId());
        assertEquals(x, error.pid());
        assertEquals("did not stop within its shutdown timeout of 300ms: killed", error.detail());
        SupervisorEvent.ChildTerminated terminated = assertInstanceOf(SupervisorEvent.ChildTerminated.class,
                events.get(events.size() - 1));
        assertEquals(ExitReason.KILLED, terminated.reason());
        assertEquals(ChildStatus.UNDEFINED, child(sup, "x").orElseThrow().status(), "the spec is kept");
    }

    @Test
    void aSupervisorWithAChildThatIgnoresTheStopRequestStillStops() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"),
                worker("x", Worker.Script.DEFAULT.ignoringExit()).withShutdown(Shutdown.timeout(SHORT)), worker("c"));
        Pid x = pid(sup, "x");
        int mark = journal.mark();
        stop(sup);
        assertEquals(List.of("terminate:c:shutdown", "exit-ignored:x", "terminate:a:shutdown"), journal.since(mark));
        assertEquals(ExitReason.KILLED, x.exitReason().orElseThrow());
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "is stuck in a handler")
    void aChildStuckInAHandlerIsAbandonedAfterTimeoutPlusKillGraceAndTheSupervisorGoesOn() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = gate(); // opened only after the test
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"),
                worker("hung").withShutdown(Shutdown.timeout(SHORT)).withName("hung-worker"));
        Pid hung = pid(sup, "hung");
        assertEquals(hung, node.whereis("hung-worker").orElseThrow());
        GenServer.cast(hung, new Worker.Hang(entered, never));
        awaitLatch(entered);

        Duration took = timed(() -> Supervisor.terminateChild(sup, "hung"));

        assertTrue(took.compareTo(SHORT.plus(KILL_GRACE)) >= 0, "timeout, kill, grace: " + took);
        assertTrue(took.compareTo(SHORT.plus(KILL_GRACE).plus(Duration.ofSeconds(2))) < 0, took.toString());
        assertTrue(hung.isAlive(), "the JVM cannot pre-empt it: it is still in its handler");
        assertTrue(node.whereis("hung-worker").isEmpty(), "its name is released");
        List<String> errors = Supervisor.report(sup).events().stream()
                .filter(e -> e instanceof SupervisorEvent.ShutdownError)
                .map(e -> ((SupervisorEvent.ShutdownError) e).detail()).collect(Collectors.toList());
        assertEquals(List.of("did not stop within its shutdown timeout of 300ms: killed",
                "still inside a handler 300 ms after being killed: abandoned (it stops when its handler returns)"), errors);
        ChildInfo info = child(sup, "hung").orElseThrow();
        assertNull(info.pid());
        assertEquals(ChildStatus.UNDEFINED, info.status());

        // the supervisor is not stuck: it restarts the child under its name and answers calls
        Pid fresh = Supervisor.restartChild(sup, "hung");
        assertEquals(fresh, node.whereis("hung-worker").orElseThrow());
        assertEquals("pong", GenServer.call(fresh, Worker.PING));

        never.countDown();
        assertEquals(ExitReason.KILLED, awaitExit(hung), "it stops, killed, once its handler returns");
        assertFalse(journal.of("terminate").contains("terminate:hung:shutdown"), "without running terminate");
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "is stuck in a handler")
    void aChildStuckInAHandlerNeverHangsTheSupervisorsShutdown() {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch never = gate();
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"),
                worker("hung").withShutdown(Shutdown.timeout(SHORT)), worker("c"));
        Pid hung = pid(sup, "hung");
        GenServer.cast(hung, new Worker.Hang(entered, never));
        awaitLatch(entered);
        int mark = journal.mark();

        Duration took = timed(() -> stop(sup));

        assertTrue(took.compareTo(SHORT.plus(KILL_GRACE).plus(Duration.ofSeconds(2))) < 0, "stopped in " + took);
        assertFalse(sup.isAlive());
        assertTrue(hung.isAlive(), "abandoned, still in its handler");
        assertEquals(List.of("terminate:c:shutdown", "terminate:a:shutdown"), journal.since(mark),
                "the others stopped in order around it");
        never.countDown();
        assertEquals(ExitReason.KILLED, awaitExit(hung));
    }

    @Test
    void infinityWaitsForTheChildHoweverLongItTakes() throws Exception {
        CountDownLatch hold = gate();
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(),
                worker("slow", Worker.Script.DEFAULT.terminateGate(hold)).withShutdown(Shutdown.infinity()));
        CompletableFuture<ExitReason> stopped = GenServer.stop(sup, ExitReason.SHUTDOWN, Duration.ofSeconds(30))
                .toCompletableFuture();
        journal.await("terminate:slow:shutdown");
        Duration longerThanAnyKill = SHORT.plus(KILL_GRACE).multipliedBy(2);
        assertThrows(TimeoutException.class, () -> stopped.get(longerThanAnyKill.toMillis(), TimeUnit.MILLISECONDS),
                "no kill with infinity");
        hold.countDown();
        assertEquals(ExitReason.SHUTDOWN, stopped.get(10, TimeUnit.SECONDS));
    }

    /**
     * OTP's terminate_dynamic_children: all children of a simple_one_for_one supervisor are asked at once.
     * Each child's terminate waits until all of them are terminating; stopped one by one, the first would
     * wait alone for 3 s.
     */
    @Test
    void simpleOneForOneChildrenAreStoppedInParallel() {
        int n = 4;
        CountDownLatch allTerminating = new CountDownLatch(n);
        Worker.Script script = Worker.Script.DEFAULT.onTerminate((id, r) -> {
            allTerminating.countDown();
            boolean together = allTerminating.await(3, TimeUnit.SECONDS);
            journal.add((together ? "together:" : "alone:") + id);
        });
        Pid sup = startSupervisor(SupervisorSpec.of(SupervisorFlags.simpleOneForOne(),
                Worker.template(journal, "w", script).withShutdown(Shutdown.timeout(Duration.ofSeconds(10)))));
        List<Pid> kids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            kids.add(Supervisor.startChild(sup, List.<Object>of("w" + i)));
        }

        Duration took = timed(() -> stop(sup));

        assertEquals(List.of("together:w0", "together:w1", "together:w2", "together:w3"),
                journal.of("together", "alone").stream().sorted().collect(Collectors.toList()));
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "stopped in " + took);
        kids.forEach(k -> assertEquals(ExitReason.SHUTDOWN, k.exitReason().orElseThrow()));
    }

    @Test
    void aSimpleOneForOneChildIgnoringTheStopIsKilledAfterTheTimeoutWhileTheOthersStop() {
        Pid sup = startSupervisor(SupervisorSpec.of(SupervisorFlags.simpleOneForOne(),
                Worker.template(journal, "w", Worker.Script.DEFAULT.ignoringExit()).withShutdown(Shutdown.timeout(SHORT))));
        Pid a = Supervisor.startChild(sup, List.<Object>of("a"));
        Pid b = Supervisor.startChild(sup, List.<Object>of("b"));
        Duration took = timed(() -> stop(sup));
        assertTrue(took.compareTo(SHORT) >= 0 && took.compareTo(SHORT.plus(Duration.ofSeconds(2))) < 0, took.toString());
        assertEquals(ExitReason.KILLED, a.exitReason().orElseThrow());
        assertEquals(ExitReason.KILLED, b.exitReason().orElseThrow());
    }

    /**
     * OTP's supervisor handles its parent's exit signal only after the operation it is in: a stop
     * requested while a restart waits for a child's init runs once that init is done, and then stops
     * every child, the restarted one included, newest first.
     */
    @Test
    void aStopRequestedDuringARestartWaitsForItThenStopsEveryChildInOrder() {
        CountDownLatch secondInit = gate();
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(5), worker("a"),
                worker("b", Worker.Script.DEFAULT.initGate(n -> n == 2 ? secondInit : null)), worker("c"));
        crash(pid(sup, "b"));
        journal.awaitCount("init-begin:b", 2);
        CompletableFuture<ExitReason> stopped = GenServer.stop(sup, ExitReason.SHUTDOWN, Duration.ofSeconds(30))
                .toCompletableFuture();
        int mark = journal.mark();
        assertFalse(stopped.isDone());
        secondInit.countDown();
        assertEquals(ExitReason.SHUTDOWN, Await.result(stopped));
        assertEquals(List.of("init:b", "terminate:c:shutdown", "terminate:b:shutdown", "terminate:a:shutdown"),
                journal.since(mark, "init", "terminate"));
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "latch not reached");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
