package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.supervision.SupervisorException.Error;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * start_child, terminate_child, restart_child, delete_child, which_children and count_children, with
 * every one of OTP's error results, asserting the error and its message.
 */
class DynamicChildrenTest extends SupervisionTestSupport {

    private Pid oneForOne(ChildSpec... children) {
        return startSupervisor(SupervisorFlags.oneForOne().withIntensity(10).withTicker(new FakeTicker()), children);
    }

    private Pid simple(Worker.Script script) {
        return startSupervisor(SupervisorSpec.of(SupervisorFlags.simpleOneForOne(), Worker.template(journal, "w", script)));
    }

    // ------------------------------------------------------------------ start_child

    @Test
    void startChildAddsTheChildAfterTheOthersAndReturnsItsPid() {
        Pid sup = oneForOne(worker("a"));
        Pid b = Supervisor.startChild(sup, worker("b"));
        Pid c = Supervisor.startChild(sup, worker("c").withRestart(RestartType.TEMPORARY));
        assertEquals(List.of("a", "b", "c"), ids(sup));
        assertEquals(b, pid(sup, "b"));
        assertEquals(c, pid(sup, "c"));
        assertEquals(List.of("init:a", "init:b", "init:c"), journal.of("init"));
        assertEquals(sup, b.entry().parent().orElseThrow(), "the child is the supervisor's");
        assertEquals(new ChildCounts(3, 3, 0, 3), Supervisor.countChildren(sup));
        int mark = journal.mark();
        GenServer.stop(sup, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
        assertEquals(List.of("terminate:c:shutdown", "terminate:b:shutdown", "terminate:a:shutdown"), journal.since(mark),
                "dynamically added children stop newest first too");
    }

    @Test
    void startChildOfARunningIdIsAlreadyStartedWithItsPid() {
        Pid sup = oneForOne(worker("a"));
        Pid a = pid(sup, "a");
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, worker("a")));
        assertEquals(Error.ALREADY_STARTED, e.error());
        assertEquals(a, e.pid());
        assertEquals("already_started", e.code());
        assertEquals("child 'a' is already started as " + a + " under " + sup, e.getMessage());
        assertEquals(1, journal.count("init-begin:a"), "nothing was started");
    }

    @Test
    void startChildOfAKeptIdWithoutProcessIsAlreadyPresent() {
        Pid sup = oneForOne(worker("a"));
        Supervisor.terminateChild(sup, "a");
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, worker("a")));
        assertEquals(Error.ALREADY_PRESENT, e.error());
        assertEquals("child 'a' is already present under " + sup + " (not running): restart or delete it", e.getMessage());
    }

    /** OTP's handle_start_child: a start function answering {already_started, Pid} (its name is taken). */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void startChildWhoseNameIsTakenIsAlreadyStartedWithTheHolder() {
        Pid sup = oneForOne(worker("a").withName("the-name"));
        Pid holder = pid(sup, "a");
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, worker("b").withName("the-name")));
        assertEquals(Error.ALREADY_STARTED, e.error());
        assertEquals(holder, e.pid());
        assertTrue(e.getMessage().contains("the-name") && e.getMessage().contains(holder.toString()), e.getMessage());
        assertEquals(List.of("a"), ids(sup), "the spec is not kept");
    }

    @Test
    void startChildWithAnInvalidSpecListsEveryBadFieldAndStartsNothing() {
        Pid sup = oneForOne(worker("a"));
        int table = node.processes().size();
        ChildSpec bad = ChildSpec.of(" ", null).withRestart(null).withType(null)
                .withShutdown(Shutdown.timeout(Duration.ofSeconds(-1))).withName("<0.1.0>");
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, bad));
        assertEquals(Error.INVALID_SPEC, e.error());
        assertEquals("invalid child spec: "
                + "child ' ': id: bad value ' ', expected a non-blank string; "
                + "child ' ': start: bad value null, expected a ChildStart (e.g. ChildStart.genServer(MyServer::new)); "
                + "child ' ': restart: bad value null, expected PERMANENT, TRANSIENT or TEMPORARY; "
                + "child ' ': type: bad value null, expected WORKER or SUPERVISOR; "
                + "child ' ': shutdown: bad value PT-1S, expected a timeout of 0 or more, brutalKill() or infinity(); "
                + "child ' ': name: bad value '<0.1.0>', a name cannot start with '<' or '/' (those are pid and path forms)",
                e.getMessage());
        assertEquals(table, node.processes().size());
        assertEquals(List.of("a"), ids(sup));
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void startChildWhoseInitThrowsIsStartFailedAndItsSpecIsNotKept() {
        Pid sup = oneForOne(worker("a"));
        ChildSpec x = worker("x", Worker.Script.DEFAULT.plan(n -> n == 1 ? Worker.InitMode.THROW : Worker.InitMode.OK));
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, x));
        assertEquals(Error.START_FAILED, e.error());
        assertEquals("child 'x' failed to start: {exception, java.lang.IllegalStateException: init of x failed on attempt 1}",
                e.getMessage());
        ExitReason.Exception reason = assertInstanceOf(ExitReason.Exception.class, e.reason());
        assertEquals("init of x failed on attempt 1", reason.cause().getMessage());
        assertEquals(List.of("a"), ids(sup), "OTP discards the spec of a child that failed to start");
        assertTrue(sup.isAlive(), "a failed start_child does not hurt the supervisor");
        assertEquals(0, Supervisor.report(sup).budget().used(), "nor count as a restart");

        Pid started = Supervisor.startChild(sup, x);
        assertEquals(started, pid(sup, "x"), "the id is free again");
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void startChildWhoseInitReturnsStopIsStartFailedWithItsReason() {
        Pid sup = oneForOne();
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup,
                worker("x", Worker.Script.DEFAULT.init(Worker.InitMode.STOP))));
        assertEquals(Error.START_FAILED, e.error());
        assertEquals(ExitReason.custom("init of x refused"), e.reason());
        assertEquals("child 'x' failed to start: init of x refused", e.getMessage());
        assertEquals(List.of(), ids(sup));
    }

    @Test
    void startChildThatIgnoresReturnsNullKeepingAPermanentSpecAndDroppingATemporaryOne() {
        Pid sup = oneForOne();
        Worker.Script ignoring = Worker.Script.DEFAULT.init(Worker.InitMode.IGNORE);
        assertNull(Supervisor.startChild(sup, worker("p", ignoring)));
        assertNull(Supervisor.startChild(sup, worker("t", ignoring).withRestart(RestartType.TEMPORARY)));
        assertEquals(List.of("p"), ids(sup));
        assertEquals(ChildStatus.UNDEFINED, child(sup, "p").orElseThrow().status());
    }

    // ------------------------------------------------------------------ terminate_child

    @Test
    void terminateChildThenRestartChildGivesANewPidAndDeleteChildRemovesTheSpec() {
        Pid sup = oneForOne(worker("a"), worker("b"));
        Pid a0 = pid(sup, "a");
        int mark = journal.mark();

        Supervisor.terminateChild(sup, "a");
        assertFalse(a0.isAlive());
        assertEquals(ExitReason.SHUTDOWN, a0.exitReason().orElseThrow());
        ChildInfo a = child(sup, "a").orElseThrow();
        assertEquals(ChildStatus.UNDEFINED, a.status());
        assertNull(a.pid());
        assertEquals(new ChildCounts(2, 1, 0, 2), Supervisor.countChildren(sup));
        Supervisor.terminateChild(sup, "a"); // terminating a terminated child is ok

        Pid a1 = Supervisor.restartChild(sup, "a");
        assertNotEquals(a0, a1);
        assertEquals(a1, pid(sup, "a"));
        assertEquals(List.of("a", "b"), ids(sup), "restart_child keeps the child's place");
        assertEquals(List.of("terminate:a:shutdown", "init:a"), journal.since(mark, "init", "terminate"));
        assertEquals(0, Supervisor.report(sup).budget().used(), "restart_child is not counted against the intensity");

        Supervisor.terminateChild(sup, "a");
        Supervisor.deleteChild(sup, "a");
        assertEquals(List.of("b"), ids(sup));
        assertEquals(new ChildCounts(1, 1, 0, 1), Supervisor.countChildren(sup));
        Pid again = Supervisor.startChild(sup, worker("a"));
        assertEquals(List.of("b", "a"), ids(sup), "a deleted id can be added again, at the end");
        assertTrue(again.isAlive());
    }

    @Test
    void terminateChildOfATemporaryChildRemovesItsSpec() {
        Pid sup = oneForOne(worker("t").withRestart(RestartType.TEMPORARY));
        Supervisor.terminateChild(sup, "t");
        assertEquals(List.of(), ids(sup));
        assertEquals(Error.NOT_FOUND, supervisorError(() -> Supervisor.restartChild(sup, "t")).error());
    }

    @Test
    void terminateChildOfAnUnknownIdOrPidIsNotFound() {
        Pid sup = oneForOne(worker("a"));
        SupervisorException e = supervisorError(() -> Supervisor.terminateChild(sup, "nope"));
        assertEquals(Error.NOT_FOUND, e.error());
        assertEquals("not_found", e.code());
        assertEquals("no child with id 'nope' under supervisor " + sup, e.getMessage());

        Pid other = oneForOne(worker("z"));
        Pid stranger = pid(other, "z");
        e = supervisorError(() -> Supervisor.terminateChild(sup, stranger));
        assertEquals(Error.NOT_FOUND, e.error());
        assertEquals("no child with pid " + stranger + " under supervisor " + sup, e.getMessage());
        assertTrue(stranger.isAlive());
    }

    @Test
    void terminateChildByIdOnSimpleOneForOneIsRefused() {
        Pid sup = simple(Worker.Script.DEFAULT);
        SupervisorException e = supervisorError(() -> Supervisor.terminateChild(sup, "w"));
        assertEquals(Error.SIMPLE_ONE_FOR_ONE, e.error());
        assertEquals("terminate_child by id is not available on simple_one_for_one supervisor " + sup
                + ": terminate its children by pid", e.getMessage());
    }

    // ------------------------------------------------------------------ restart_child / delete_child

    @Test
    void restartChildAndDeleteChildOfARunningChildAreRunning() {
        Pid sup = oneForOne(worker("a"));
        Pid a = pid(sup, "a");
        SupervisorException e = supervisorError(() -> Supervisor.restartChild(sup, "a"));
        assertEquals(Error.RUNNING, e.error());
        assertEquals(a, e.pid());
        assertEquals("child 'a' is running as " + a + ": terminate it before restarting it", e.getMessage());
        e = supervisorError(() -> Supervisor.deleteChild(sup, "a"));
        assertEquals(Error.RUNNING, e.error());
        assertEquals("child 'a' is running as " + a + ": terminate it before deleting it", e.getMessage());
        assertEquals(a, pid(sup, "a"), "untouched");
    }

    @Test
    void restartChildAndDeleteChildOfAnUnknownIdAreNotFound() {
        Pid sup = oneForOne(worker("a"));
        for (Runnable op : List.<Runnable>of(() -> Supervisor.restartChild(sup, "nope"),
                () -> Supervisor.deleteChild(sup, "nope"))) {
            SupervisorException e = supervisorError(op);
            assertEquals(Error.NOT_FOUND, e.error());
            assertEquals("no child with id 'nope' under supervisor " + sup, e.getMessage());
        }
    }

    @Test
    void restartChildAndDeleteChildOnSimpleOneForOneAreRefused() {
        Pid sup = simple(Worker.Script.DEFAULT);
        SupervisorException e = supervisorError(() -> Supervisor.restartChild(sup, "w"));
        assertEquals(Error.SIMPLE_ONE_FOR_ONE, e.error());
        assertEquals("restart_child is not available on simple_one_for_one supervisor " + sup, e.getMessage());
        e = supervisorError(() -> Supervisor.deleteChild(sup, "w"));
        assertEquals(Error.SIMPLE_ONE_FOR_ONE, e.error());
        assertEquals("delete_child is not available on simple_one_for_one supervisor " + sup, e.getMessage());
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void restartChildWhoseInitFailsIsStartFailedAndTheSpecStays() {
        Pid sup = oneForOne(worker("a", Worker.Script.DEFAULT.plan(n -> n == 2 ? Worker.InitMode.THROW : Worker.InitMode.OK)));
        Supervisor.terminateChild(sup, "a");
        SupervisorException e = supervisorError(() -> Supervisor.restartChild(sup, "a"));
        assertEquals(Error.START_FAILED, e.error());
        assertEquals("child 'a' failed to start: {exception, java.lang.IllegalStateException: init of a failed on attempt 2}",
                e.getMessage());
        assertEquals(ChildStatus.UNDEFINED, child(sup, "a").orElseThrow().status(), "the spec stays, undefined");
        assertTrue(Supervisor.restartChild(sup, "a").isAlive());
    }

    /**
     * While a failed restart waits to be retried (OTP's {restarting, Pid}), restart_child and
     * delete_child answer restarting. Attempt 2 of x blocks until the calls are queued, then fails;
     * the calls are answered before the retry (attempt 3) runs.
     */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void restartChildAndDeleteChildOfARestartingChildAreRestarting() {
        CountDownLatch secondAttempt = gate();
        Pid sup = oneForOne(worker("a"), worker("x", Worker.Script.DEFAULT
                .plan(n -> n == 2 ? Worker.InitMode.THROW : Worker.InitMode.OK)
                .initGate(n -> n == 2 ? secondAttempt : null)));
        Pid x0 = pid(sup, "x");
        crash(x0);
        journal.awaitCount("init-begin:x", 2);
        ChildInfo during = child(sup, "x").orElseThrow();
        assertEquals(ChildStatus.RESTARTING, during.status(), "which_children while the restart runs");
        assertNull(during.pid());

        CompletionStage<Pid> restart = Supervisor.restartChildAsync(sup, "x", T);
        CompletionStage<Void> delete = Supervisor.deleteChildAsync(sup, "x", T);
        secondAttempt.countDown();

        for (Throwable t : List.of(Await.failure(restart), Await.failure(delete))) {
            SupervisorException e = assertInstanceOf(SupervisorException.class, t);
            assertEquals(Error.RESTARTING, e.error());
            assertEquals("restarting", e.code());
            assertEquals("child 'x' is being restarted by " + sup, e.getMessage());
        }
        Pid x3 = awaitNewPid(sup, "x", x0);
        assertEquals(3, journal.count("init-begin:x"), "retried after the failed attempt");
        assertEquals(2, Supervisor.report(sup).budget().used(), "both attempts counted");
        assertTrue(x3.isAlive());
    }

    /** OTP: terminate_child of a restarting child sets it undefined, and the pending retry finds nothing to do. */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void terminateChildOfARestartingChildCancelsTheRetry() {
        CountDownLatch secondAttempt = gate();
        Pid sup = oneForOne(worker("x", Worker.Script.DEFAULT
                .plan(n -> n == 2 ? Worker.InitMode.THROW : Worker.InitMode.OK)
                .initGate(n -> n == 2 ? secondAttempt : null)));
        crash(pid(sup, "x"));
        journal.awaitCount("init-begin:x", 2);
        CompletionStage<Void> terminate = Supervisor.terminateChildAsync(sup, "x", T);
        secondAttempt.countDown();
        Await.result(terminate);

        // queued behind the retry: a retry that ran would make x RUNNING (or still restarting) by now
        Supervisor.deleteChild(sup, "x");
        assertEquals(List.of(), ids(sup));
        assertEquals(2, journal.count("init-begin:x"), "no attempt after terminate_child");
    }

    /**
     * OTP's restart_multiple_children: when a group restart fails at b, only b is restarting; c, not
     * started yet, is undefined (it can be deleted), and the retry restarts the group without it.
     */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void whenAGroupRestartFailsOnlyTheFailedChildIsRestarting() {
        CountDownLatch secondAttempt = gate();
        Pid sup = startSupervisor(SupervisorFlags.oneForAll().withIntensity(10).withTicker(new FakeTicker()),
                worker("a"), worker("b", Worker.Script.DEFAULT
                        .plan(n -> n == 2 ? Worker.InitMode.THROW : Worker.InitMode.OK)
                        .initGate(n -> n == 2 ? secondAttempt : null)), worker("c"));
        crash(pid(sup, "c"));
        journal.awaitCount("init-begin:b", 2);
        CompletionStage<Pid> restartB = Supervisor.restartChildAsync(sup, "b", T);
        CompletionStage<Void> deleteC = Supervisor.deleteChildAsync(sup, "c", T);
        secondAttempt.countDown();

        assertEquals(Error.RESTARTING, assertInstanceOf(SupervisorException.class, Await.failure(restartB)).error());
        Await.result(deleteC);
        Await.until(() -> "a and b running again: " + children(sup), () -> children(sup).stream()
                .allMatch(ch -> ch.status() == ChildStatus.RUNNING));
        assertEquals(List.of("a", "b"), ids(sup));
        assertEquals(3, journal.count("init:a"), "start, the failed attempt, the retry");
        assertEquals(1, journal.count("init:c"), "c, deleted meanwhile, is not restarted");
    }

    // ------------------------------------------------------------------ simple_one_for_one

    @Test
    void simpleOneForOneStartsChildrenWithArgumentsAndTerminatesThemByPid() {
        Pid sup = simple(Worker.Script.DEFAULT);
        Pid p1 = Supervisor.startChild(sup, List.<Object>of("one"));
        Pid p2 = Supervisor.startChild(sup, List.<Object>of("two"));
        Pid p3 = Supervisor.startChild(sup, List.<Object>of("three"));
        assertEquals(List.of("init:one", "init:two", "init:three"), journal.of("init"), "each made from its arguments");
        List<ChildInfo> children = children(sup);
        assertEquals(List.of(p1, p2, p3), children.stream().map(ChildInfo::pid).collect(Collectors.toList()));
        assertTrue(children.stream().allMatch(c -> c.id().equals("w") && c.status() == ChildStatus.RUNNING));
        assertEquals(new ChildCounts(1, 3, 0, 3), Supervisor.countChildren(sup), "specs = 1: the template, as OTP");

        Supervisor.terminateChild(sup, p2);
        assertEquals(ExitReason.SHUTDOWN, p2.exitReason().orElseThrow());
        assertEquals(List.of(p1, p3), children(sup).stream().map(ChildInfo::pid).collect(Collectors.toList()),
                "a terminated simple_one_for_one child is removed");
        assertEquals(List.of("terminate:two:shutdown"), journal.of("terminate"));

        Pid two = Supervisor.startChild(sup, List.<Object>of("two"));
        crash(two);
        Await.until(() -> "two to be restarted: " + children(sup), () -> {
            List<ChildInfo> now = children(sup);
            return now.size() == 3 && now.get(2).pid() != null && !now.get(2).pid().equals(two);
        });
        ChildInfo again = children(sup).get(2);
        assertEquals(1, again.restarts());
        assertEquals(3, journal.count("init:two"), "restarted with the same arguments");
        assertEquals(List.of(p1, p3), children(sup).subList(0, 2).stream().map(ChildInfo::pid).collect(Collectors.toList()));
    }

    /** OTP's find_child for simple_one_for_one: a pid that is no longer alive is terminated already: ok. */
    @Test
    void simpleOneForOneTerminateChildOfADeadPidIsOk() {
        Pid sup = startSupervisor(SupervisorSpec.of(SupervisorFlags.simpleOneForOne(),
                Worker.template(journal, "w", Worker.Script.DEFAULT).withRestart(RestartType.TEMPORARY)));
        Pid p = Supervisor.startChild(sup, List.<Object>of("one"));
        GenServer.stop(p, ExitReason.NORMAL, T).toCompletableFuture().join();
        Await.until(() -> "the child to be removed", () -> children(sup).isEmpty());
        Supervisor.terminateChild(sup, p);
        assertEquals(List.of(), children(sup));
    }

    @Test
    void simpleOneForOneRefusesAChildSpecAndOthersRefuseArguments() {
        Pid sup = simple(Worker.Script.DEFAULT);
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, worker("a")));
        assertEquals(Error.SIMPLE_ONE_FOR_ONE, e.error());
        assertEquals("start_child with a child spec is not available on simple_one_for_one supervisor " + sup
                + ": call startChild(supervisor, args)", e.getMessage());

        Pid other = oneForOne();
        e = supervisorError(() -> Supervisor.startChild(other, List.<Object>of("x")));
        assertEquals(Error.INVALID_SPEC, e.error());
        assertEquals("start_child with arguments needs a simple_one_for_one supervisor; " + other
                + " is ONE_FOR_ONE: give a ChildSpec", e.getMessage());
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void simpleOneForOneStartChildFailureIsStartFailedAndIgnoreAddsNothing() {
        Pid sup = simple(Worker.Script.DEFAULT.init(Worker.InitMode.THROW));
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, List.<Object>of("x")));
        assertEquals(Error.START_FAILED, e.error());
        assertTrue(e.getMessage().startsWith("child 'w' failed to start: {exception,"), e.getMessage());
        assertEquals(List.of(), children(sup));

        Pid ignoring = simple(Worker.Script.DEFAULT.init(Worker.InitMode.IGNORE));
        assertNull(Supervisor.startChild(ignoring, List.<Object>of("y")));
        assertEquals(List.of(), children(ignoring));
    }

    @Test
    void supervisorCallsToAProcessThatIsNotASupervisorFailClearly() {
        Pid sup = oneForOne(worker("a"));
        Pid a = pid(sup, "a");
        Throwable t = Await.failure(Supervisor.whichChildrenAsync(a, T));
        assertInstanceOf(IllegalArgumentException.class, t);
        assertEquals("supervisor: bad value " + a + " (" + Worker.class.getName() + "), expected a Medic supervisor",
                t.getMessage());
        assertFalse(Supervisor.isSupervisor(a));
        assertTrue(Supervisor.isSupervisor(sup));
        assertTrue(Supervisor.start(node, SupervisorSpec.of(SupervisorFlags.oneForOne()), SpawnOptions.DEFAULT)
                .thenApply(this::track).toCompletableFuture().join().isAlive());
    }
}
