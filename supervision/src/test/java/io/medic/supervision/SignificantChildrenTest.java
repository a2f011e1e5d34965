package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Significant children and {@code auto_shutdown} (OTP 24+; {@code supervisor_SUITE}'s
 * {@code significant_*} cases): a significant child's own exit, when it is not restarted, shuts its
 * supervisor down with reason {@code shutdown} (any_significant: the first; all_significant: the last);
 * children the supervisor stops itself (terminate_child, the bystanders of a group restart) never do.
 * OTP's validation: a significant child is never permanent, and never under {@code auto_shutdown => never}.
 */
class SignificantChildrenTest extends SupervisionTestSupport {

    private static SupervisorFlags flags(Strategy strategy, AutoShutdown autoShutdown) {
        return SupervisorFlags.of(strategy).withIntensity(10).withTicker(new FakeTicker()).withAutoShutdown(autoShutdown);
    }

    private ChildSpec significant(String id, RestartType restart) {
        return worker(id).withRestart(restart).withSignificant(true);
    }

    // ------------------------------------------------------------------ any_significant

    @Test
    void anySignificantATransientChildExitingNormallyShutsTheSupervisorDown() {
        Pid sup = startSupervisor(flags(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT),
                worker("a"), significant("s", RestartType.TRANSIENT), worker("b"));
        int mark = journal.mark();
        makeExit(pid(sup, "s"), ExitReason.NORMAL);
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
        assertEquals(List.of("terminate:s:normal", "terminate:b:shutdown", "terminate:a:shutdown"),
                journal.since(mark, "terminate"), "its siblings stopped in order, newest first");
    }

    @Test
    void anySignificantATransientChildExitingWithShutdownShutsTheSupervisorDownToo() {
        Pid sup = startSupervisor(flags(Strategy.ONE_FOR_ALL, AutoShutdown.ANY_SIGNIFICANT),
                significant("s", RestartType.TRANSIENT), worker("a"));
        makeExit(pid(sup, "s"), ExitReason.shutdown("work done"));
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
    }

    @Test
    void aSignificantTransientChildThatCrashesIsRestartedAndTheSupervisorStays() {
        Pid sup = startSupervisor(flags(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT),
                worker("a"), significant("s", RestartType.TRANSIENT));
        Pid s0 = pid(sup, "s");
        crash(s0);
        Pid s1 = awaitNewPid(sup, "s", s0);
        assertTrue(sup.isAlive(), "an abnormal exit of a transient child is a restart, not an end");
        makeExit(s1, ExitReason.NORMAL);
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
    }

    @Test
    void aSignificantTemporaryChildEndsTheSupervisorWhateverItsExitReason() {
        Pid sup = startSupervisor(flags(Strategy.REST_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT),
                worker("a"), significant("t", RestartType.TEMPORARY));
        crash(pid(sup, "t"));
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
    }

    @Test
    void aChildThatIsNotSignificantNeverShutsTheSupervisorDown() {
        Pid sup = startSupervisor(flags(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT),
                worker("a").withRestart(RestartType.TEMPORARY), significant("s", RestartType.TRANSIENT));
        makeExit(pid(sup, "a"), ExitReason.NORMAL);
        Await.until(() -> "a to be gone: " + children(sup), () -> ids(sup).equals(List.of("s")));
        assertTrue(sup.isAlive());
    }

    // ------------------------------------------------------------------ all_significant

    @Test
    void allSignificantTheSupervisorShutsDownWhenTheLastSignificantChildHasExited() {
        Pid sup = startSupervisor(flags(Strategy.ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT),
                worker("a"), significant("s1", RestartType.TRANSIENT), significant("s2", RestartType.TEMPORARY));
        makeExit(pid(sup, "s1"), ExitReason.NORMAL);
        Await.until(() -> "s1 to have stopped: " + children(sup),
                () -> child(sup, "s1").orElseThrow().status() == ChildStatus.UNDEFINED);
        assertTrue(sup.isAlive(), "s2 is still alive");
        makeExit(pid(sup, "s2"), ExitReason.NORMAL);
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
    }

