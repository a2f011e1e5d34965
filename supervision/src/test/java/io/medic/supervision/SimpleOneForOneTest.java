package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.ExpectLog;
import io.medic.testing.Await;
import io.medic.runtime.Pid;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * OTP's simple_one_for_one details ({@code supervisor_SUITE}'s {@code count_children},
 * {@code do_not_save_start_parameters_for_temporary_children}, {@code hanging_restart_loop_simple}):
 * its count of specs, the start arguments it keeps, and a child stuck in a failing restart loop.
 */
@ExpectLog(logger = "io.medic.supervision", message = "failed to start")
class SimpleOneForOneTest extends SupervisionTestSupport {

    private Pid simple(ChildSpec template) {
        return startSupervisor(SupervisorSpec.of(SupervisorFlags.simpleOneForOne().withIntensity(10)
                .withTicker(new FakeTicker()), template));
    }

    /**
     * A child whose restart keeps failing is {@code {restarting, OldPid}} in OTP, and
     * {@code terminate_child(Sup, OldPid)} finds it by the pid it had: the restart loop ends and the
     * child is gone. Attempt 2 fails, attempt 3 waits at its gate while the terminate call is queued,
     * then fails too; the terminate is handled before the retry, which then finds nothing to do.
     */
    @Test
    void terminateChildByTheOldPidEndsAFailingRestartLoop() {
        CountDownLatch thirdAttempt = gate();
        Pid sup = simple(Worker.template(journal, "w", Worker.Script.DEFAULT
                .plan(n -> n == 1 ? Worker.InitMode.OK : Worker.InitMode.THROW)
                .initGate(n -> n == 3 ? thirdAttempt : null)));
        Pid keeper = Supervisor.startChild(sup, List.<Object>of("keeper"));
        Pid x = Supervisor.startChild(sup, List.<Object>of("x"));
        crash(x);
        journal.awaitCount("init-begin:x", 3);
        ChildInfo restarting = children(sup).stream().filter(c -> !keeper.equals(c.pid())).findFirst().orElseThrow();
        assertEquals(ChildStatus.RESTARTING, restarting.status(), "attempt 2 failed: " + children(sup));

        CompletionStage<Void> terminate = Supervisor.terminateChildAsync(sup, x, T);
        thirdAttempt.countDown();
        Await.result(terminate);

        // queued behind the retry: had the retry run, this start would wait for it and see attempt 4
        Pid other = Supervisor.startChild(sup, List.<Object>of("other"));
        assertEquals(3, journal.count("init-begin:x"), "no attempt after terminate_child: " + journal);
        assertEquals(List.of(keeper, other), pids(sup), "the terminated child left which_children");
        assertEquals(new ChildCounts(1, 2, 0, 2), Supervisor.countChildren(sup), "and count_children");
        assertEquals(2, Supervisor.report(sup).budget().used(), "the two failed attempts were counted");
    }

    /** OTP's count_children of a simple_one_for_one supervisor: specs = 1, its template. */
    @Test
    void countChildrenCountsTheTemplateAsItsOnlySpec() {
        Pid sup = simple(Worker.template(journal, "w", Worker.Script.DEFAULT));
        assertEquals(new ChildCounts(1, 0, 0, 0), Supervisor.countChildren(sup), "no children yet");
        Supervisor.startChild(sup, List.<Object>of("one"));
        Supervisor.startChild(sup, List.<Object>of("two"));
        assertEquals(new ChildCounts(1, 2, 0, 2), Supervisor.countChildren(sup));

        Pid subs = simple(ChildSpec.supervisor("sub", SupervisorSpec.of(SupervisorFlags.oneForOne())));
        Supervisor.startChild(subs, List.of());
        assertEquals(new ChildCounts(1, 1, 1, 0), Supervisor.countChildren(subs),
                "dynamic children count by the template's type");
    }

    /**
     * OTP does not save the start parameters of temporary children. The argument here is only weakly
     * reachable from the test: while the child runs, a supervisor that kept it would keep it from being
     * collected. The wait calls {@code System.gc()} until the reference clears (a condition, not a sleep).
     */
    @Test
    void aRunningTemporaryChildsStartArgumentsAreNotKept() {
        Pid sup = simple(ChildSpec.of("t", ChildStart.genServerWithArgs(args -> new Worker(journal, "t", Worker.Script.DEFAULT)))
                .withRestart(RestartType.TEMPORARY));
        WeakReference<Object> argument = startWithWeakArgument(sup);
        Await.until(() -> "the start argument of the running temporary child to be collected", () -> {
            System.gc();
            return argument.get() == null;
        });
        assertEquals(1, children(sup).size());
        assertTrue(children(sup).get(0).pid().isAlive(), "the child still runs");
    }

    /** The control: a permanent child's arguments are kept, since a restart needs them. */
    @Test
    void aPermanentChildsStartArgumentsAreKeptForItsRestart() {
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pid sup = simple(ChildSpec.of("p", ChildStart.genServerWithArgs(args -> {
            seen.add(args.get(0));
            return new Worker(journal, "p", Worker.Script.DEFAULT);
        })));
        Object argument = new Object();
        Pid first = Supervisor.startChild(sup, List.of(argument));
        crash(first);
        Await.until(() -> "the child to be restarted: " + children(sup), () -> seen.size() == 2
                && children(sup).get(0).status() == ChildStatus.RUNNING);
        assertEquals(List.of(argument, argument), new ArrayList<>(seen), "restarted with the same argument");
    }

    /** Starts one child with an argument that only a {@link WeakReference} of the test reaches afterwards. */
    private static WeakReference<Object> startWithWeakArgument(Pid sup) {
        Object argument = new byte[1 << 20];
        WeakReference<Object> ref = new WeakReference<>(argument);
        assertTrue(Supervisor.startChild(sup, List.of(argument)).isAlive());
        return ref;
    }

    private static List<Pid> pids(Pid sup) {
        List<Pid> out = new ArrayList<>();
        for (ChildInfo c : children(sup)) {
            assertEquals(ChildStatus.RUNNING, c.status(), () -> "not running: " + c);
            out.add(c.pid());
        }
        return out;
    }
}
