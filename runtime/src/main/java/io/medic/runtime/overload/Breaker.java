package io.medic.runtime.overload;

import akka.dispatch.ExecutionContexts;
import akka.pattern.CircuitBreaker;
import akka.pattern.CircuitBreakerOpenException;
import io.medic.runtime.CallTimeoutException;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.OverloadedException;
import io.medic.runtime.Pid;
import io.medic.runtime.overload.internal.Checks;
import io.medic.runtime.overload.internal.SerialDelivery;
import io.medic.runtime.overload.internal.Transitions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function0;
import scala.Function1;
import scala.Option;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.concurrent.duration.FiniteDuration;
import scala.util.Try;

/**
 * A circuit breaker in front of a server or anything remote: Erlang's {@code fuse} and Klarna's
 * {@code circuit_breaker} (the book's "asking for permission", 3.2.2), built on Akka's
 * {@code akka.pattern.CircuitBreaker}, whose state machine it uses as it is. Made and listed by
 * {@link Breakers}.
 *
 * <pre>{@code
 * Breaker payments = Breakers.of(node).create(BreakerSettings.named("payments").withMaxFailures(5));
 * Receipt r = payments.call(paymentServer, new Charge(order), Duration.ofSeconds(2));  // gen_server:call through it
 * payments.protect(() -> httpClient.sendAsync(request, ofString()));                  // anything asynchronous
 * }</pre>
 *
 * <p>While <b>closed</b>, calls go through and consecutive failures are counted: an exception, a
 * timeout (the breaker's {@code callTimeout}, or a Medic call's own), or a result that the caller's
 * predicate calls a failure. A success resets the count. {@code maxFailures} of them <b>open</b> the
 * breaker: every call then fails <em>at once</em>, without running, with an
 * {@link OverloadedException} ({@code overloaded}) that names the breaker and says how long it stays
 * open — never after its timeout. After the reset timeout the breaker is <b>half-open</b>: one trial
 * call goes through (the others fail at once); its success closes the breaker, its failure opens it
 * again, for a longer time with exponential backoff. Transitions are delivered as
 * {@link BreakerEvent}s to listeners.
 *
 * <p>Every call is counted in {@link #stats()} before its caller sees the outcome. The state is Akka's:
 * it changes on the thread that completes the call, right after the caller's stage completes, so a
 * caller that reads {@link #state()} the instant its call failed may still see the state before that
 * failure was counted. Thread-safe.
 */
public final class Breaker {
    private static final Logger LOG = LoggerFactory.getLogger("io.medic.overload");
    /** What Akka's breaker takes as "no exponential backoff": its own constant. */
    private static final FiniteDuration NO_MAX_RESET = scala.concurrent.duration.Duration.create(36500, TimeUnit.DAYS);
    private static final String OPERATION = "the protected operation";

    private final BreakerSettings settings;
    private final Pid owner;
    private final String source;
    private final CircuitBreaker breaker;
    private final Executor dispatcher;
    private final Transitions transitions;
    private final List<Consumer<? super BreakerEvent>> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /**
     * @param scheduler     Akka's scheduler: the call timeouts and the reset timeouts
     * @param dispatcher    completes timed-out calls (off the scheduler's thread) and runs listeners
     * @param delivery      runs listener notifications one at a time, in order
     * @param nodeListeners the node's listeners, notified after the breaker's own
     */
    Breaker(BreakerSettings settings, Pid owner, akka.actor.Scheduler scheduler, Executor dispatcher,
            SerialDelivery delivery, List<Consumer<? super BreakerEvent>> nodeListeners) {
        this.settings = settings;
        this.owner = owner;
        this.source = "breaker " + Checks.quote(settings.name());
        this.dispatcher = dispatcher;
        this.transitions = new Transitions(settings.name(),
                e -> delivery.offer(() -> notifyListeners(e, nodeListeners)), Instant::now);
        // Akka runs its transition listeners and its reset timer's task on this executor: the calling
        // thread, so that Transitions sees each transition where it happens (it only takes a lock).
        this.breaker = new CircuitBreaker(scheduler, settings.maxFailures(), scala(settings.callTimeout()),
                scala(settings.resetTimeout()), settings.maxResetTimeout().map(Breaker::scala).orElse(NO_MAX_RESET),
                settings.backoffFactor(), settings.randomFactor(), ExecutionContexts.fromExecutor(Runnable::run));
        breaker.addOnOpenListener(() -> transitions.entered(BreakerState.OPEN));
        breaker.addOnHalfOpenListener(() -> transitions.entered(BreakerState.HALF_OPEN));
        breaker.addOnCloseListener(() -> transitions.entered(BreakerState.CLOSED));
    }