    // ------------------------------------------------------------------ exits the supervisor caused

    @Test
    void terminateChildOfASignificantChildNeverShutsTheSupervisorDown() {
        Pid sup = startSupervisor(flags(Strategy.ONE_FOR_ONE, AutoShutdown.ANY_SIGNIFICANT),
                significant("s", RestartType.TRANSIENT), significant("t", RestartType.TEMPORARY));
        Supervisor.terminateChild(sup, "s");
        Supervisor.terminateChild(sup, "t");
        assertTrue(sup.isAlive());
        assertEquals(List.of("s"), ids(sup), "the transient spec is kept, the temporary one dropped");
        assertEquals(ChildStatus.UNDEFINED, child(sup, "s").orElseThrow().status());
    }

    @Test
    void theBystandersOfAGroupRestartNeverShutTheSupervisorDown() {
        Pid all = startSupervisor(flags(Strategy.ONE_FOR_ALL, AutoShutdown.ANY_SIGNIFICANT),
                significant("t", RestartType.TEMPORARY), significant("s", RestartType.TRANSIENT), worker("x"));
        Pid x0 = pid(all, "x");
        crash(x0);
        Pid x1 = awaitNewPid(all, "x", x0);
        assertTrue(all.isAlive(), "one_for_all stopped t and s as bystanders");
        assertEquals(List.of("s", "x"), ids(all), "the temporary bystander is not restarted, the transient one is");
        assertTrue(x1.isAlive());

        Pid rest = startSupervisor(flags(Strategy.REST_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT),
                worker("y"), significant("s", RestartType.TRANSIENT));
        Pid s0 = pid(rest, "s");
        crash(pid(rest, "y"));
        assertNotEquals(s0, awaitNewPid(rest, "s", s0));
        assertTrue(rest.isAlive(), "rest_for_one stopped s as a bystander");
    }

    // ------------------------------------------------------------------ simple_one_for_one

    /** A simple_one_for_one supervisor of significant children, and its children "one" and "two". */
    private List<Pid> simpleWithTwoChildren(AutoShutdown autoShutdown, RestartType restart) {
        Pid sup = startSupervisor(SupervisorSpec.of(flags(Strategy.SIMPLE_ONE_FOR_ONE, autoShutdown),
                Worker.template(journal, "w", Worker.Script.DEFAULT).withRestart(restart).withSignificant(true)));
        return List.of(sup, Supervisor.startChild(sup, List.<Object>of("one")),
                Supervisor.startChild(sup, List.<Object>of("two")));
    }

    @Test
    void simpleOneForOneAnySignificantTheFirstChildToEndEndsTheSupervisor() {
        List<Pid> pids = simpleWithTwoChildren(AutoShutdown.ANY_SIGNIFICANT, RestartType.TRANSIENT);
        makeExit(pids.get(1), ExitReason.NORMAL);
        assertEquals(ExitReason.SHUTDOWN, awaitExit(pids.get(0)));
        assertEquals(ExitReason.SHUTDOWN, awaitExit(pids.get(2)));
    }

    @Test
    void simpleOneForOneAllSignificantTheLastChildToEndEndsTheSupervisor() {
        List<Pid> pids = simpleWithTwoChildren(AutoShutdown.ALL_SIGNIFICANT, RestartType.TEMPORARY);
        Pid sup = pids.get(0);
        Pid two = pids.get(2);
        makeExit(pids.get(1), ExitReason.NORMAL);
        Await.until(() -> "one to be gone: " + children(sup), () -> children(sup).size() == 1);
        assertTrue(sup.isAlive());
        crash(two);
        assertEquals(ExitReason.SHUTDOWN, awaitExit(sup));
    }

