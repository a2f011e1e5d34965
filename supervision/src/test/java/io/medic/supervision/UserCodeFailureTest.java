package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;
import io.medic.testing.ExpectLog;
import io.medic.testing.Await;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.StartException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Wherever a supervisor runs user code — a child's start function or factory, a child's init — a
 * {@link Throwable} from it, an {@link Error} included, is a failed start with that throwable as its
 * reason: never a normal exit, never a supervisor that dies instead of its child, never a caller left to
 * time out. ({@link ReconnectingServer}'s callbacks: {@link ReconnectingServerFailureTest}.)
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT)
@ExpectLog(logger = ExpectLog.AKKA_FAILURE)
@ExpectLog(logger = "akka.actor.SupervisorStrategy")
@ExpectLog(logger = "io.medic.supervision", message = "failed to start")
class UserCodeFailureTest extends SupervisionTestSupport {

    /** A factory that throws {@code error} on the calls {@code failing} says (counted from 1). */
    private static Supplier<GenServer<?>> factory(Journal journal, String id, Error error,
                                                   java.util.function.IntPredicate failing) {
        AtomicInteger calls = new AtomicInteger();
        return () -> {
            if (failing.test(calls.incrementAndGet())) {
                throw error;
            }
            return new Worker(journal, id, Worker.Script.DEFAULT);
        };
    }

    @Test
    void aStartFunctionThrowingAnErrorFailsStartChildWithThatErrorAndTheSupervisorLives() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"));
        NoClassDefFoundError missing = new NoClassDefFoundError("com/example/Missing");
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup,
                ChildSpec.worker("boom", factory(journal, "boom", missing, n -> true))));
        assertEquals(SupervisorException.Error.START_FAILED, e.error());
        assertSame(missing, assertInstanceOf(ExitReason.Exception.class, e.reason()).cause());
        assertEquals("child 'boom' failed to start: {exception, java.lang.NoClassDefFoundError: com/example/Missing}",
                e.getMessage());
        assertTrue(sup.isAlive(), "the supervisor did not die in its child's place");
        assertEquals(List.of("a"), ids(sup));
        assertTrue(Supervisor.startChild(sup, worker("b")).isAlive(), "and it goes on working");
    }

    @Test
    void aStartFunctionThrowingAnErrorDuringTheSupervisorsStartFailsItNamingTheChild() {
        AssertionError broken = new AssertionError("factory of boom");
        StartException e = assertThrows(StartException.class, () -> Supervisor.startSync(node,
                SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("a"),
                        ChildSpec.worker("boom", factory(journal, "boom", broken, n -> true))),
                SpawnOptions.DEFAULT, T));
        FailedToStartChild failed = (FailedToStartChild) assertInstanceOf(ExitReason.ShutdownWithInfo.class,
                e.reason()).info();
        assertEquals("boom", failed.childId());
        assertSame(broken, assertInstanceOf(ExitReason.Exception.class, failed.reason()).cause());
        assertEquals(List.of("init:a", "terminate:a:shutdown"), journal.of("init", "terminate"),
                "the child started before it was shut down in order");
    }

    @Test
    void aRestartWhoseStartFunctionThrowsAnErrorIsAFailedRestartAndIsRetried() {
        ExceptionInInitializerError flaky = new ExceptionInInitializerError("static init of x");
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(10).withTicker(new FakeTicker()),
                ChildSpec.worker("x", factory(journal, "x", flaky, n -> n == 2)));
        Pid x0 = pid(sup, "x");
        crash(x0);
        Pid x1 = awaitNewPid(sup, "x", x0);
        assertTrue(x1.isAlive());
        assertTrue(Supervisor.report(sup).events().stream().anyMatch(ev -> ev instanceof SupervisorEvent.StartError s
                && s.reason() instanceof ExitReason.Exception ex && ex.cause() == flaky), "the failed attempt is a start error");
        assertEquals(2, Supervisor.report(sup).budget().used(), "the failed attempt and the retry, both counted");
    }

    @Test
    void aSimpleOneForOneStartFunctionThrowingAnErrorFailsStartChild() {
        StackOverflowError deep = new StackOverflowError("too deep");
        Pid sup = startSupervisor(SupervisorSpec.of(SupervisorFlags.simpleOneForOne(),
                ChildSpec.of("w", ChildStart.genServerWithArgs(args -> {
                    throw deep;
                }))));
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, List.<Object>of("x")));
        assertEquals(SupervisorException.Error.START_FAILED, e.error());
        assertSame(deep, assertInstanceOf(ExitReason.Exception.class, e.reason()).cause());
        assertEquals(List.of(), children(sup));
        assertTrue(sup.isAlive());
    }

    @Test
    void aChildWhoseInitThrowsAnErrorFailsItsStartWithThatError() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne());
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, ChildSpec.worker("e",
                () -> new GenServer<Object>() {
                    @Override
                    protected Init<Object> init() {
                        throw new AssertionError("init of e");
                    }
                })));
        assertEquals(SupervisorException.Error.START_FAILED, e.error());
        assertEquals("init of e", assertInstanceOf(AssertionError.class,
                assertInstanceOf(ExitReason.Exception.class, e.reason()).cause()).getMessage());
    }

    @Test
    void aPlainBehaviourWhoseSetupThrowsAnErrorFailsItsStartWithThatError() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne());
        SupervisorException e = supervisorError(() -> Supervisor.startChild(sup, ChildSpec.of("b",
                ChildStart.behavior(() -> Behaviors.setup(ctx -> {
                    throw new AssertionError("setup of b");
                })))));
        assertEquals(SupervisorException.Error.START_FAILED, e.error());
        assertTrue(e.getMessage().contains("AssertionError: setup of b"), e.getMessage());
        assertTrue(sup.isAlive());
    }
}
