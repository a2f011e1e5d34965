package io.medic.runtime.overload;

import static io.medic.runtime.overload.OverloadTesting.counter;
import static io.medic.runtime.overload.OverloadTesting.deadServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.CallTimeoutException;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Node;
import io.medic.runtime.OverloadedException;
import io.medic.runtime.Pid;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Circuit breakers through the public API, on a node whose timers fire only when the test moves time on
 * (the manual scheduler runs the breaker's reset and the calls' timeouts on the test's thread). A call's
 * outcome reaches its caller after the breaker has taken it in, so a test reads the state directly once
 * it has the outcome; it waits (with {@link Await}) only where another thread completes the call.
 */
class BreakerTest extends OverloadNodePerClass {
    private final Breakers breakers = Breakers.of(node);

    @Test
    void opensAfterMaxFailuresThenFailsCallsAtOnceWithoutReachingTheServer() {
        Breaker b = breakers.create(BreakerSettings.named("opens").withMaxFailures(3).withResetTimeout(Duration.ofSeconds(10)));
        Pid dead = deadServer(node);
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(NoProcessException.class, Await.failure(b.callAsync(dead, "get", Duration.ofSeconds(1))));
        }
        assertEquals(BreakerState.OPEN, b.state(), "open as soon as the third failure is seen");

        Pid live = counter(node);
        long before = live.entry().messagesIn();
        CompletionStage<Long> refused = b.callAsync(live, "get", Duration.ofSeconds(30));
        assertTrue(refused.toCompletableFuture().isDone(), "an open breaker fails the call at once, not after a timeout");
        OverloadedException e = Await.failure(OverloadedException.class, refused);
        assertEquals("overloaded", e.code());
        assertEquals("open", e.reason());
        assertEquals("breaker \"opens\"", e.source());
        assertEquals(0, e.getStackTrace().length, "a refusal is cheap: no stack trace");
        assertTrue(e.getMessage().startsWith("breaker \"opens\" is open: calls fail fast for another "), e.getMessage());
        Duration left = e.retryAfter().orElseThrow();
        assertTrue(!left.isNegative() && left.compareTo(Duration.ofSeconds(10)) <= 0, left.toString());
        assertEquals(before, live.entry().messagesIn(), "the refused call never reached the server");
        assertThrows(OverloadedException.class, () -> b.call(live, "get"), "the blocking form throws it as it is");

        BreakerStats s = b.stats();
        assertEquals(new BreakerStats("opens", BreakerState.OPEN, 3, 5, 0, 3, 0, 2, 0, 1, s.since()), s);
    }

    /**
     * A continuation of the caller's stage runs on the thread that completed the call, right when the
     * outcome arrives: it must already find the breaker's state updated with that outcome.
     */
    @Test
    void theCallerSeesItsOutcomeOnlyOnceTheBreakerHasTakenItIn() {
        Breaker b = breakers.create(BreakerSettings.named("ordered").withMaxFailures(1).withResetTimeout(Duration.ofSeconds(1)));
        CompletableFuture<String> failing = new CompletableFuture<>();
        AtomicReference<BreakerState> seen = new AtomicReference<>();
        CompletionStage<String> call = b.protect(() -> failing);
        call.whenComplete((v, e) -> seen.set(b.state()));
        Thread completer = new Thread(() -> failing.completeExceptionally(new IOException("down")));
        completer.start();
        Await.failure(IOException.class, call);
        Await.until("the continuation", () -> seen.get() != null);
        assertEquals(BreakerState.OPEN, seen.get(), "the failure that opened the breaker was seen after it opened");
        assertEquals(BreakerState.OPEN, b.state());
        assertEquals(1, b.stats().opened());

        time.timePasses(Duration.ofSeconds(1));
        CompletableFuture<String> trialOutcome = new CompletableFuture<>();
        CompletionStage<String> trial = b.protect(() -> trialOutcome);
        AtomicReference<BreakerState> afterTrial = new AtomicReference<>();
        trial.whenComplete((v, e) -> afterTrial.set(b.state()));
        trialOutcome.complete("fine");
        assertEquals(BreakerState.CLOSED, afterTrial.get(), "the trial's success closed the breaker before its caller saw it");
    }

    @Test
    void anOpenBreakerNeverRunsTheBody() {
        Breaker b = breakers.create(BreakerSettings.named("body").withMaxFailures(1));
        AtomicInteger runs = new AtomicInteger();
        Supplier<CompletionStage<String>> failing = () -> {
            runs.incrementAndGet();
            return CompletableFuture.failedFuture(new IOException("down"));
        };
        assertInstanceOf(IOException.class, Await.failure(b.protect(failing)));
        awaitState(b, BreakerState.OPEN);
        for (int i = 0; i < 5; i++) {
            Await.failure(OverloadedException.class, b.protect(failing));
        }
        assertEquals(1, runs.get());
        assertEquals(5, b.stats().rejected());
    }

    @Test
    void halfOpenLetsOneTrialThroughWhoseSuccessCloses() {
        Breaker b = breakers.create(BreakerSettings.named("trial").withMaxFailures(1).withResetTimeout(Duration.ofSeconds(5)));
        trip(b);
        time.timePasses(Duration.ofSeconds(4));
        assertEquals(BreakerState.OPEN, b.state(), "still open before the reset timeout");
        time.timePasses(Duration.ofSeconds(1));
        assertEquals(BreakerState.HALF_OPEN, b.state());

        CompletableFuture<String> trialOutcome = new CompletableFuture<>();
        CompletionStage<String> trial = b.protect(() -> trialOutcome);
        AtomicInteger others = new AtomicInteger();
        OverloadedException e = Await.failure(OverloadedException.class, b.protect(() -> {
            others.incrementAndGet();
            return CompletableFuture.completedFuture("other");
        }));
        assertEquals("half_open", e.reason());
        assertEquals("breaker \"trial\" is half-open: a trial call is in progress and other calls fail fast until it"
                + " succeeds", e.getMessage());
        assertEquals(0, others.get(), "only the trial call runs while half-open");

        trialOutcome.complete("fine");
        assertEquals("fine", Await.result(trial));
        awaitState(b, BreakerState.CLOSED);
        assertEquals("again", Await.result(b.protect(() -> CompletableFuture.completedFuture("again"))));
        assertEquals(0, b.stats().failureCount());
    }

    @Test
    void aFailedTrialOpensAgainForLongerWithExponentialBackoffAndClosingRestoresTheResetTimeout() {
        Breaker b = breakers.create(BreakerSettings.named("backoff").withMaxFailures(1)
                .withResetTimeout(Duration.ofSeconds(1)).withExponentialBackoff(Duration.ofSeconds(8)));
        trip(b);
        time.timePasses(Duration.ofSeconds(1));
        assertEquals(BreakerState.HALF_OPEN, b.state());
        trip(b); // the trial fails: open for 2 s now
        time.timePasses(Duration.ofSeconds(1));
        assertEquals(BreakerState.OPEN, b.state(), "the second opening lasts twice the first");
        time.timePasses(Duration.ofSeconds(1));
        assertEquals(BreakerState.HALF_OPEN, b.state());

        Await.result(b.protect(() -> CompletableFuture.completedFuture("ok")));
        awaitState(b, BreakerState.CLOSED);
        trip(b);
        time.timePasses(Duration.ofSeconds(1));
        assertEquals(BreakerState.HALF_OPEN, b.state(), "closing restored the first reset timeout");
        assertEquals(3, b.stats().opened());
    }

    @Test
    void aCallSlowerThanTheCallTimeoutFailsNamingTheBreakerAndTheServerAndCountsAsATimeout() throws Exception {
        Breaker b = breakers.create(BreakerSettings.named("slow").withMaxFailures(1).withCallTimeout(Duration.ofSeconds(2)));
        Pid server = counter(node);
        Gate gate = new Gate();
        GenServer.cast(server, new Block(gate));
        gate.awaitEntered();

        CompletionStage<Long> call = b.callAsync(server, "get", Duration.ofSeconds(30));
        time.timePasses(Duration.ofMillis(1999));
        assertFalse(call.toCompletableFuture().isDone(), "not before the call timeout");
        time.timePasses(Duration.ofMillis(1));
        CallTimeoutException e = Await.failure(CallTimeoutException.class, call);
        assertEquals("timeout", e.code());
        assertEquals("call through breaker \"slow\" to " + server + " timed out after 2000 ms", e.getMessage());
        assertEquals(1, b.stats().timedOut());
        awaitState(b, BreakerState.OPEN);
        gate.open();
    }

    @Test
    void aReplyIsASuccessAndResetsTheFailureCount() {
        Breaker b = breakers.create(BreakerSettings.named("reply").withMaxFailures(2));
        Pid live = counter(node);
        Pid dead = deadServer(node);
        Await.failure(NoProcessException.class, b.callAsync(dead, "get", Duration.ofSeconds(1)));
        Await.until(() -> "failure count 1: " + b.stats(), () -> b.stats().failureCount() == 1);
        assertEquals(0L, (long) b.call(live, "get", Duration.ofSeconds(5)));
        Await.until(() -> "failure count 0: " + b.stats(), () -> b.stats().failureCount() == 0);
        Await.failure(NoProcessException.class, b.callAsync(dead, "get", Duration.ofSeconds(1)));
        assertEquals(BreakerState.CLOSED, b.state(), "one failure after a success does not open a breaker of 2");
        BreakerStats s = b.stats();
        assertEquals(3, s.calls());
        assertEquals(1, s.succeeded());
        assertEquals(2, s.failed());
    }

    @Test
    void aResultThePredicateCallsAFailureCountsAsOneAndStillReachesTheCaller() {
        Breaker b = breakers.create(BreakerSettings.named("busy").withMaxFailures(2));
        BiPredicate<String, Throwable> busy = (reply, error) -> error != null || "busy".equals(reply);
        assertEquals("busy", Await.result(b.protect(() -> CompletableFuture.completedFuture("busy"), busy)));
        assertEquals(1, b.stats().failed());
        assertEquals("fine", Await.result(b.protect(() -> CompletableFuture.completedFuture("fine"), busy)));
        assertEquals(1, b.stats().succeeded());
        Await.result(b.protect(() -> CompletableFuture.completedFuture("busy"), busy));
        Await.result(b.protect(() -> CompletableFuture.completedFuture("busy"), busy));
        awaitState(b, BreakerState.OPEN);

        Breaker p = breakers.create(BreakerSettings.named("bad-predicate").withMaxFailures(1));
        IllegalStateException thrown = new IllegalStateException("predicate bug");
        assertSame(thrown, Await.failure(p.protect(() -> CompletableFuture.completedFuture("x"), (v, e) -> {
            throw thrown;
        })));
        assertEquals(1, p.stats().failed());
    }

    @Test
    void aBodyThatThrowsOrReturnsNullFailsTheCallAndCountsAsAFailure() {
        Breaker b = breakers.create(BreakerSettings.named("throws").withMaxFailures(5));
        IllegalArgumentException bug = new IllegalArgumentException("bug");
        assertSame(bug, Await.failure(b.protect(() -> {
            throw bug;
        })));
        Throwable npe = Await.failure(b.protect(() -> null));
        assertEquals("the body given to breaker \"throws\" returned null instead of a CompletionStage", npe.getMessage());
        assertEquals(2, b.stats().failed());
    }

    @Test
    void transitionsReachTheBreakersAndTheNodesListenersInOrder() {
        List<BreakerEvent> own = new CopyOnWriteArrayList<>();
        List<BreakerEvent> all = new CopyOnWriteArrayList<>();
        java.util.function.Consumer<BreakerEvent> nodeListener = e -> {
            if (e.breaker().equals("events")) { // breakers of earlier tests may still change state
                all.add(e);
            }
        };
        breakers.addListener(nodeListener);
        try {
            Breaker b = breakers.create(BreakerSettings.named("events").withMaxFailures(1).withResetTimeout(Duration.ofSeconds(1)));
            b.addListener(own::add);
            trip(b);
            time.timePasses(Duration.ofSeconds(1));
            trip(b);
            time.timePasses(Duration.ofSeconds(1));
            Await.result(b.protect(() -> CompletableFuture.completedFuture("ok")));
            Await.until(() -> "5 events: " + all, () -> all.size() == 5 && own.size() == 5);
            List<String> expected = List.of("Opened closed->open", "HalfOpened open->half_open", "Opened half_open->open",
                    "HalfOpened open->half_open", "Closed half_open->closed");
            assertEquals(expected, own.stream().map(BreakerTest::describe).toList());
            assertEquals(own, all);
            own.forEach(e -> assertEquals("events", e.breaker()));
        } finally {
            breakers.removeListener(nodeListener);
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() {
        List<BreakerEvent> seen = new CopyOnWriteArrayList<>();
        Breaker b = breakers.create(BreakerSettings.named("throwing-listener").withMaxFailures(1));
        b.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        b.addListener(seen::add);
        try (var logs = io.medic.testing.LogCapture.expect("WARN", "io.medic.overload", "listener bug")) {
            trip(b);
            Await.until(() -> "an event: " + seen, () -> seen.size() == 1);
            logs.awaitCount(1);
        }
    }

    @Test
    void breakersAreListedByNameAndANameIsTakenOnce() {
        Breaker a = breakers.create(BreakerSettings.named("a"));
        Breaker c = breakers.create(BreakerSettings.named("c"));
        Breaker b = breakers.create(BreakerSettings.named("b"));
        assertEquals(List.of(a, b, c), breakers.list());
        assertSame(b, breakers.get("b").orElseThrow());
        assertEquals(3, breakers.count());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> breakers.create(BreakerSettings.named("b")));
        assertEquals("breaker name: \"b\" is already taken on node breaker-test: remove it first, or pick another name",
                e.getMessage());
        assertTrue(breakers.remove("b"));
        assertFalse(breakers.remove("b"));
        assertTrue(breakers.get("b").isEmpty());
        assertEquals("works", Await.result(b.protect(() -> CompletableFuture.completedFuture("works"))),
                "an unlisted breaker keeps working for its holders");
        assertTrue(breakers.create(BreakerSettings.named("b")) != b);
    }

    @Test
    void aBreakerMadeByAProcessIsListedUnderItsOwnerUntilTheOwnerStops() {
        Pid owner = counter(node);
        Pid other = counter(node);
        Breaker mine = breakers.create(BreakerSettings.named("mine"), owner);
        Breaker shared = breakers.create(BreakerSettings.named("shared"));
        assertEquals(List.of(mine), breakers.forOwner(owner));
        assertEquals(List.of(), breakers.forOwner(other));
        assertEquals(owner, mine.owner().orElseThrow());
        assertTrue(shared.owner().isEmpty());
        IllegalStateException taken = assertThrows(IllegalStateException.class,
                () -> breakers.create(BreakerSettings.named("mine"), other));
        assertTrue(taken.getMessage().contains("(owned by " + owner + ")"), taken.getMessage());

        Medic.exit(owner, ExitReason.KILLED);
        Await.result(Medic.whenExited(owner));
        Await.until("mine unlisted", () -> breakers.get("mine").isEmpty());
        assertEquals(List.of(), breakers.forOwner(owner));
        assertEquals(List.of(shared), breakers.list());
        Breaker again = breakers.create(BreakerSettings.named("mine"), other); // a restarted owner makes it again
        assertEquals(BreakerState.CLOSED, again.state());
        assertThrows(NoProcessException.class, () -> breakers.create(BreakerSettings.named("orphan"), owner));
        assertTrue(breakers.get("orphan").isEmpty());
    }

    @Test
    void settingsAreCheckedFieldByFieldAndAgainstEachOther() {
        assertMessage("name: expected 1 to 128 letters, digits, '.', '_' or '-' starting with a letter or digit, got \"a b\"",
                () -> BreakerSettings.named("a b"));
        assertMessage("name: expected 1 to 128 letters, digits, '.', '_' or '-', got null", () -> BreakerSettings.named(null));
        BreakerSettings s = BreakerSettings.named("s");
        assertMessage("maxFailures: expected 1 or more, got 0", () -> s.withMaxFailures(0));
        assertMessage("callTimeout: expected a duration from 1 ms to 86400 s, got 0 ms", () -> s.withCallTimeout(Duration.ZERO));
        assertMessage("resetTimeout: expected a duration from 1 ms to 86400 s, got 90000 s",
                () -> s.withResetTimeout(Duration.ofSeconds(90_000)));
        assertMessage("backoffFactor: expected 1.0 to 100.0, got 0.5", () -> s.withExponentialBackoff(Duration.ofMinutes(1), 0.5));
        assertMessage("randomFactor: expected 0.0 to 1.0, got NaN", () -> s.withRandomFactor(Double.NaN));

        BreakerSettings crossed = s.withResetTimeout(Duration.ofSeconds(30)).withExponentialBackoff(Duration.ofSeconds(10))
                .withRandomFactor(0.2);
        assertEquals(List.of("maxResetTimeout: expected at least resetTimeout (30 s), got 10 s"), crossed.validate());
        assertMessage("breaker s: maxResetTimeout: expected at least resetTimeout (30 s), got 10 s",
                () -> breakers.create(crossed));
        assertEquals(List.of("randomFactor: 0.2 applies to backed-off reset timeouts only; set maxResetTimeout with "
                + "withExponentialBackoff, or leave randomFactor at 0.0"), s.withRandomFactor(0.2).validate());
        assertTrue(breakers.get("s").isEmpty(), "an invalid breaker is not listed");
        assertEquals(List.of(), BreakerSettings.named("ok").validate());
    }

    @Test
    void argumentsAreCheckedBeforeTheBreakerCountsACall() {
        Breaker b = breakers.create(BreakerSettings.named("args"));
        Pid live = counter(node);
        assertMessage("timeout: expected a positive duration, got 0 ms", () -> b.callAsync(live, "get", Duration.ZERO));
        assertThrows(NullPointerException.class, () -> b.callAsync(live, null, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> b.protect(null));
        assertEquals(0, b.stats().calls());
    }

    @Test
    void aCallThroughTheBreakerOfAStoppedNodeFailsInsteadOfHanging() {
        Node stopped = Node.start("breaker-stopped");
        Breaker b = Breakers.of(stopped).create(BreakerSettings.named("orphaned"));
        stopped.close();
        AtomicInteger runs = new AtomicInteger();
        Throwable e = Await.failure(b.protect(() -> {
            runs.incrementAndGet();
            return CompletableFuture.completedFuture("x");
        }));
        assertTrue(e.getMessage().contains("timer shutdown"), e.toString());
        assertEquals(0, runs.get(), "the body is not run without its timeout");
        assertEquals(1, b.stats().failed());
    }

    // ------------------------------------------------------------------ helpers

    /** One failed call: opens a breaker of maxFailures 1 (or a half-open one). */
    private static void trip(Breaker b) {
        Await.failure(IOException.class, b.protect(() -> CompletableFuture.failedFuture(new IOException("down"))));
        awaitState(b, BreakerState.OPEN);
    }

    private static void awaitState(Breaker b, BreakerState state) {
        Await.until(() -> b + " to be " + state, () -> b.state() == state);
    }

    private static String describe(BreakerEvent e) {
        return e.getClass().getSimpleName() + " " + e.from().wireName() + "->" + e.to().wireName();
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, code);
        assertEquals(expected, e.getMessage());
    }
}
