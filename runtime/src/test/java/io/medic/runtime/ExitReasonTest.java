package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 2 §3, exit reasons as values: which are normal, and, for every way a process can stop, the
 * reason recorded on its pid, given to {@code whenExited} and delivered in the monitors' {@link Down}.
 */
class ExitReasonTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);
    private static final RuntimeException CRASH = new IllegalStateException("crash in handler");
    private static final RuntimeException TERMINATE_CRASH = new IllegalStateException("crash in terminate");
    private static final RuntimeException SETUP_CRASH = new IllegalStateException("crash in setup");

    @Test
    void normalAndAbnormalReasons() {
        for (ExitReason normal : List.of(ExitReason.NORMAL, ExitReason.SHUTDOWN, ExitReason.shutdown("maintenance"))) {
            assertTrue(normal.isNormal(), normal + " is normal");
            assertFalse(normal.isAbnormal(), normal + " is not abnormal");
        }
        for (ExitReason abnormal : List.of(ExitReason.exception(new RuntimeException("x")), ExitReason.KILLED,
                ExitReason.custom("anything else"))) {
            assertTrue(abnormal.isAbnormal(), abnormal + " is abnormal");
            assertFalse(abnormal.isNormal(), abnormal + " is not normal");
        }
    }

    @Test
    void reasonsAreValuesPrintedLikeErlangTerms() {
        assertEquals(ExitReason.shutdown("x"), ExitReason.shutdown("x"));
        assertNotEquals(ExitReason.shutdown("x"), ExitReason.shutdown("y"));
        assertNotEquals(ExitReason.SHUTDOWN, ExitReason.shutdown("x"));
        assertEquals(ExitReason.custom(42), ExitReason.custom(42));
        RuntimeException e = new RuntimeException("boom");
        assertEquals(ExitReason.exception(e), ExitReason.exception(e));
        assertSame(e, ((ExitReason.Exception) ExitReason.exception(e)).cause());
        assertEquals("normal", ExitReason.NORMAL.toString());
        assertEquals("shutdown", ExitReason.SHUTDOWN.toString());
        assertEquals("{shutdown, maintenance}", ExitReason.shutdown("maintenance").toString());
        assertEquals("killed", ExitReason.KILLED.toString());
        assertTrue(ExitReason.exception(e).toString().contains("boom"));
    }

    /** A Recorder whose terminate throws. */
    static final class FailingTerminate extends Recorder {
        @Override
        protected void terminate(ExitReason reason, List<Object> state) {
            super.terminate(reason, state);
            throw TERMINATE_CRASH;
        }
    }

    /** One way of starting a process and stopping it. */
    record Way(String name, Supplier<Pid> start, Consumer<Pid> stop) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> waysToStop() {
        return Stream.of(
                server("gen_server returns stop(normal)", ExitReason.NORMAL, cast(new Recorder.StopWith(ExitReason.NORMAL))),
                server("gen_server returns stop(shutdown)", ExitReason.SHUTDOWN,
                        cast(new Recorder.StopWith(ExitReason.SHUTDOWN))),
                server("gen_server returns stop({shutdown, info})", ExitReason.shutdown("info"),
                        cast(new Recorder.StopWith(ExitReason.shutdown("info")))),
                server("gen_server returns stop(custom)", ExitReason.custom("custom"),
                        cast(new Recorder.StopWith(ExitReason.custom("custom")))),
                server("gen_server call returns stop with a reply", ExitReason.custom("after reply"),
                        pid -> assertEquals("stopping",
                                GenServer.call(pid, new Recorder.StopWith(ExitReason.custom("after reply")), T))),
                server("gen_server crashes", ExitReason.exception(CRASH), cast(new Recorder.Crash(CRASH))),
                server("gen_server gets exit signal shutdown", ExitReason.SHUTDOWN,
                        pid -> Medic.exit(pid, ExitReason.SHUTDOWN)),
                server("gen_server gets exit signal {shutdown, info}", ExitReason.shutdown("bye"),
                        pid -> Medic.exit(pid, ExitReason.shutdown("bye"))),
                server("gen_server gets exit signal custom", ExitReason.custom("linked"),
                        pid -> Medic.exit(pid, ExitReason.custom("linked"))),
                server("gen_server killed", ExitReason.KILLED, pid -> Medic.exit(pid, ExitReason.KILLED)),
                server("gen_server stopped by GenServer.stop", ExitReason.NORMAL,
                        pid -> assertEquals(ExitReason.NORMAL, Await.result(GenServer.stop(pid, ExitReason.NORMAL, T)))),
                Arguments.of(new Way("gen_server whose terminate throws",
                        () -> GenServer.startSync(node, new FailingTerminate(), SpawnOptions.DEFAULT, T),
                        cast(new Recorder.StopWith(ExitReason.NORMAL))), ExitReason.exception(TERMINATE_CRASH)),
                Arguments.of(new Way("gen_server init returns stop (already dead when monitored)",
                        () -> GenServer.spawn(node, new GenServerCallbacksTest.InitWith(
                                GenServer.stop(ExitReason.custom("no init"))), SpawnOptions.DEFAULT).pid(),
                        pid -> { }), ExitReason.custom("no init")),
                plain("behavior returns stopped", ExitReason.NORMAL,
                        () -> Behaviors.receiveMessage(m -> Behaviors.stopped()), pid -> Medic.send(pid, "stop")),
                plain("behavior throws", ExitReason.exception(CRASH),
                        () -> Behaviors.receiveMessage(m -> {
                            throw CRASH;
                        }), pid -> Medic.send(pid, "throw")),
                plain("behavior throws in setup (already dead when monitored)", ExitReason.exception(SETUP_CRASH),
                        () -> Behaviors.setup(ctx -> {
                            throw SETUP_CRASH;
                        }), pid -> { }),
                plain("behavior killed", ExitReason.KILLED, Behaviors::ignore, pid -> Medic.exit(pid, ExitReason.KILLED)),
                plain("behavior gets exit signal shutdown", ExitReason.SHUTDOWN, Behaviors::ignore,
                        pid -> Medic.exit(pid, ExitReason.SHUTDOWN)),
                plain("behavior gets exit signal custom", ExitReason.custom("linked"), Behaviors::ignore,
                        pid -> Medic.exit(pid, ExitReason.custom("linked"))));
    }

    private static Consumer<Pid> cast(Object message) {
        return pid -> GenServer.cast(pid, message);
    }

    private static Arguments server(String name, ExitReason expected, Consumer<Pid> stop) {
        return Arguments.of(new Way(name, () -> GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T), stop),
                expected);
    }

    private static Arguments plain(String name, ExitReason expected, Supplier<Behavior<Object>> behavior,
                                   Consumer<Pid> stop) {
        return Arguments.of(new Way(name, () -> Medic.spawn(node, behavior.get(), SpawnOptions.DEFAULT).pid(), stop),
                expected);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("waysToStop")
    @ExpectLog(logger = ExpectLog.CRASH_REPORT)
    @ExpectLog(logger = ExpectLog.AKKA_FAILURE)
    @ExpectLog(logger = "io.medic.runtime.GenServerProcess", message = "threw")
    void reasonIsRecordedOnThePidAndDeliveredToMonitors(Way way, ExitReason expected) {
        TestProbe<Down> probe = TestProbe.create(node.system());
        Pid pid = way.start().get();
        MonitorRef ref = Medic.monitor(probe.getRef(), pid);
        way.stop().accept(pid);

        Down down = probe.receiveMessage(Await.DEADLINE);
        assertEquals(new Down(ref, pid, expected), down);
        assertEquals(expected, Await.result(Medic.whenExited(pid)));
        assertEquals(Optional.of(expected), pid.exitReason());
        assertFalse(pid.isAlive());
        assertEquals(ProcessStatus.DEAD, pid.entry().status());
        assertEquals(Optional.empty(), node.processes().byNumber(pid.number()), "removed from the table");
        if (expected instanceof ExitReason.Exception e) {
            assertInstanceOf(IllegalStateException.class, e.cause());
        }
    }
}