    /** OTP's advice: a supervisor that ends itself is a transient child of its own supervisor, not restarted. */
    @Test
    void aWorkUnitSupervisorThatEndsItselfIsNotRestartedByATransientSpec() {
        SupervisorSpec unit = SupervisorSpec.of(flags(Strategy.ONE_FOR_ALL, AutoShutdown.ANY_SIGNIFICANT),
                worker("helper"), significant("job", RestartType.TRANSIENT));
        Pid top = startSupervisor(SupervisorFlags.oneForOne(), worker("a"),
                ChildSpec.supervisor("unit", unit).withRestart(RestartType.TRANSIENT));
        Pid unitPid = pid(top, "unit");
        makeExit(pid(unitPid, "job"), ExitReason.NORMAL);
        assertEquals(ExitReason.SHUTDOWN, awaitExit(unitPid));
        Await.until(() -> "unit to be undefined: " + children(top),
                () -> child(top, "unit").orElseThrow().status() == ChildStatus.UNDEFINED);
        assertTrue(top.isAlive());
        assertEquals(0, Supervisor.report(top).budget().used(), "not restarted");
    }

    // ------------------------------------------------------------------ validation

    @Test
    void aSignificantPermanentChildIsRefusedNamingBothFields() {
        assertEquals(List.of("child 'p': significant: bad combination significant = true with restart = PERMANENT,"
                        + " expected restart TRANSIENT or TEMPORARY for a significant child (a permanent child is always"
                        + " restarted)"),
                worker("p").withSignificant(true).check());
        assertEquals(List.of(), worker("p").withSignificant(true).withRestart(RestartType.TRANSIENT).check());
    }

    @Test
    void aSignificantChildUnderAutoShutdownNeverIsRefusedAtStartAndByStartChild() {
        String never = "child 's': significant: bad combination significant = true with the supervisor's"
                + " autoShutdown = NEVER, expected autoShutdown ANY_SIGNIFICANT or ALL_SIGNIFICANT (or significant = false)";
        ChildSpec s = significant("s", RestartType.TRANSIENT);
        assertEquals(List.of(never), s.check(AutoShutdown.NEVER));
        assertEquals(List.of(), s.check(AutoShutdown.ANY_SIGNIFICANT));
        assertEquals(List.of(), s.check(), "alone, without a supervisor's flags, the spec is fine");
        assertEquals(List.of(never), Supervisor.checkChildSpecs(List.of(worker("a"), s), AutoShutdown.NEVER));
        assertEquals(List.of(), Supervisor.checkChildSpecs(List.of(worker("a"), s)), "check_childspecs/1 does not know the flag");

        int table = node.processes().size();
        SupervisorException e = assertThrows(SupervisorException.class, () -> Supervisor.startSync(node,
                SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("a"), s), SpawnOptions.DEFAULT, T));
        assertEquals(SupervisorException.Error.INVALID_SPEC, e.error());
        assertEquals("invalid supervisor spec: " + never, e.getMessage());
        assertEquals(table, node.processes().size(), "nothing started");

        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"));
        SupervisorException dynamic = supervisorError(() -> Supervisor.startChild(sup, s));
        assertEquals(SupervisorException.Error.INVALID_SPEC, dynamic.error());
        assertEquals("invalid child spec: " + never, dynamic.getMessage());
        assertEquals(List.of("a"), ids(sup));
    }

    @Test
    void aSignificantTemplateIsValidUnderSimpleOneForOneAndAutoShutdownIsChecked() {
        assertEquals(List.of(), SupervisorSpec.of(flags(Strategy.SIMPLE_ONE_FOR_ONE, AutoShutdown.ALL_SIGNIFICANT),
                significant("w", RestartType.TEMPORARY)).check());
        assertEquals(List.of("autoShutdown: bad value null, expected one of NEVER, ANY_SIGNIFICANT, ALL_SIGNIFICANT"),
                SupervisorFlags.oneForOne().withAutoShutdown(null).check());
        assertEquals(AutoShutdown.NEVER, SupervisorFlags.oneForOne().autoShutdown(), "OTP's default");
        assertTrue(SupervisorFlags.oneForOne().withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT).toString()
                .contains("auto_shutdown => ANY_SIGNIFICANT"));
    }
}
