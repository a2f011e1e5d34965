package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §3, the GenServer callbacks: init's three outcomes, handleCall (reply, noreply and a later
 * reply from another thread), handleCast, handleInfo (raw messages, timers, monitors' Down),
 * handleContinue, idle timeouts, terminate with the right reason (and not on a kill or a failed init),
 * and formatStatus.
 */
class GenServerCallbacksTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);

    // ================================================================== init

    /** A Recorder whose init returns a given result (or throws it). */
    static final class InitWith extends Recorder {
        private final Init<List<Object>> result;
        private final RuntimeException error;

        @Override
        public String toString() {
            return "init " + (error != null ? "throwing " + error : "returning " + result);
        }

        InitWith(Init<List<Object>> result) {
            this.result = result;
            this.error = null;
        }

        InitWith(RuntimeException error) {
            this.result = null;
            this.error = error;
        }

        @Override
        protected Init<List<Object>> init() {
            if (error != null) {
                throw error;
            }
            return result;
        }
    }

    @Test
    void initOkStartsTheServerWithItsState() {
        List<Object> initial = new ArrayList<>(List.of("seed"));
        Pid pid = GenServer.startSync(node, new InitWith(GenServer.ok(initial)), SpawnOptions.DEFAULT, T);
        assertTrue(pid.isAlive());
        assertEquals(List.of("seed"), GenServer.call(pid, Recorder.GET, T));
        assertSame(initial, Sys.getState(pid), "get_state returns the state init returned");

        CompletionStage<Pid> async = GenServer.start(node, new Recorder(), SpawnOptions.DEFAULT.withName("async-start"));
        Pid started = Await.result(async);
        assertEquals(Optional.of(started), node.whereis("async-start"));
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "InitWith")
    void initStopFailsTheStartWithTheReasonAndSkipsTerminate() {
        ExitReason reason = ExitReason.custom("no-database");
        InitWith server = new InitWith(GenServer.stop(reason));
        int tableSize = node.processes().size();
        StartException e = assertThrows(StartException.class,
                () -> GenServer.startSync(node, server, SpawnOptions.DEFAULT.withName("init-stop"), T));
        assertEquals(reason, e.reason());
        assertTrue(e.getMessage().contains("no-database") && e.getMessage().contains(InitWith.class.getName()),
                "message names the reason and the server: " + e.getMessage());
        assertEquals("start_failed", e.code());
        assertEquals(0, server.terminateCalls.get(), "terminate is not called when init fails");
        assertEquals(tableSize, node.processes().size());
        assertEquals(Optional.empty(), node.whereis("init-stop"), "the name is released");

        // the same through spawn: the pid tells why it ended
        InitWith again = new InitWith(GenServer.stop(reason));
        Spawned<Object> spawned = GenServer.spawn(node, again, SpawnOptions.DEFAULT);
        assertEquals(new InitResult.Failed(reason), Await.result(spawned.initialized()));
        assertEquals(reason, Await.result(Medic.whenExited(spawned.pid())));
        assertEquals(Optional.of(reason), spawned.pid().exitReason());
        assertEquals(0, again.terminateCalls.get());

        // and through the asynchronous start
        StartException async = Await.failure(StartException.class,
                GenServer.start(node, new InitWith(GenServer.stop(reason)), SpawnOptions.DEFAULT));
        assertEquals(reason, async.reason());
    }

    @Test
    void initIgnoreFailsTheStartWithANormalReason() {
        InitWith server = new InitWith(GenServer.ignore());
        StartException e = assertThrows(StartException.class,
                () -> GenServer.startSync(node, server, SpawnOptions.DEFAULT, T));
        assertEquals(ExitReason.NORMAL, e.reason());
        assertTrue(e.getMessage().contains("ignore"), e.getMessage());
        assertEquals(0, server.terminateCalls.get());

        Spawned<Object> spawned = GenServer.spawn(node, new InitWith(GenServer.ignore()), SpawnOptions.DEFAULT);
        assertEquals(new InitResult.Ignored(), Await.result(spawned.initialized()));
        assertEquals(ExitReason.NORMAL, Await.result(Medic.whenExited(spawned.pid())));
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "cannot open config")
    void initThrowingFailsTheStartWithTheExceptionAsReason() {
        IllegalStateException boom = new IllegalStateException("cannot open config");
        InitWith server = new InitWith(boom);
        StartException e = assertThrows(StartException.class,
                () -> GenServer.startSync(node, server, SpawnOptions.DEFAULT, T));
        ExitReason.Exception reason = assertInstanceOf(ExitReason.Exception.class, e.reason());
        assertSame(boom, reason.cause());
        assertSame(boom, e.getCause());
        assertTrue(e.getMessage().contains("cannot open config"), e.getMessage());
        assertEquals(0, server.terminateCalls.get(), "terminate is not called when init throws");
    }

    /** A Recorder whose init waits at a gate, then returns (or throws) what it is given. */
    static final class GatedInit extends Recorder {
        private final Gate gate;
        private final InitWith then;

        GatedInit(Gate gate, InitWith then) {
            this.gate = gate;
            this.then = then;
        }

        @Override
        protected Init<List<Object>> init() throws Exception {
            gate.pass();
            return then.init();
        }
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "restart-me")
    void aFailedStartHasReleasedTheNameWhenTheStarterHearsOfIt() {
        InitWith[] failures = {
            new InitWith(GenServer.stop(ExitReason.SHUTDOWN)),
            new InitWith(GenServer.ignore()),
            new InitWith(new IllegalStateException("init failed")),
        };
        for (InitWith failure : failures) {
            Gate gate = new Gate();
            CompletionStage<Pid> start = GenServer.start(node, new GatedInit(gate, failure),
                    SpawnOptions.DEFAULT.withName("restart-me"));
            gate.awaitEntered();
            // registered before init ends, so it runs where the start completes: a supervisor restarting
            // the child at that moment must find the name free
            CompletableFuture<String> restart = new CompletableFuture<>();
            start.whenComplete((pid, error) -> {
                try {
                    restart.complete("restarted as " + GenServer.spawn(node, new Recorder(),
                            SpawnOptions.DEFAULT.withName("restart-me")).pid());
                } catch (RuntimeException e) {
                    restart.complete("restart failed: " + e.getMessage());
                }
            });
            gate.open();
            assertTrue(Await.result(restart).startsWith("restarted as"), failure + ": " + Await.result(restart));
            Await.failure(StartException.class, start);
            Pid restarted = node.whereis("restart-me").orElseThrow();
            Medic.exit(restarted, ExitReason.KILLED);
            Await.result(Medic.whenExited(restarted));
        }
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "already ran")
    void aServerInstanceRunsOnlyOnce() {
        Recorder server = new Recorder();
        Pid first = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        int tableSize = node.processes().size();
        StartException e = assertThrows(StartException.class,
                () -> GenServer.startSync(node, server, SpawnOptions.DEFAULT.withName("second-run"), T));
        assertTrue(e.getMessage().contains("already ran as " + first), e.getMessage());
        assertEquals(tableSize, node.processes().size(), "the refused process leaves the table");
        assertEquals(Optional.empty(), node.whereis("second-run"), "and releases its name");
        assertTrue(first.isAlive());
    }

    /** Defers its start ack: the info "ack" acknowledges it, the info "abort" aborts the start. */
    static final class Deferring extends Recorder {
        @Override
        protected Init<List<Object>> init() {
            return GenServer.<List<Object>>ok(new ArrayList<>()).deferAck();
        }

        @Override
        protected Result<List<Object>> handleInfo(Object message, List<Object> state) throws Exception {
            if ("ack".equals(message)) {
                ackInit();
            } else if ("abort".equals(message)) {
                return abortInit(ExitReason.custom("child failed"));
            }
            return super.handleInfo(message, state);
        }
    }

    @Test
    void deferredAckHoldsCallsAndCastsUntilAcknowledged() {
        Deferring server = new Deferring();
        Spawned<Object> spawned = GenServer.spawn(node, server, SpawnOptions.DEFAULT);
        Pid pid = spawned.pid();
        CompletionStage<Object> call = GenServer.callAsync(pid, "held call", T);
        GenServer.cast(pid, "held cast");
        Medic.send(pid, "info before ack");
        Await.until("the info to be handled while the casts wait",
                () -> pid.entry().messagesHandled() == 3 && pid.entry().messageQueueLen() == 2);
        assertEquals(ProcessStatus.INITIALIZING, pid.entry().status());
        assertFalse(spawned.initialized().toCompletableFuture().isDone(), "start not acknowledged yet");
        assertEquals(ProcessStatus.INITIALIZING, Sys.getStatus(pid).status(), "sys answers meanwhile");

        Medic.send(pid, "ack");
        assertEquals(new InitResult.Started(pid), Await.result(spawned.initialized()));
        assertEquals("held call", Await.result(call));
        assertEquals(List.of("info before ack", "ack", "held call", "held cast"), GenServer.call(pid, Recorder.GET, T));
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "child failed")
    void abortedDeferredInitFailsTheStartAndTheHeldCalls() {
        Deferring server = new Deferring();
        Spawned<Object> spawned = GenServer.spawn(node, server, SpawnOptions.DEFAULT.withName("aborting"));
        CompletionStage<Object> call = GenServer.callAsync(spawned.pid(), "held call", Duration.ofSeconds(30));
        Medic.send(spawned.pid(), "abort");
        ExitReason reason = ExitReason.custom("child failed");
        assertEquals(new InitResult.Failed(reason), Await.result(spawned.initialized()));
        assertEquals(Optional.empty(), node.whereis("aborting"), "released before the starter hears of it");
        assertEquals(reason, Await.failure(ProcessExitException.class, call, Duration.ofSeconds(5)).reason());
        assertEquals(0, server.terminateCalls.get(), "an aborted start does not call terminate");
    }

    // ================================================================== calls and casts

    @Test
    void handleCallRepliesAndHandleCastUpdatesTheState() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        assertEquals("hello", GenServer.call(pid, "hello", T));
        GenServer.cast(pid, "cast-1");
        GenServer.cast(pid, 42);
        assertEquals(List.of("hello", "cast-1", 42), GenServer.call(pid, Recorder.GET, T));
        assertEquals("default timeout", GenServer.call(pid, "default timeout"));
    }

    @Test
    void noreplyCallIsAnsweredLaterThroughFromFromAnotherThread() throws Exception {
        Recorder server = new Recorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        CompletionStage<String> call = GenServer.callAsync(pid, Recorder.NO_REPLY, T);
        From from = server.froms.poll(T.toSeconds(), TimeUnit.SECONDS);
        assertFalse(from.isDone());
        assertFalse(call.toCompletableFuture().isDone(), "noreply leaves the caller waiting");
        // the server keeps working meanwhile
        assertEquals("in between", GenServer.call(pid, "in between", T));

        CompletableFuture<Boolean> delivered = CompletableFuture.supplyAsync(() -> from.reply("late answer"));
        assertTrue(Await.result(delivered), "the first reply is delivered");
        assertEquals("late answer", Await.result(call));
        assertTrue(from.isDone());
        assertFalse(from.reply("second answer"), "only the first reply counts");
        assertEquals("late answer", Await.result(call));
    }

    // ================================================================== infos

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "terminating with reason bye")
    void handleInfoGetsRawMessagesTimersAndDowns() throws Exception {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.send(pid, "raw via Medic.send");
        pid.ref().tell("raw via the actor ref");
        assertEquals(List.of("raw via Medic.send", "raw via the actor ref"), GenServer.call(pid, Recorder.GET, T));

        GenServer.call(pid, new Recorder.Exec(self -> self.sendAfter(Duration.ofMillis(20), "timer fired")), T);
        Await.until("the timer message to arrive",
                () -> GenServer.<List<?>>call(pid, Recorder.GET, T).contains("timer fired"));

        Pid other = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        MonitorRef ref = GenServer.call(pid, new Recorder.Exec(self -> self.monitor(other)), T);
        assertEquals(other, ref.target());
        assertEquals(List.of(pid), other.entry().monitoredBy());
        GenServer.cast(other, new Recorder.StopWith(ExitReason.custom("bye")));
        Await.until("the Down to arrive",
                () -> GenServer.<List<?>>call(pid, Recorder.GET, T).stream().anyMatch(m -> m instanceof Down));
        List<Object> state = GenServer.call(pid, Recorder.GET, T);
        List<Object> downs = state.stream().filter(m -> m instanceof Down).toList();
        assertEquals(List.of(new Down(ref, other, ExitReason.custom("bye"))), downs);
    }

    // ================================================================== continue

    /** Appends "continue:term" in handleContinue; init and the cast "then-continue" return a continue. */
    static final class Continuing extends Recorder {
        private final Gate initGate;

        Continuing(Gate initGate) {
            this.initGate = initGate;
        }

        @Override
        protected Init<List<Object>> init() throws Exception {
            initGate.pass();
            return GenServer.<List<Object>>ok(new ArrayList<>()).thenContinue("from-init");
        }

        @Override
        protected Result<List<Object>> handleCast(Object message, List<Object> state) throws Exception {
            if ("then-continue".equals(message)) {
                state.add(message);
                return GenServer.noreply(state).thenContinue("after-cast");
            }
            return super.handleCast(message, state);
        }

        @Override
        protected Result<List<Object>> handleContinue(Object term, List<Object> state) {
            state.add("continue:" + term);
            return noreply(state);
        }
    }

    @Test
    void handleContinueRunsBeforeAnyMessageAlreadyQueued() {
        Gate initGate = new Gate();
        CompletionStage<Pid> started = GenServer.start(node, new Continuing(initGate), SpawnOptions.DEFAULT.withName("cont"));
        initGate.awaitEntered();
        Pid pid = node.whereis("cont").orElseThrow();
        GenServer.cast(pid, "queued during init");
        initGate.open();
        Await.result(started);

        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        GenServer.cast(pid, "then-continue");
        GenServer.cast(pid, "queued behind");
        gate.open();

        assertEquals(List.of("continue:from-init", "queued during init", "then-continue", "continue:after-cast",
                "queued behind"), GenServer.call(pid, Recorder.GET, T));
    }

    // ================================================================== timeout

    /** The cast {@code Arm(d)} returns noreply with a timeout; TIMEOUT infos are reported to a queue. */
    static final class Timing extends Recorder {
        record Arm(Duration timeout) {
        }

        final BlockingQueue<Object> timeouts = new LinkedBlockingQueue<>();
        private final Duration initTimeout;

        Timing(Duration initTimeout) {
            this.initTimeout = initTimeout;
        }

        @Override
        protected Init<List<Object>> init() {
            Init<List<Object>> ok = ok(new ArrayList<>());
            return initTimeout == null ? ok : ok.withTimeout(initTimeout);
        }

        @Override
        protected Result<List<Object>> handleCast(Object message, List<Object> state) throws Exception {
            if (message instanceof Arm a) {
                state.add("armed");
                return GenServer.noreply(state).withTimeout(a.timeout());
            }
            return super.handleCast(message, state);
        }

        @Override
        protected Result<List<Object>> handleInfo(Object message, List<Object> state) throws Exception {
            if (message == GenServer.Timeout.TIMEOUT) {
                timeouts.add(message);
            }
            return super.handleInfo(message, state);
        }
    }

    @Test
    void timeoutIsDeliveredWhenIdle() throws Exception {
        Timing fromInit = new Timing(Duration.ofMillis(30));
        GenServer.startSync(node, fromInit, SpawnOptions.DEFAULT, T);
        assertSame(GenServer.Timeout.TIMEOUT, fromInit.timeouts.poll(10, TimeUnit.SECONDS), "timeout set by init");

        Timing server = new Timing(null);
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        GenServer.cast(pid, new Timing.Arm(Duration.ofMillis(30)));
        assertSame(GenServer.Timeout.TIMEOUT, server.timeouts.poll(10, TimeUnit.SECONDS), "timeout set by a cast");
        assertEquals(List.of("armed", GenServer.Timeout.TIMEOUT), GenServer.call(pid, Recorder.GET, T));
    }

    @Test
    void timeoutIsCancelledByAMessageArrivingFirst() throws Exception {
        Timing server = new Timing(null);
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        // queue the arming cast and another message while the server is busy, so the other message is
        // certainly there before the timeout could fire
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        GenServer.cast(pid, new Timing.Arm(Duration.ofMillis(100)));
        GenServer.cast(pid, "arrives first");
        gate.open();
        assertNull(server.timeouts.poll(500, TimeUnit.MILLISECONDS), "a message arrived within the timeout");
        assertEquals(List.of("armed", "arrives first"), GenServer.call(pid, Recorder.GET, T));

        // control: the same server does get a timeout when nothing arrives
        GenServer.cast(pid, new Timing.Arm(Duration.ofMillis(30)));
        assertSame(GenServer.Timeout.TIMEOUT, server.timeouts.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void resultOptionsAreValidated() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> GenServer.noreply("s").withTimeout(Duration.ofMillis(-5)));
        assertTrue(negative.getMessage().contains("PT-0.005S"), negative.getMessage());
        IllegalStateException onStop = assertThrows(IllegalStateException.class,
                () -> GenServer.stop(ExitReason.NORMAL, "s").thenContinue("x"));
        assertTrue(onStop.getMessage().contains("thenContinue"), onStop.getMessage());
        IllegalStateException onIgnore = assertThrows(IllegalStateException.class,
                () -> GenServer.ignore().withTimeout(Duration.ofSeconds(1)));
        assertTrue(onIgnore.getMessage().contains("ignore"), onIgnore.getMessage());
    }

    // ================================================================== terminate

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "terminating with reason work done")
    void terminateGetsTheReasonOfAStopResult() {
        ExitReason reason = ExitReason.custom("work done");
        Recorder server = new Recorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        GenServer.cast(pid, new Recorder.StopWith(reason));
        assertEquals(reason, Await.result(server.terminated));
        assertEquals(reason, Await.result(Medic.whenExited(pid)));
        assertEquals(1, server.terminateCalls.get());
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "bad input")
    void terminateGetsTheExceptionOfACrash() {
        RuntimeException boom = new IllegalArgumentException("bad input");
        Recorder server = new Recorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        GenServer.cast(pid, new Recorder.Crash(boom));
        assertEquals(ExitReason.exception(boom), Await.result(server.terminated));
        assertEquals(ExitReason.exception(boom), Await.result(Medic.whenExited(pid)));
    }

    @Test
    void terminateGetsTheReasonOfAnExitSignal() {
        Recorder server = new Recorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        Medic.exit(pid, ExitReason.SHUTDOWN);
        assertEquals(ExitReason.SHUTDOWN, Await.result(server.terminated));
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(pid)));

        Recorder stopped = new Recorder();
        Pid other = GenServer.startSync(node, stopped, SpawnOptions.DEFAULT, T);
        ExitReason maintenance = ExitReason.shutdown("maintenance");
        assertEquals(maintenance, Await.result(GenServer.stop(other, maintenance, T)));
        assertEquals(maintenance, Await.result(stopped.terminated));
    }

    @Test
    void terminateIsNotCalledOnAKill() {
        Recorder server = new Recorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        Medic.exit(pid, ExitReason.KILLED);
        assertEquals(ExitReason.KILLED, Await.result(Medic.whenExited(pid)));
        assertEquals(0, server.terminateCalls.get());
        assertFalse(server.terminated.isDone());
    }

    /** Traps exits: records exit signals instead of stopping. */
    static final class Trapping extends Recorder {
        @Override
        protected Result<List<Object>> handleExit(ExitReason reason, Pid from, List<Object> state) {
            state.add("exit signal " + reason + " from " + from);
            return noreply(state);
        }
    }

    @Test
    void handleExitCanTrapExitSignalsButNotKills() {
        Trapping server = new Trapping();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        Pid sender = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.exit(sender, pid, ExitReason.SHUTDOWN);
        assertEquals(List.of("exit signal shutdown from " + sender), GenServer.call(pid, Recorder.GET, T));
        assertTrue(pid.isAlive());
        Medic.exit(pid, ExitReason.KILLED);
        assertEquals(ExitReason.KILLED, Await.result(Medic.whenExited(pid)));
        assertEquals(0, server.terminateCalls.get());
    }

    // ================================================================== formatStatus and defaults

    /** Summarises its state instead of showing it. */
    static final class Redacting extends Recorder {
        @Override
        protected Object formatStatus(List<Object> state) {
            return "redacted: " + state.size() + " items";
        }
    }

    @Test
    void formatStatusRendersTheStateForGetStatus() {
        Pid pid = GenServer.startSync(node, new Redacting(), SpawnOptions.DEFAULT, T);
        GenServer.cast(pid, "password=hunter2");
        GenServer.cast(pid, "token=abc");
        SysStatus status = Sys.getStatus(pid);
        assertEquals("redacted: 2 items", status.state());
        assertNull(status.stateNote());
        assertEquals(List.of("password=hunter2", "token=abc"), Sys.getState(pid), "get_state is the raw state");
    }

    /** Implements nothing but init. */
    static final class Bare extends GenServer<String> {
        @Override
        protected Init<String> init() {
            return ok("bare");
        }
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "Bare")
    @ExpectLog(level = "WARN", logger = "io.medic.runtime.GenServer", message = "Bare")
    void defaultHandlersCrashOnCallsAndCastsAndIgnoreInfos() {
        Pid pid = GenServer.startSync(node, new Bare(), SpawnOptions.DEFAULT, T);
        Medic.send(pid, "unexpected info");
        assertEquals("bare", Sys.getState(pid), "an unexpected info is logged and ignored");
        ProcessExitException e = assertThrows(ProcessExitException.class, () -> GenServer.call(pid, "gett", T));
        UnsupportedOperationException cause = assertInstanceOf(UnsupportedOperationException.class,
                ((ExitReason.Exception) e.reason()).cause());
        assertEquals(Bare.class.getName() + ".handleCall has no clause for \"gett\" (java.lang.String)", cause.getMessage(),
                "names the callback and the value, like Erlang's function_clause");

        Pid other = GenServer.startSync(node, new Bare(), SpawnOptions.DEFAULT, T);
        GenServer.cast(other, 'c');
        ExitReason.Exception reason = assertInstanceOf(ExitReason.Exception.class, Await.result(Medic.whenExited(other)));
        assertEquals(Bare.class.getName() + ".handleCast has no clause for c (java.lang.Character)",
                reason.cause().getMessage());
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT)
    void defaultHandlersRenderTheValueBoundedOnOneLineAndNeverForASensitiveProcess() {
        Pid pid = GenServer.startSync(node, new Bare(), SpawnOptions.DEFAULT, T);
        String forged = "get\nERROR forged log line\u0000" + "x".repeat(300);
        ProcessExitException e = assertThrows(ProcessExitException.class, () -> GenServer.call(pid, forged, T));
        String message = ((ExitReason.Exception) e.reason()).cause().getMessage();
        assertTrue(message.startsWith(Bare.class.getName() + ".handleCall has no clause for \"get\\nERROR forged log line\\u0000xxx"),
                message);
        assertFalse(message.contains("\n") || message.contains("\u0000"), "control characters are escaped: " + message);
        assertTrue(message.endsWith("...(" + (forged.length() + 1 + 5) + " chars)\" (java.lang.String)"), "cut: " + message);

        Pid secret = GenServer.startSync(node, new Bare(), SpawnOptions.DEFAULT.withSensitive(true), T);
        ProcessExitException s = assertThrows(ProcessExitException.class, () -> GenServer.call(secret, "password=hunter2", T));
        String hidden = ((ExitReason.Exception) s.reason()).cause().getMessage();
        assertEquals(Bare.class.getName() + ".handleCall has no clause for a java.lang.String (value not shown:"
                + " sensitive process)", hidden);
    }

    @Test
    @ExpectLog(level = "WARN", logger = "io.medic.runtime.GenServer", message = "has no clause")
    void defaultHandleInfoWarnsNamingTheValue() {
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(GenServer.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            Pid pid = GenServer.startSync(node, new Bare(), SpawnOptions.DEFAULT, T);
            Medic.send(pid, 42);
            assertEquals("bare", Sys.getState(pid));
            List<String> lines;
            synchronized (appender) {
                lines = appender.list.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
            }
            assertEquals(List.of(pid + " " + Bare.class.getName() + ".handleInfo has no clause for 42 (java.lang.Integer): ignored"),
                    lines);
        } finally {
            logger.detachAppender(appender);
        }
    }

    /** Returns what a cast may not return. */
    static final class BadReturn extends Recorder {
        @Override
        protected Result<List<Object>> handleCast(Object message, List<Object> state) {
            return "null".equals(message) ? null : reply("not allowed", state);
        }
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "bad return value")
    void badReturnValuesCrashTheServerNamingTheCallback() {
        Pid pid = GenServer.startSync(node, new BadReturn(), SpawnOptions.DEFAULT, T);
        GenServer.cast(pid, "reply from a cast");
        ExitReason.Exception r = assertInstanceOf(ExitReason.Exception.class, Await.result(Medic.whenExited(pid)));
        assertTrue(r.cause().getMessage().contains("bad return value")
                && r.cause().getMessage().contains("handleCast"), r.cause().getMessage());

        Pid other = GenServer.startSync(node, new BadReturn(), SpawnOptions.DEFAULT, T);
        GenServer.cast(other, "null");
        ExitReason.Exception n = assertInstanceOf(ExitReason.Exception.class, Await.result(Medic.whenExited(other)));
        assertTrue(n.cause().getMessage().contains("returned null"), n.cause().getMessage());
    }
}
