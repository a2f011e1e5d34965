package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.ExpectLog;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §1, "a Throwable from user code": every place the runtime runs user code — a GenServer's
 * init, handleCall/Cast/Info/Continue/Exit, terminate, formatStatus, stateSnapshot, a replace_state
 * function, a message's toString in the sys log — is checked with {@link Error}s ({@link AssertionError},
 * {@link LinkageError}, a custom one), not only exceptions. A handler's throwable is a crash with that
 * throwable as its exit reason, never a normal exit; a callback run for a caller fails that caller with
 * {@code callback_failed} and leaves the process running; no caller is left to time out. (A plain
 * behaviour's setup and handlers: {@link PlainBehaviorWrapperTest}.)
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT)
@ExpectLog(level = "WARN", logger = "io.medic.runtime", message = "sys debug function")
@ExpectLog(logger = "io.medic.runtime.GenServerProcess", message = "threw")
class UserCodeFailureTest extends NodePerClass {
    /** Long enough for any answer; a caller left to time out would take this long and fail the test. */
    private static final Duration T = Duration.ofSeconds(5);

    /** A custom error, as an application might define one. */
    static final class Boom extends Error {
        Boom(String message) {
            super(message);
        }
    }

    private static List<Throwable> errors() {
        return List.of(new AssertionError("invariant broken"), new NoClassDefFoundError("com/example/Gone"),
                new Boom("custom error"));
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** A Recorder that throws {@code error} from the callback named {@code where}. */
    static final class Failing extends Recorder {
        private final String where;
        private final Throwable error;

        Failing(String where, Throwable error) {
            this.where = where;
            this.error = error;
        }

        private void maybeThrow(String callback) {
            if (where.equals(callback)) {
                throw sneaky(error);
            }
        }

        @Override
        protected Init<List<Object>> init() throws Exception {
            maybeThrow("init");
            Init<List<Object>> ok = super.init();
            return where.equals("handleContinue") ? ok.thenContinue("go") : ok;
        }

        @Override
        protected Result<List<Object>> handleCall(Object request, From from, List<Object> state) throws Exception {
            if ("throw".equals(request)) {
                maybeThrow("handleCall");
            }
            return super.handleCall(request, from, state);
        }

        @Override
        protected Result<List<Object>> handleCast(Object message, List<Object> state) throws Exception {
            if ("throw".equals(message)) {
                maybeThrow("handleCast");
            }
            return super.handleCast(message, state);
        }

        @Override
        protected Result<List<Object>> handleInfo(Object message, List<Object> state) throws Exception {
            if ("throw".equals(message)) {
                maybeThrow("handleInfo");
            }
            return super.handleInfo(message, state);
        }

        @Override
        protected Result<List<Object>> handleContinue(Object term, List<Object> state) {
            maybeThrow("handleContinue");
            return noreply(state);
        }

        @Override
        protected Result<List<Object>> handleExit(ExitReason reason, Pid from, List<Object> state) throws Exception {
            maybeThrow("handleExit");
            return super.handleExit(reason, from, state);
        }

        @Override
        protected void terminate(ExitReason reason, List<Object> state) {
            super.terminate(reason, state);
            maybeThrow("terminate");
        }

        @Override
        protected Object formatStatus(List<Object> state) {
            maybeThrow("formatStatus");
            return state;
        }

        @Override
        protected Object stateSnapshot(List<Object> state) {
            maybeThrow("stateSnapshot");
            return List.copyOf(state);
        }
    }

    // ================================================================== handlers: a crash with the throwable

    @Test
    void initThrowingAnErrorFailsTheStartWithIt() {
        for (Throwable error : errors()) {
            StartException e = assertThrows(StartException.class,
                    () -> GenServer.startSync(node, new Failing("init", error), SpawnOptions.DEFAULT, T));
            assertSame(error, assertInstanceOf(ExitReason.Exception.class, e.reason()).cause());
        }
    }

    @Test
    void handleCallThrowingAnErrorCrashesAndFailsTheCallWithIt() {
        for (Throwable error : errors()) {
            Failing server = new Failing("handleCall", error);
            Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
            ProcessExitException e = assertTimeoutPreemptively(T,
                    () -> assertThrows(ProcessExitException.class, () -> GenServer.call(pid, "throw", Duration.ofSeconds(30))));
            assertSame(error, assertInstanceOf(ExitReason.Exception.class, e.reason()).cause());
            assertEquals(e.reason(), Await.result(Medic.whenExited(pid)));
            assertEquals(e.reason(), Await.result(server.terminated), "terminate runs with the crash");
        }
    }

    @Test
    void everyOtherHandlerThrowingAnErrorIsACrashWithIt() {
        for (String where : List.of("handleCast", "handleInfo", "handleContinue", "handleExit")) {
            for (Throwable error : errors()) {
                Pid pid = GenServer.startSync(node, new Failing(where, error), SpawnOptions.DEFAULT, T);
                switch (where) {
                    case "handleCast" -> GenServer.cast(pid, "throw");
                    case "handleInfo" -> Medic.send(pid, "throw");
                    case "handleExit" -> Medic.exit(pid, ExitReason.SHUTDOWN);
                    default -> { } // handleContinue runs right after init
                }
                ExitReason reason = Await.result(Medic.whenExited(pid));
                assertSame(error, assertInstanceOf(ExitReason.Exception.class, reason, where).cause(), where);
            }
        }
    }

    @Test
    void terminateThrowingAnErrorMakesItTheExitReasonInsteadOfANormalOne() {
        for (Throwable error : errors()) {
            Pid pid = GenServer.startSync(node, new Failing("terminate", error), SpawnOptions.DEFAULT, T);
            GenServer.cast(pid, new Recorder.StopWith(ExitReason.NORMAL));
            ExitReason reason = Await.result(Medic.whenExited(pid));
            assertSame(error, assertInstanceOf(ExitReason.Exception.class, reason).cause());
        }
    }

    // ================================================================== callbacks run for a caller

    @Test
    void replaceStateFunctionThrowingAnErrorFailsTheCallerAndKeepsTheProcessAndItsState() {
        for (Throwable error : errors()) {
            Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
            GenServer.cast(pid, "kept");
            List<Object> before = Sys.getState(pid);
            Function<List<Object>, List<Object>> fn = s -> {
                throw sneaky(error);
            };
            ReplaceStateException e = assertTimeoutPreemptively(T,
                    () -> assertThrows(ReplaceStateException.class, () -> Sys.replaceState(pid, fn, Duration.ofSeconds(30))));
            assertEquals("callback_failed", e.code());
            assertSame(error, e.getCause());
            assertTrue(e.getMessage().contains(error.getClass().getName()) && e.getMessage().contains(pid.toString())
                    && e.getMessage().contains("unchanged"), e.getMessage());
            assertTrue(pid.isAlive(), "the process keeps running");
            assertSame(before, Sys.getState(pid), "the state is unchanged");
            assertEquals("still serving", GenServer.call(pid, "still serving", T));
        }
    }

    @Test
    void stateSnapshotThrowingFailsGetStateWithCallbackFailed() {
        for (Throwable error : errors()) {
            Pid pid = GenServer.startSync(node, new Failing("stateSnapshot", error), SpawnOptions.DEFAULT, T);
            CallbackFailedException e = assertTimeoutPreemptively(T,
                    () -> assertThrows(CallbackFailedException.class, () -> Sys.getState(pid, Duration.ofSeconds(30))));
            assertEquals("callback_failed", e.code());
            assertSame(error, e.getCause());
            assertTrue(e.getMessage().contains("stateSnapshot") && e.getMessage().contains(pid.toString()), e.getMessage());
            assertTrue(pid.isAlive());
            assertEquals("still serving", GenServer.call(pid, "still serving", T));
        }
    }

    @Test
    void formatStatusThrowingShowsTheFailureInTheStatusAndKeepsTheProcess() {
        for (Throwable error : errors()) {
            Pid pid = GenServer.startSync(node, new Failing("formatStatus", error), SpawnOptions.DEFAULT, T);
            SysStatus status = assertTimeoutPreemptively(T, () -> Sys.getStatus(pid, Duration.ofSeconds(30)));
            String shown = String.valueOf(status.state());
            assertTrue(shown.startsWith("formatStatus failed: ") && shown.contains(error.getClass().getName()), shown);
            assertTrue(pid.isAlive());
            assertEquals("still serving", GenServer.call(pid, "still serving", T));
        }
    }

    /** A message whose toString fails. */
    record Unprintable(Throwable error) {
        @Override
        public String toString() {
            throw sneaky(error);
        }
    }

    @Test
    void aMessageWhoseToStringThrowsIsLoggedAsSuchWithoutHarm() {
        for (Throwable error : errors()) {
            Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
            Sys.log(pid, 5);
            Sys.trace(pid, true);
            GenServer.cast(pid, new Unprintable(error));
            assertEquals("after", GenServer.call(pid, "after", T));
            String described = Sys.getLog(pid).get(0).description();
            assertEquals(Unprintable.class.getName() + " (toString failed: " + error.getClass().getName() + ")", described);
            assertTrue(pid.isAlive());
        }
    }

    @Test
    void anInstalledFunctionThatThrowsIsRemovedAndTheProcessGoesOn() {
        for (Throwable error : errors()) {
            Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
            CompletableFuture<Object> seen = new CompletableFuture<>();
            Sys.install(pid, "failing", (Integer n, String kind, Object message) -> {
                throw sneaky(error);
            }, 0);
            Sys.install(pid, "after it", (Integer n, String kind, Object message) -> {
                seen.complete(message);
                return n;
            }, 0);
            GenServer.cast(pid, "event");
            assertEquals("event", Await.result(seen), "the functions after it still run");
            assertEquals(List.of("after it"), Sys.getStatus(pid).installed(), "the failing one is removed");
            assertEquals(new ArrayList<>(List.of("event")), GenServer.call(pid, Recorder.GET, T));
        }
    }
}
