package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import io.medic.supervision.SupervisorException.Error;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Child operations exactly as OTP's {@code supervisor} does them where Medic differed:
 * {@code terminate_child} by pid, a zero shutdown timeout.
 */
class OtpChildSemanticsTest extends SupervisionTestSupport {

    /**
     * OTP's {@code find_child} looks a pid up only on a simple_one_for_one supervisor; on the others a pid
     * is not an id, so {@code terminate_child(Sup, Pid)} answers {@code not_found} and the child runs on.
     */
    @Test
    void terminateChildByPidOnAStaticSupervisorIsNotFoundAndTheChildRunsOn() {
        for (SupervisorFlags flags : List.of(SupervisorFlags.oneForOne(), SupervisorFlags.oneForAll(),
                SupervisorFlags.restForOne())) {
            Pid sup = startSupervisor(flags, worker("a"), worker("b"));
            Pid a = pid(sup, "a");
            SupervisorException e = supervisorError(() -> Supervisor.terminateChild(sup, a));
            assertEquals(Error.NOT_FOUND, e.error());
            assertEquals("no child with pid " + a + " under supervisor " + sup + ": children of a "
                    + flags.strategy() + " supervisor are found by id ('a')", e.getMessage());
            assertTrue(a.isAlive(), flags + ": the child runs on");
            assertEquals(a, pid(sup, "a"));
            assertEquals(List.of(), journal.of("terminate"));

            Supervisor.terminateChild(sup, "a"); // by id, as before
            assertFalse(a.isAlive());
            assertEquals(ExitReason.SHUTDOWN, a.exitReason().orElseThrow());
            assertEquals(ChildStatus.UNDEFINED, child(sup, "a").orElseThrow().status());
            journal = new Journal();
        }
    }

    /** OTP accepts any integer >= 0 as a shutdown timeout: 0 asks the child to stop, then kills it at once. */
    @Test
    void aShutdownTimeoutOfZeroIsValid() {
        ChildSpec zero = worker("z").withShutdown(Shutdown.timeout(Duration.ZERO));
        assertEquals(List.of(), zero.check());
        assertEquals("0ms", zero.shutdown().toString());
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"), zero);
        Pid z = pid(sup, "z");
        Supervisor.terminateChild(sup, "z");
        assertFalse(z.isAlive());
        ExitReason reason = z.exitReason().orElseThrow();
        assertTrue(reason.equals(ExitReason.SHUTDOWN) || reason.equals(ExitReason.KILLED), reason.toString());
        assertEquals(ChildStatus.UNDEFINED, child(sup, "z").orElseThrow().status());

        Pid added = Supervisor.startChild(sup, worker("y").withShutdown(Shutdown.timeout(Duration.ZERO)));
        assertTrue(added.isAlive(), "start_child takes it too");
    }

    @Test
    void aNegativeShutdownTimeoutIsStillRefused() {
        assertEquals(List.of("child 'n': shutdown: bad value PT-0.001S, expected a timeout of 0 or more,"
                        + " brutalKill() or infinity()"),
                worker("n").withShutdown(Shutdown.timeout(Duration.ofMillis(-1))).check());
    }

    // ------------------------------------------------------------------ get_childspec

    /** {@code supervisor:get_childspec/2} by id: the spec as given, with its defaults; not_found otherwise. */
    @Test
    void getChildSpecByIdGivesTheSpecWithItsDefaults() {
        ChildSpec b = worker("b").withRestart(RestartType.TRANSIENT).withShutdown(Shutdown.brutalKill()).withName("bee");
        ChildSpec sub = ChildSpec.supervisor("sub", SupervisorSpec.of(SupervisorFlags.oneForOne()));
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"), b, sub);
        ChildSpec a = Supervisor.getChildSpec(sup, "a");
        assertEquals("a", a.id());
        assertEquals(RestartType.PERMANENT, a.restart());
        assertEquals(Shutdown.timeout(Duration.ofSeconds(5)), a.shutdown());
        assertEquals(ChildType.WORKER, a.type());
        assertFalse(a.significant());
        assertEquals(b, Supervisor.getChildSpec(sup, "b"));
        assertEquals(Shutdown.infinity(), Supervisor.getChildSpec(sup, "sub").shutdown());
        assertEquals(ChildType.SUPERVISOR, Supervisor.getChildSpec(sup, "sub").type());

        Supervisor.terminateChild(sup, "b");
        assertEquals(b, Supervisor.getChildSpec(sup, "b"), "a kept spec without a process");
        Pid c = Supervisor.startChild(sup, worker("c"));
        assertEquals("c", Supervisor.getChildSpec(sup, "c").id(), "a dynamically added child");

        SupervisorException e = supervisorError(() -> Supervisor.getChildSpec(sup, "nope"));
        assertEquals(Error.NOT_FOUND, e.error());
        assertEquals("no child with id 'nope' under supervisor " + sup, e.getMessage());
        e = supervisorError(() -> Supervisor.getChildSpec(sup, c));
        assertEquals(Error.NOT_FOUND, e.error(), "a static supervisor's children are found by id, as OTP");
        assertEquals("no child with pid " + c + " under supervisor " + sup + ": children of a ONE_FOR_ONE"
                + " supervisor are found by id ('c')", e.getMessage());
    }

    /** For simple_one_for_one, a child's pid (or the template's id) gives the template. */
    @Test
    void getChildSpecOfASimpleOneForOneChildIsTheTemplate() {
        ChildSpec template = Worker.template(journal, "w", Worker.Script.DEFAULT).withRestart(RestartType.TRANSIENT);
        Pid sup = startSupervisor(SupervisorSpec.of(SupervisorFlags.simpleOneForOne(), template));
        Pid one = Supervisor.startChild(sup, List.<Object>of("one"));
        assertEquals(template, Supervisor.getChildSpec(sup, one));
        assertEquals(template, Supervisor.getChildSpec(sup, "w"));

        Pid other = startSupervisor(SupervisorFlags.oneForOne(), worker("z"));
        Pid stranger = pid(other, "z");
        SupervisorException e = supervisorError(() -> Supervisor.getChildSpec(sup, stranger));
        assertEquals(Error.NOT_FOUND, e.error());
        assertEquals("no child with pid " + stranger + " under supervisor " + sup, e.getMessage());
        assertEquals(Error.NOT_FOUND, supervisorError(() -> Supervisor.getChildSpec(sup, "x")).error());
    }
}