    // ================================================================== calls

    /**
     * Runs {@code body} through the breaker: {@code body} starts an asynchronous operation and returns
     * its stage (it runs on the caller's thread, so it must not block). While the breaker lets calls
     * through, the returned stage completes as {@code body}'s does, or fails with a
     * {@link CallTimeoutException} naming the breaker after its {@code callTimeout} (the operation's
     * late result is then dropped). While it is open or half-open, the returned stage has already failed
     * with an {@link OverloadedException}, and {@code body} was not called. An exception thrown by
     * {@code body} fails the stage and counts as a failure.
     *
     * <p>Cost: a few hundred nanoseconds on top of the operation: Akka's promise and its call-timeout
     * timer (one scheduler insertion and one cancellation), two stage conversions, three counters
     * (see docs/overload.md for the measured figure).
     *
     * @throws NullPointerException if {@code body} is null
     */
    public <T> CompletionStage<T> protect(Supplier<? extends CompletionStage<T>> body) {
        return run(Objects.requireNonNull(body, "body"), null, OPERATION);
    }

    /**
     * {@link #protect(Supplier)}, counting a completion as a failure when {@code isFailure} says so
     * ({@code isFailure.test(value, null)} for a value, {@code isFailure.test(null, error)} for an
     * error): Akka's {@code defineFailureFn}. A result called a failure still reaches the caller as it
     * is; it only counts against the breaker. A predicate that throws makes the call a failure, with
     * the predicate's exception.
     */
    public <T> CompletionStage<T> protect(Supplier<? extends CompletionStage<T>> body,
                                          BiPredicate<? super T, ? super Throwable> isFailure) {
        return run(Objects.requireNonNull(body, "body"), Objects.requireNonNull(isFailure, "isFailure"), OPERATION);
    }

    /**
     * {@code gen_server:call(Server, Request, Timeout)} through the breaker, without blocking: see
     * {@link GenServer#callAsync} and {@link #protect(Supplier)}. The call times out after the shorter of
     * {@code timeout} and the breaker's {@code callTimeout}. A dead server ({@code noproc}), a crash during
     * the call and a timeout count as failures; any reply is a success.
     *
     * <p>Cost: {@link GenServer#callAsync}'s, plus {@link #protect(Supplier)}'s.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public <R> CompletionStage<R> callAsync(Pid server, Object request, Duration timeout) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(request, "request");
        Checks.positive("timeout", timeout);
        return run(() -> GenServer.<R>callAsync(server, request, timeout), null, server.toString());
    }

    /**
     * {@link #callAsync} and wait for the reply; throws what its stage fails with, as it is:
     * {@link OverloadedException} (at once while the breaker is open), {@link CallTimeoutException},
     * {@link io.medic.runtime.NoProcessException}, {@link io.medic.runtime.ProcessExitException}. Do not
     * call from inside an actor.
     */
    public <R> R call(Pid server, Object request, Duration timeout) {
        return Medic.await(callAsync(server, request, timeout), "call through " + source, timeout);
    }

    /** {@link #call(Pid, Object, Duration)} with the breaker's {@code callTimeout}. */
    public <R> R call(Pid server, Object request) {
        return call(server, request, settings.callTimeout());
    }

