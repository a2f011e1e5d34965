package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.ExpectLog;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.Expectation;
import io.medic.testing.Gate;
import io.medic.testing.LogCapture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Issue 2 §4, the sys protocol on GenServers: get_state, get_status, replace_state, suspend/resume,
 * statistics, log, trace, and its errors (dead process, blocked process, bad log size).
 */
class SysTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);

    // ================================================================== state and status

    @Test
    void getStateAndGetStatus() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("sys-status"), T);
        GenServer.cast(pid, "one");
        GenServer.cast(pid, "two");
        assertEquals(List.of("one", "two"), Sys.getState(pid));

        SysStatus s = Sys.getStatus(pid);
        assertEquals(pid, s.pid());
        assertEquals(ProcessStatus.RUNNING, s.status(), "it is running while it answers");
        assertEquals("gen_server", s.kind());
        assertEquals(Recorder.class.getName(), s.behaviour());
        assertNull(s.parent());
        assertEquals("akka://sys-test/user", s.parentPath());
        assertEquals("sys-status", s.registeredName());
        assertFalse(s.suspended());
        assertFalse(s.statisticsEnabled());
        assertEquals(0, s.logSize());
        assertFalse(s.traceEnabled());
        assertFalse(s.sensitive());
        assertEquals(List.of("one", "two"), s.state());
        assertNull(s.stateNote());

        Sys.statistics(pid, true);
        Sys.log(pid, 7);
        Sys.trace(pid, true);
        Sys.suspend(pid);
        SysStatus flags = Sys.getStatus(pid, T);
        assertTrue(flags.statisticsEnabled());
        assertEquals(7, flags.logSize());
        assertTrue(flags.traceEnabled());
        assertTrue(flags.suspended());
        assertEquals(ProcessStatus.SUSPENDED, flags.status());
        Sys.resume(pid);
        Sys.trace(pid, false);
        assertFalse(Sys.getStatus(pid).suspended());
        assertFalse(Sys.getStatus(pid).traceEnabled());

        Pid child = GenServer.call(pid, new Recorder.Exec(self ->
                GenServer.spawn(self.ctx(), new Recorder(), SpawnOptions.DEFAULT).pid()), T);
        SysStatus childStatus = Sys.getStatus(child);
        assertEquals(pid, childStatus.parent());
        assertEquals(pid.path(), childStatus.parentPath());
        assertNull(childStatus.registeredName());
    }

    @Test
    void asyncFormsAnswerToo() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        GenServer.cast(pid, "x");
        assertEquals(List.of("x"), Await.result(Sys.<List<Object>>getStateAsync(pid, T)));
        assertEquals(pid, Await.result(Sys.getStatusAsync(pid, T)).pid());
        assertEquals(List.of("y"), Await.result(Sys.<List<Object>>replaceStateAsync(pid, s -> new ArrayList<>(List.of("y")), T)));
    }

    @Test
    void replaceStateReturnsAndKeepsTheNewState() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        GenServer.cast(pid, "old");
        List<Object> fresh = Sys.replaceState(pid, (List<Object> s) -> {
            List<Object> next = new ArrayList<>(s);
            next.add("added by replace_state");
            return next;
        });
        assertEquals(List.of("old", "added by replace_state"), fresh);
        assertEquals(fresh, Sys.getState(pid));
        GenServer.cast(pid, "new");
        assertEquals(List.of("old", "added by replace_state", "new"), GenServer.call(pid, Recorder.GET, T));
    }

    @Test
    void replaceStateThatThrowsLeavesTheStateUnchanged() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        GenServer.cast(pid, "kept");
        List<Object> before = Sys.getState(pid);
        IllegalArgumentException cause = new IllegalArgumentException("cannot migrate");
        Function<List<Object>, List<Object>> failing = s -> {
            throw cause;
        };
        ReplaceStateException e = assertThrows(ReplaceStateException.class, () -> Sys.replaceState(pid, failing));
        assertSame(cause, e.getCause());
        assertTrue(e.getMessage().contains(pid.toString()) && e.getMessage().contains("cannot migrate")
                && e.getMessage().contains("unchanged"), e.getMessage());
        assertEquals("callback_failed", e.code());
        assertSame(before, Sys.getState(pid), "the very same state object is kept");
        assertEquals(List.of("kept"), Sys.getState(pid));
        assertTrue(pid.isAlive(), "a failed replace_state does not crash the process");
        assertEquals("still serving", GenServer.call(pid, "still serving", T));
    }

    // ================================================================== suspend / resume

    @Test
    void suspendedProcessQueuesUserMessagesAnswersSysAndResumesInOrder() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        ProcessEntry entry = pid.entry();
        GenServer.cast(pid, "before");
        Sys.suspend(pid);
        Await.until("the table to show the process suspended", () -> entry.status() == ProcessStatus.SUSPENDED);

        List<Object> expected = new ArrayList<>(List.of("before"));
        CompletionStage<Object> timedOut = null;
        for (int i = 1; i <= 60; i++) {
            if (i % 10 == 0) {
                Medic.send(pid, "info-" + i);
                expected.add("info-" + i);
            } else {
                GenServer.cast(pid, i);
                expected.add(i);
            }
            if (i == 25) {
                timedOut = GenServer.callAsync(pid, "call-25", Duration.ofMillis(300));
                expected.add("call-25");
            }
        }
        Await.until("61 messages to wait in the queue", () -> entry.messageQueueLen() == 61);

        CallTimeoutException e = Await.failure(CallTimeoutException.class, timedOut);
        assertTrue(e.getMessage().contains(pid.toString()), e.getMessage());
        assertThrows(CallTimeoutException.class, () -> GenServer.call(pid, "blocking call", Duration.ofMillis(200)));
        expected.add("blocking call");

        // system messages are still answered, and see the state before the queued messages
        assertEquals(List.of("before"), Sys.getState(pid));
        assertTrue(Sys.getStatus(pid).suspended());
        assertEquals(62, entry.messageQueueLen());
        // it answers from inside its sys handler: back to suspended once that handler has returned
        Await.until("the process to be shown suspended", () -> entry.status() == ProcessStatus.SUSPENDED);

        Sys.resume(pid);
        assertEquals(expected, GenServer.call(pid, Recorder.GET, T), "every message handled once, in arrival order");
        assertEquals(0, entry.messageQueueLen());
        Await.until("the process to wait again", () -> entry.status() == ProcessStatus.WAITING);
    }

    @Test
    void exitSignalIsHandledWhileSuspendedAndFailsTheQueuedCalls() {
        Recorder server = new Recorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        Sys.suspend(pid);
        CompletionStage<Object> held = GenServer.callAsync(pid, "held", Duration.ofSeconds(30));
        Await.until("the call to be held", () -> pid.entry().messageQueueLen() == 1);
        Medic.exit(pid, ExitReason.SHUTDOWN);
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(pid)));
        assertEquals(ExitReason.SHUTDOWN, Await.result(server.terminated));
        assertEquals(ExitReason.SHUTDOWN, Await.failure(ProcessExitException.class, held, Duration.ofSeconds(5)).reason());
    }

    // ================================================================== statistics

    @Test
    void statisticsCountSinceTheyWereEnabled() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        assertEquals(Optional.empty(), Sys.getStatistics(pid), "no statistics before they are enabled");
        for (int i = 0; i < 20; i++) {
            GenServer.call(pid, "before " + i, T);
        }

        Instant enabled = Instant.now().minusMillis(1);
        Sys.statistics(pid, true);
        for (int i = 0; i < 10; i++) {
            GenServer.cast(pid, "cast " + i);
        }
        for (int i = 0; i < 5; i++) {
            GenServer.call(pid, "call " + i, T);
        }
        SysStatistics stats = Sys.getStatistics(pid).orElseThrow();
        // OTP's messages_in: the 15 user messages since enabling; the sys requests themselves do not count
        assertEquals(15, stats.messagesIn(), "messages in: " + stats.messagesIn());
        assertEquals(5, stats.messagesOut(), "one reply per call since enabling");
        assertTrue(stats.reductions() >= stats.messagesIn(), "reductions: " + stats.reductions());
        assertFalse(stats.startTime().isBefore(enabled), stats.startTime() + " vs " + enabled);
        assertFalse(stats.currentTime().isBefore(stats.startTime()));
        assertTrue(pid.entry().messagesOut() >= 25, "the table counts all replies ever");

        GenServer.cast(pid, "one more");
        SysStatistics later = Sys.getStatistics(pid).orElseThrow();
        assertEquals(16, later.messagesIn());
        assertTrue(later.reductions() > stats.reductions());

        Sys.statistics(pid, false);
        assertEquals(Optional.empty(), Sys.getStatistics(pid));
        assertFalse(Sys.getStatus(pid).statisticsEnabled());

        Sys.statistics(pid, true);
        SysStatistics reset = Sys.getStatistics(pid).orElseThrow();
        assertEquals(0, reset.messagesIn(), "enabling again starts from zero: " + reset);
        assertEquals(0, reset.messagesOut());
    }

    // ================================================================== log

    @Test
    void logKeepsTheLastNEventsInOrder() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        assertEquals(List.of(), Sys.getLog(pid), "no log before it is enabled");
        GenServer.cast(pid, "not logged");
        Sys.log(pid, 4);
        GenServer.cast(pid, "a");
        GenServer.cast(pid, "b");
        GenServer.cast(pid, "c");
        assertEquals("d", GenServer.call(pid, "d", T));

        List<SysEvent> log = Sys.getLog(pid);
        assertEquals(List.of("cast", "noreply", "call", "reply"), kinds(log));
        assertEquals(List.of("c", "[not logged, a, b, c]", "d", "d"), descriptions(log));
        for (int i = 1; i < log.size(); i++) {
            assertFalse(log.get(i).time().isBefore(log.get(i - 1).time()), "events in time order: " + log);
        }

        Medic.send(pid, "an info");
        assertEquals(List.of("call", "reply", "info", "noreply"), kinds(Sys.getLog(pid)));
        assertEquals("an info", Sys.getLog(pid).get(2).description());

        Sys.replaceState(pid, s -> s);
        assertEquals("system", Sys.getLog(pid).get(3).kind(), "a replaced state is logged");

        Sys.log(pid, 2); // a smaller ring keeps the newest events that fit
        assertEquals(List.of("noreply", "system"), kinds(Sys.getLog(pid)));
        assertEquals(2, Sys.getStatus(pid).logSize());

        Sys.log(pid, false);
        assertEquals(List.of(), Sys.getLog(pid), "disabled: empty");
        GenServer.cast(pid, "while off");
        assertEquals(List.of(), Sys.getLog(pid));
        assertEquals(0, Sys.getStatus(pid).logSize());

        Sys.log(pid, true);
        assertEquals(10, Sys.getStatus(pid).logSize(), "log(true) keeps 10 events, as in OTP");
    }

    @Test
    void longMessagesAreCutInTheLog() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Sys.log(pid, 2);
        String huge = "x".repeat(500);
        GenServer.call(pid, huge, T);
        String description = Sys.getLog(pid).get(0).description();
        assertEquals("x".repeat(200) + "...(500 chars)", description);
    }

    @Test
    void badLogSizesAreRejectedNamingTheValue() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        int max = node.settings().sysMaxLogSize();
        for (int bad : new int[] {0, -3, max + 1}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sys.log(pid, bad));
            assertTrue(e.getMessage().contains("bad value " + bad) && e.getMessage().contains("medic.sys.max-log-size")
                    && e.getMessage().contains(String.valueOf(max)), e.getMessage());
        }
        assertEquals(0, Sys.getStatus(pid).logSize(), "a refused size changes nothing");
        Sys.log(pid, max);
        assertEquals(max, Sys.getStatus(pid).logSize());
    }

    // ================================================================== trace

    @Test
    void traceWritesEventsToTheTraceLoggerUntilTurnedOff() {
        try (Expectation trace = LogCapture.listen("INFO", "io.medic.trace")) {
            Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
            Sys.trace(pid, true);
            GenServer.cast(pid, "traced-cast");
            assertEquals("traced-call", GenServer.call(pid, "traced-call", T), "tracing changes no reply");
            // the reply event is traced just after the reply left, so the caller may be a little ahead
            Await.until("trace lines for the cast and the reply", () -> {
                List<String> lines = trace.messages();
                return lines.stream().anyMatch(l -> l.equals(pid + " cast: traced-cast"))
                        && lines.stream().anyMatch(l -> l.equals(pid + " reply: traced-call"));
            });
            assertTrue(trace.messages().contains(pid + " call: traced-call"), "trace lines: " + trace.messages());

            Sys.trace(pid, false);
            int count = trace.count();
            GenServer.cast(pid, "untraced-cast");
            GenServer.call(pid, "untraced-call", T);
            assertEquals(count, trace.count(), "nothing traced once off: "
                    + trace.messages().subList(count, trace.messages().size()));
            assertEquals(List.of("traced-cast", "traced-call", "untraced-cast", "untraced-call"),
                    GenServer.call(pid, Recorder.GET, T));
        }
    }

    // ================================================================== installed functions

    /** One call of an installed function, as it saw it (the message as it read then: a noreply's state changes later). */
    record Seen(String function, Object state, String kind, String message) {
    }

    @Test
    void installedFunctionsSeeEveryEventEachWithItsOwnState() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        List<Seen> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sys.install(pid, "counter", (Integer n, String kind, Object message) -> {
            seen.add(new Seen("counter", n, kind, String.valueOf(message)));
            return n + 1;
        }, 0);
        Sys.install(pid, "kinds", (String kinds, String kind, Object message) -> {
            seen.add(new Seen("kinds", kinds, kind, String.valueOf(message)));
            return kinds + kind.charAt(0);
        }, "");
        GenServer.cast(pid, "a cast");
        assertEquals("a call", GenServer.call(pid, "a call", T));
        Medic.send(pid, "an info");
        Await.until("six events seen by each function", () -> seen.size() == 12);
        assertEquals(List.of(
                new Seen("counter", 0, "cast", "a cast"), new Seen("kinds", "", "cast", "a cast"),
                new Seen("counter", 1, "noreply", "[a cast]"), new Seen("kinds", "c", "noreply", "[a cast]"),
                new Seen("counter", 2, "call", "a call"), new Seen("kinds", "cn", "call", "a call"),
                new Seen("counter", 3, "reply", "a call"), new Seen("kinds", "cnc", "reply", "a call")),
                seen.subList(0, 8), "every event, in order, each function with its own state");
        assertEquals(List.of("counter", "kinds"), Sys.getStatus(pid).installed());
    }

    @Test
    void installIsIdempotentByIdAndRemoveTakesAFunctionOut() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sys.install(pid, "f", (Integer n, String kind, Object message) -> {
            calls.add("first " + n);
            return n + 1;
        }, 0);
        Sys.install(pid, "f", (Integer n, String kind, Object message) -> {
            calls.add("second " + n);
            return n + 1;
        }, 100);
        GenServer.call(pid, "x", T);
        Await.until("two events", () -> calls.size() == 2);
        assertEquals(List.of("first 0", "first 1"), calls, "the id was taken: the first function keeps running");
        assertEquals(List.of("f"), Sys.getStatus(pid).installed());

        assertTrue(Sys.remove(pid, "f"));
        assertFalse(Sys.remove(pid, "f"), "nothing is installed under that id any more");
        GenServer.call(pid, "y", T);
        assertEquals(2, calls.size(), "a removed function is not called");
        assertEquals(List.of(), Sys.getStatus(pid).installed());
    }

    @Test
    void aFunctionReturningNullIsDoneAndRemoved() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        List<Object> messages = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sys.install(pid, "two casts", (Integer left, String kind, Object message) -> {
            if (!kind.equals("cast")) {
                return left;
            }
            messages.add(message);
            return left == 1 ? null : left - 1;
        }, 2);
        for (String m : List.of("one", "two", "three")) {
            GenServer.cast(pid, m);
        }
        assertEquals(List.of("one", "two", "three"), GenServer.call(pid, Recorder.GET, T));
        assertEquals(List.of("one", "two"), messages, "done after two casts");
        assertEquals(List.of(), Sys.getStatus(pid).installed());
    }

    @Test
    void noDebugTurnsOffStatisticsLogTraceAndInstalledFunctions() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        List<Object> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sys.statistics(pid, true);
        Sys.log(pid, 5);
        Sys.trace(pid, true);
        Sys.install(pid, "f", (Integer n, String kind, Object message) -> {
            calls.add(message);
            return n;
        }, 0);
        GenServer.cast(pid, "before");
        Sys.noDebug(pid);
        SysStatus s = Sys.getStatus(pid);
        assertFalse(s.statisticsEnabled());
        assertEquals(0, s.logSize());
        assertFalse(s.traceEnabled());
        assertEquals(List.of(), s.installed());
        assertEquals(Optional.empty(), Sys.getStatistics(pid));
        assertEquals(List.of(), Sys.getLog(pid));
        int before = calls.size();
        GenServer.cast(pid, "after");
        GenServer.call(pid, Recorder.GET, T);
        assertEquals(before, calls.size(), "no installed function runs after no_debug");
    }

    @Test
    void aSensitiveProcessCallsNoInstalledFunction() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withSensitive(true), T);
        List<Object> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
        Sys.install(pid, "spy", (Integer n, String kind, Object message) -> {
            calls.add(message);
            return n;
        }, 0);
        GenServer.cast(pid, "secret");
        GenServer.call(pid, Recorder.GET, T);
        assertEquals(List.of(), calls);
    }

    // ================================================================== terminate

    /** Records handleExit calls (sys:terminate must not go through it). */
    static final class ExitRecorder extends Recorder {
        final List<ExitReason> exits = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        protected Result<List<Object>> handleExit(ExitReason reason, Pid from, List<Object> state) throws Exception {
            exits.add(reason);
            return super.handleExit(reason, from, state);
        }
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT)
    void sysTerminateStopsASuspendedServerAheadOfItsMailboxRunningTerminate() {
        ExitRecorder server = new ExitRecorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        Sys.suspend(pid);
        GenServer.cast(pid, "queued");
        CompletionStage<Object> call = GenServer.callAsync(pid, "waiting call", Duration.ofSeconds(30));
        ExitReason reason = ExitReason.custom("upgrade");
        assertEquals(reason, Sys.terminate(pid, reason, T));
        assertFalse(pid.isAlive(), "the caller returns once the process has exited");
        assertEquals(java.util.Optional.of(reason), pid.exitReason());
        assertEquals(reason, Await.result(server.terminated), "terminate ran with the reason");
        assertEquals(List.of(), server.exits, "no handleExit: a system stop is not an exit signal");
        assertEquals(reason, Await.failure(ProcessExitException.class, call).reason(), "the held call fails at once");
        assertThrows(NoProcessException.class, () -> Sys.terminate(pid, reason, T));
    }

    /** Its terminate throws. */
    static final class BadTerminate extends Recorder {
        @Override
        protected void terminate(ExitReason reason, List<Object> state) {
            throw new IllegalStateException("could not flush");
        }
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT)
    @ExpectLog(logger = "io.medic.runtime.GenServerProcess", message = "threw")
    void sysTerminateAnswersTheReasonTheProcessExitedWith() {
        Pid pid = GenServer.startSync(node, new BadTerminate(), SpawnOptions.DEFAULT, T);
        ExitReason.Exception r = assertInstanceOf(ExitReason.Exception.class, Sys.terminate(pid, ExitReason.NORMAL));
        assertEquals("could not flush", r.cause().getMessage());
        assertEquals(r, Await.result(Medic.whenExited(pid)));
    }

    @Test
    void sysTerminateStopsAPlainBehaviourWhichGetsPostStop() {
        CompletableFuture<String> postStop = new CompletableFuture<>();
        Pid pid = Medic.spawn(node, akka.actor.typed.javadsl.Behaviors.receive(Object.class)
                .onSignal(akka.actor.typed.PostStop.class, s -> {
                    postStop.complete("post-stop");
                    return akka.actor.typed.javadsl.Behaviors.same();
                }).build(), SpawnOptions.DEFAULT).pid();
        assertEquals(ExitReason.SHUTDOWN, Sys.terminate(pid, ExitReason.SHUTDOWN));
        assertEquals("post-stop", Await.result(postStop));
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(pid)));
    }

    // ================================================================== errors

    @Test
    void everySysRequestToADeadProcessFailsWithNoProcess() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.exit(pid, ExitReason.KILLED);
        Await.result(Medic.whenExited(pid));
        Map<String, Executable> requests = Map.ofEntries(
                Map.entry("get_state", () -> Sys.getState(pid)),
                Map.entry("get_status", () -> Sys.getStatus(pid)),
                Map.entry("replace_state", () -> Sys.replaceState(pid, s -> s)),
                Map.entry("suspend", () -> Sys.suspend(pid)),
                Map.entry("resume", () -> Sys.resume(pid)),
                Map.entry("statistics on", () -> Sys.statistics(pid, true)),
                Map.entry("statistics off", () -> Sys.statistics(pid, false)),
                Map.entry("statistics get", () -> Sys.getStatistics(pid)),
                Map.entry("log on", () -> Sys.log(pid, 5)),
                Map.entry("log off", () -> Sys.log(pid, false)),
                Map.entry("log get", () -> Sys.getLog(pid)),
                Map.entry("trace", () -> Sys.trace(pid, true)),
                Map.entry("terminate", () -> Sys.terminate(pid, ExitReason.NORMAL)),
                Map.entry("install", () -> Sys.install(pid, "f", (Integer n, String k, Object m) -> n, 0)),
                Map.entry("remove", () -> Sys.remove(pid, "f")),
                Map.entry("no_debug", () -> Sys.noDebug(pid)));
        requests.forEach((name, request) -> {
            NoProcessException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertThrows(NoProcessException.class, request, name));
            assertTrue(e.getMessage().contains(pid.toString()), name + ": " + e.getMessage());
        });
    }

    @Test
    void sysRequestToAProcessBlockedInAHandlerTimesOut() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        CallTimeoutException e = assertThrows(CallTimeoutException.class,
                () -> Sys.getState(pid, Duration.ofMillis(200)));
        assertTrue(e.getMessage().contains("get_state") && e.getMessage().contains(pid.toString())
                && e.getMessage().contains("200 ms"), e.getMessage());
        assertThrows(CallTimeoutException.class, () -> Sys.getStatus(pid, Duration.ofMillis(100)));
        // the table, unlike sys, still answers
        assertEquals(ProcessStatus.RUNNING, pid.entry().status());
        gate.open();
        assertEquals(List.of(), Sys.getState(pid), "answers again once unblocked");
    }

    private static List<String> kinds(List<SysEvent> log) {
        return log.stream().map(SysEvent::kind).toList();
    }

    private static List<String> descriptions(List<SysEvent> log) {
        return log.stream().map(SysEvent::description).toList();
    }
}
