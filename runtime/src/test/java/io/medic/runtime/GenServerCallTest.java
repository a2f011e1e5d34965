package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §3, call semantics: fail fast on a dead server, fail with the crash reason when the server
 * dies with the call pending or queued, time out with a timeout error; cast never blocks nor throws;
 * a server calling itself fails instead of deadlocking.
 *
 * <p>Calls that must fail fast are given a 30 s timeout and must fail within a 5 s hang guard.
 */
class GenServerCallTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration FAST = Duration.ofSeconds(5);

    @Test
    void callToADeadServerFailsAtOnceWithNoProcess() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.exit(pid, ExitReason.KILLED);
        Await.result(Medic.whenExited(pid));

        NoProcessException e = assertTimeoutPreemptively(FAST,
                () -> assertThrows(NoProcessException.class, () -> GenServer.call(pid, "anyone there?", LONG)));
        assertTrue(e.getMessage().contains(pid.toString()), "message names the process: " + e.getMessage());
        assertEquals(pid.toString(), e.target());
        assertEquals("noproc", e.code());
        CompletionStage<Object> async = GenServer.callAsync(pid, "anyone there?", LONG);
        assertTrue(async.toCompletableFuture().isCompletedExceptionally(), "the async call has already failed");
    }

    /** Medic.await waits for any async form the way the blocking forms do: value, or the failure itself. */
    @Test
    void awaitingAnAsyncCallAnswersLikeTheBlockingCall() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        assertEquals("one", Medic.await(GenServer.callAsync(pid, "one", T), "call", T));
        Medic.exit(pid, ExitReason.KILLED);
        Await.result(Medic.whenExited(pid));
        NoProcessException dead = assertThrows(NoProcessException.class,
                () -> Medic.await(GenServer.callAsync(pid, "anyone there?", T), "call", T));
        assertEquals(pid.toString(), dead.target());
        CallTimeoutException never = assertThrows(CallTimeoutException.class,
                () -> Medic.await(new CompletableFuture<>(), "a reply that never comes", Duration.ofMillis(1)));
        assertTrue(never.getMessage().contains("a reply that never comes"), never.getMessage());
    }

    /** A timeout beyond Akka's scheduler range (a year, for Erlang's infinity) still waits for the reply. */
    @Test
    void aCallWithAYearLongTimeoutIsAnswered() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        assertEquals("hello", GenServer.call(pid, "hello", Duration.ofDays(365)));
        assertEquals(ExitReason.NORMAL, Medic.await(GenServer.stop(pid, ExitReason.NORMAL, Duration.ofDays(365)),
                "stop", T));
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "division by zero")
    void serverCrashingInTheCallFailsItWithTheCrash() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        IllegalStateException boom = new IllegalStateException("division by zero");
        ProcessExitException e = assertTimeoutPreemptively(FAST, () -> assertThrows(ProcessExitException.class,
                () -> GenServer.call(pid, new Recorder.Crash(boom), LONG)));
        assertEquals(pid, e.pid());
        ExitReason.Exception reason = assertInstanceOf(ExitReason.Exception.class, e.reason());
        assertSame(boom, reason.cause());
        assertSame(boom, e.getCause());
        assertTrue(e.getMessage().contains(pid.toString()) && e.getMessage().contains("division by zero"),
                e.getMessage());
        assertEquals("exit", e.code());
        assertTrue(!pid.isAlive(), "whoever sees the failure sees the process dead");
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "boom")
    void callsQueuedBehindACrashFailFastWithTheCrash() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        IllegalStateException boom = new IllegalStateException("boom");
        assertQueuedRequestsFailWith(pid, p -> GenServer.cast(p, new Recorder.Crash(boom)), ExitReason.exception(boom));
    }

    @Test
    void callsQueuedBehindAStopFailFastWithTheReason() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        ExitReason reason = ExitReason.shutdown("draining");
        assertQueuedRequestsFailWith(pid, p -> GenServer.cast(p, new Recorder.StopWith(reason)), reason);
    }

    @Test
    void callsQueuedBehindAKillFailFastWithKilled() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        assertQueuedRequestsFailWith(pid, p -> Medic.exit(p, ExitReason.KILLED), ExitReason.KILLED);
    }

    /**
     * Blocks the server, queues {@code stopper}'s message and then three calls and a sys request (all
     * with 30 s timeouts), releases it: every request fails fast with {@code expected}.
     */
    private static void assertQueuedRequestsFailWith(Pid pid, Consumer<Pid> stopper, ExitReason expected) {
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        stopper.accept(pid);
        long before = pid.entry().messageQueueLen(); // a kill is out of band, other stops are queued
        List<CompletionStage<?>> queued = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            queued.add(GenServer.callAsync(pid, "queued-" + i, LONG));
        }
        queued.add(Sys.getStateAsync(pid, LONG));
        assertEquals(before + queued.size(), pid.entry().messageQueueLen(), "requests queued behind the stop");
        gate.open();
        for (CompletionStage<?> call : queued) {
            ProcessExitException e = Await.failure(ProcessExitException.class, call, FAST);
            assertEquals(expected, e.reason());
            assertEquals(pid, e.pid());
        }
        assertEquals(expected, Await.result(Medic.whenExited(pid)));
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "going away")
    void noreplyCallFailsWithTheExitReasonWhenTheServerStops() throws Exception {
        Recorder server = new Recorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        CompletionStage<Object> pending = GenServer.callAsync(pid, Recorder.NO_REPLY, LONG);
        server.froms.poll(5, TimeUnit.SECONDS);
        ExitReason reason = ExitReason.custom("going away");
        GenServer.cast(pid, new Recorder.StopWith(reason));
        ProcessExitException e = Await.failure(ProcessExitException.class, pending, FAST);
        assertEquals(reason, e.reason());
        assertTrue(e.getMessage().contains("going away"), e.getMessage());

        Recorder killed = new Recorder();
        Pid other = GenServer.startSync(node, killed, SpawnOptions.DEFAULT, T);
        CompletionStage<Object> pendingOnKilled = GenServer.callAsync(other, Recorder.NO_REPLY, LONG);
        killed.froms.poll(5, TimeUnit.SECONDS);
        Medic.exit(other, ExitReason.KILLED);
        assertEquals(ExitReason.KILLED, Await.failure(ProcessExitException.class, pendingOnKilled, FAST).reason());
    }

    @Test
    void callWithoutReplyTimesOut() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Duration timeout = Duration.ofMillis(200);
        CallTimeoutException e = assertThrows(CallTimeoutException.class,
                () -> GenServer.call(pid, Recorder.NO_REPLY, timeout));
        assertEquals(timeout, e.timeout());
        assertTrue(e.getMessage().contains(pid.toString()) && e.getMessage().contains("200 ms"), e.getMessage());
        assertEquals("timeout", e.code());
        assertTrue(pid.isAlive(), "a timed-out call does not hurt the server");
        assertEquals("still here", GenServer.call(pid, "still here", T));

        CallTimeoutException async = Await.failure(CallTimeoutException.class,
                GenServer.callAsync(pid, Recorder.NO_REPLY, timeout));
        assertTrue(async.getMessage().contains(pid.toString()), async.getMessage());
    }

    @Test
    void callStoppingWithAReplyAnswersThenStops() {
        Recorder server = new Recorder();
        Pid pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT, T);
        assertEquals("stopping", GenServer.call(pid, new Recorder.StopWith(ExitReason.NORMAL), T));
        assertEquals(ExitReason.NORMAL, Await.result(Medic.whenExited(pid)));
        assertEquals(ExitReason.NORMAL, Await.result(server.terminated));
    }

    @Test
    void castNeverThrowsNorBlocks() {
        Pid dead = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.exit(dead, ExitReason.KILLED);
        Await.result(Medic.whenExited(dead));
        Pid blocked = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Gate gate = new Gate();
        GenServer.cast(blocked, new Block(gate));
        gate.awaitEntered();

        assertTimeoutPreemptively(FAST, () -> {
            for (int i = 0; i < 1000; i++) {
                GenServer.cast(dead, "into the void " + i);
                GenServer.cast(blocked, "waits " + i);
                Medic.send(dead, "info into the void");
            }
        });
        assertEquals(1000, blocked.entry().messageQueueLen());
        gate.open();
        Await.until("the blocked server to catch up", () -> blocked.entry().messageQueueLen() == 0);
        assertEquals(1000, GenServer.<List<?>>call(blocked, Recorder.GET, T).size());
    }

    @Test
    void serverCallingItselfFailsInsteadOfDeadlocking() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Object outcome = assertTimeoutPreemptively(FAST, () -> GenServer.call(pid, new Recorder.Exec(self -> {
            try {
                return GenServer.call(self.pid(), "me again", LONG);
            } catch (RuntimeException e) {
                return e;
            }
        }), LONG));
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, outcome);
        assertTrue(e.getMessage().contains("calling_self") && e.getMessage().contains(pid.toString()), e.getMessage());
        assertTrue(pid.isAlive());

        // from a cast handler too
        CompletableFuture<Object> fromCast = new CompletableFuture<>();
        GenServer.cast(pid, new Recorder.Exec(self -> {
            try {
                fromCast.complete(GenServer.call(self.pid(), "me again", LONG));
            } catch (RuntimeException ex) {
                fromCast.complete(ex);
            }
            return null;
        }));
        Object castOutcome = assertTimeoutPreemptively(FAST, () -> fromCast.get());
        assertInstanceOf(IllegalStateException.class, castOutcome);
    }

    @Test
    void manyConcurrentCallersEachGetTheirOwnReply() throws Exception {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        int callers = 4;
        int perCaller = 250;
        MailboxQueueLengthTest.runConcurrently(callers, () -> {
            String me = Thread.currentThread().getName();
            for (int i = 0; i < perCaller; i++) {
                String request = me + "/" + i;
                Object reply = GenServer.call(pid, request, T);
                if (!request.equals(reply)) {
                    throw new AssertionError("asked " + request + ", got " + reply);
                }
            }
        });
        // a handler's sends become its messages_out when it ends: the last reply can reach its caller first
        Await.until(() -> "messages_out " + pid.entry().messagesOut() + " of " + callers * perCaller,
                () -> pid.entry().messagesOut() == callers * perCaller);
    }

    @Test
    void badTimeoutsAreRejectedNamingTheValue() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> GenServer.call(pid, "x", Duration.ZERO));
        assertTrue(zero.getMessage().contains("PT0S"), zero.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> GenServer.callAsync(pid, "x", Duration.ofSeconds(-1)));
        assertTrue(negative.getMessage().contains("PT-1S"), negative.getMessage());
        assertThrows(NullPointerException.class, () -> GenServer.call(pid, null, T));
    }
}