    // ================================================================== state

    public String name() {
        return settings.name();
    }

    public BreakerSettings settings() {
        return settings;
    }

    /** The process that made the breaker with {@link Breakers#create(BreakerSettings, Pid)}, if one did. */
    public Optional<Pid> owner() {
        return Optional.ofNullable(owner);
    }

    /** Closed, open or half-open, as Akka's breaker has it now. Cost: a few volatile reads. */
    public BreakerState state() {
        while (true) {
            if (breaker.isClosed()) {
                return BreakerState.CLOSED;
            }
            if (breaker.isOpen()) {
                return BreakerState.OPEN;
            }
            if (breaker.isHalfOpen()) {
                return BreakerState.HALF_OPEN;
            }
            // it changed between the reads: read again
        }
    }

    /** The state and counters. Cost: a few volatile reads and sums of five striped counters. */
    public BreakerStats stats() {
        long s = succeeded.sum();
        long f = failed.sum();
        long t = timedOut.sum();
        long r = rejected.sum();
        long c = calls.sum(); // read last: it is counted before the outcome, so c covers every outcome read
        return new BreakerStats(name(), state(), breaker.currentFailureCount(), c, s, f, t, r,
                Math.max(0, c - s - f - t - r), transitions.opened(), transitions.since());
    }

    /**
     * Adds a listener of this breaker's transitions. Listeners run on the node's dispatcher, one event
     * at a time, in order; a listener that throws is logged and the others still run. See
     * {@link Breakers#addListener} for every breaker of the node.
     */
    public void addListener(Consumer<? super BreakerEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener; returns whether it was there. */
    public boolean removeListener(Consumer<? super BreakerEvent> listener) {
        return listeners.remove(listener);
    }

    @Override
    public String toString() {
        return "Breaker(" + name() + ", " + state().wireName() + ")";
    }

    // ================================================================== internals

    private <T> CompletionStage<T> run(Supplier<? extends CompletionStage<T>> body,
                                       BiPredicate<? super T, ? super Throwable> isFailure, String target) {
        calls.increment();
        Attempt<T> attempt = new Attempt<>(body, isFailure, target);
        // Akka's Scala API: its Java one adds two stage conversions and a closure per call
        Future<Attempt<T>> guarded = breaker.withCircuitBreaker(attempt, attempt);
        if (!attempt.started) { // Akka refused it without calling the body: open, or half-open with a trial running
            rejected.increment();
            attempt.result.completeExceptionally(refusal(guarded));
        }
        return attempt.result;
    }

    /** The {@code overloaded} error for a call Akka refused, with Akka's time left before a trial. */
    private OverloadedException refusal(Future<?> refused) {
        Option<? extends Try<?>> done = refused.value(); // Akka's: already failed, with its reason
        Throwable cause = done.isDefined() && done.get().isFailure() ? done.get().failed().get() : null;
        if (breaker.isHalfOpen()) {
            return new OverloadedException(source, BreakerState.HALF_OPEN.wireName(), source
                    + " is half-open: a trial call is in progress and other calls fail fast until it succeeds", null);
        }
        Duration left = cause instanceof CircuitBreakerOpenException o
                ? Duration.ofNanos(o.remainingDuration().toNanos()) : null;
        return new OverloadedException(source, BreakerState.OPEN.wireName(), source + " is open: calls fail fast"
                + (left == null ? "" : " for another " + left.toMillis() + " ms"), left);
    }

    private void notifyListeners(BreakerEvent e, List<Consumer<? super BreakerEvent>> nodeListeners) {
        for (Consumer<? super BreakerEvent> l : listeners) {
            deliver(l, e);
        }
        for (Consumer<? super BreakerEvent> l : nodeListeners) {
            deliver(l, e);
        }
    }

    private static void deliver(Consumer<? super BreakerEvent> listener, BreakerEvent e) {
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            LOG.warn("a listener of breaker {} failed on {}: {}", Checks.quote(e.breaker()), e.getClass().getSimpleName(),
                    ex.toString());
        }
    }

    /** Completes a timed-out call off Akka's scheduler thread, whose time belongs to every timer of the node. */
    private void completeOnDispatcher(Runnable completion) {
        try {
            dispatcher.execute(completion);
        } catch (RejectedExecutionException e) { // the node is stopping
            completion.run();
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static FiniteDuration scala(Duration d) {
        return scala.concurrent.duration.Duration.create(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * One call through Akka's breaker. Akka calls it as the body ({@link #apply()}: runs the caller's
     * body and turns its outcome into a future that always succeeds with this attempt, so that Akka sees
     * a failure only when its own call timeout fires) and as the failure function
     * ({@link #apply(Try)}: decides whether the outcome is a failure, counts it, and completes the
     * caller's stage). Akka calls the failure function once per call it let through, just before it
     * updates its state.
     */
    private final class Attempt<T> implements Function0<Future<Attempt<T>>>, Function1<Try<Attempt<T>>, Object> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Supplier<? extends CompletionStage<T>> body;
        private final BiPredicate<? super T, ? super Throwable> isFailure;
        private final String target;
        /** Set by {@link #call()} on the caller's thread, read there after Akka returns. */
        boolean started;
        /** The body's outcome; written before the stage given to Akka completes, read after. */
        private T value;
        private Throwable error;

        Attempt(Supplier<? extends CompletionStage<T>> body, BiPredicate<? super T, ? super Throwable> isFailure,
                String target) {
            this.body = body;
            this.isFailure = isFailure;
            this.target = target;
        }

        @Override
        public Future<Attempt<T>> apply() {
            started = true;
            CompletionStage<T> stage;
            try {
                stage = body.get();
            } catch (RuntimeException e) {
                error = e;
                return Promise.<Attempt<T>>successful(this).future();
            }
            if (stage == null) {
                error = new NullPointerException("the body given to " + source + " returned null instead of a CompletionStage");
                return Promise.<Attempt<T>>successful(this).future();
            }
            Promise<Attempt<T>> outcome = Promise.apply();
            stage.whenComplete((v, e) -> {
                value = v;
                error = e == null ? null : unwrap(e);
                outcome.success(this);
            });
            return outcome.future();
        }

        @Override
        public Object apply(Try<Attempt<T>> done) {
            try {
                if (done.isFailure()) {
                    return timedOutInBreaker(done.failed().get());
                }
                Throwable err = error;
                boolean failure;
                try {
                    failure = isFailure == null ? err != null : isFailure.test(value, err);
                } catch (RuntimeException e) {
                    failure = true;
                    err = e;
                }
                if (!failure) {
                    succeeded.increment();
                } else if (err instanceof CallTimeoutException) {
                    timedOut.increment();
                } else {
                    failed.increment();
                }
                if (err != null) {
                    result.completeExceptionally(err);
                } else {
                    result.complete(value);
                }
                return failure;
            } catch (RuntimeException | Error e) { // never fail Akka's callback: it would not update its state
                result.completeExceptionally(e);
                return Boolean.TRUE;
            }
        }

        /** Akka's call timeout fired before the body completed (its late outcome is dropped). */
        private Boolean timedOutInBreaker(Throwable akkaFailure) {
            if (akkaFailure instanceof TimeoutException) {
                timedOut.increment();
                CallTimeoutException e = new CallTimeoutException(target, "call through " + source, settings.callTimeout());
                completeOnDispatcher(() -> result.completeExceptionally(e));
            } else { // cannot happen: the stage given to Akka only fails by Akka's timeout
                failed.increment();
                result.completeExceptionally(akkaFailure != null ? akkaFailure
                        : new IllegalStateException(source + ": the call ended without an outcome"));
            }
            return true;
        }
    }
}
