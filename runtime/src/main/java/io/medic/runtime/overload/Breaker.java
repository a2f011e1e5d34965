package io.medic.runtime.overload;

import akka.actor.Cancellable;
import akka.dispatch.ExecutionContexts;
import akka.pattern.CircuitBreaker;
import akka.pattern.CircuitBreakerOpenException;
import io.medic.runtime.CallTimeoutException;
import io.medic.runtime.GenServer;
import io.medic.runtime.Jvm;
import io.medic.runtime.LogText;
import io.medic.runtime.Medic;
import io.medic.runtime.OverloadedException;
import io.medic.runtime.Pid;
import io.medic.runtime.overload.internal.Checks;
import io.medic.runtime.overload.internal.SerialDelivery;
import io.medic.runtime.overload.internal.Transitions;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function0;
import scala.Option;
import scala.concurrent.ExecutionContextExecutor;
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
 * <p>Every call is counted in {@link #stats()}, and Akka's state updated with its outcome, before its
 * caller sees the outcome: a caller whose call was the {@code maxFailures}-th failure finds the breaker
 * open. Akka's breaker is built without a call timeout of its own (its zero-timeout mode): a call
 * through {@link #callAsync} is timed by the call itself, and {@link #protect} arms one timer on Akka's
 * scheduler. Thread-safe.
 */
public final class Breaker {
    private static final Logger LOG = LoggerFactory.getLogger("io.medic.overload");
    /** What Akka's breaker takes as "no exponential backoff": its own constant. */
    private static final FiniteDuration NO_MAX_RESET = scala.concurrent.duration.Duration.create(36500, TimeUnit.DAYS);
    private static final String OPERATION = "the protected operation";
    /** Akka's breaker times no call: Medic does, see the class comment. */
    private static final FiniteDuration NO_CALL_TIMEOUT = scala.concurrent.duration.Duration.create(0, TimeUnit.NANOSECONDS);
    /** Runs Akka's callbacks and listeners where they are triggered: they only update state and take a lock. */
    private static final ExecutionContextExecutor SAME_THREAD = ExecutionContexts.fromExecutor(Runnable::run);

    private final BreakerSettings settings;
    private final Pid owner;
    private final String source;
    private final CircuitBreaker breaker;
    private final akka.actor.Scheduler scheduler;
    private final Executor dispatcher;
    private final Transitions transitions;
    private final List<Consumer<? super BreakerEvent>> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    /**
     * @param scheduler     Akka's scheduler: the reset timeouts, and the call timeouts of {@link #protect}
     * @param dispatcher    completes timed-out calls (off the scheduler's thread) and runs listeners
     * @param delivery      runs listener notifications one at a time, in order
     * @param nodeListeners the node's listeners, notified after the breaker's own
     */
    Breaker(BreakerSettings settings, Pid owner, akka.actor.Scheduler scheduler, Executor dispatcher,
            SerialDelivery delivery, List<Consumer<? super BreakerEvent>> nodeListeners) {
        this.settings = settings;
        this.owner = owner;
        this.source = "breaker " + LogText.quoted(settings.name());
        this.scheduler = scheduler;
        this.dispatcher = dispatcher;
        this.transitions = new Transitions(settings.name(),
                e -> delivery.offer(() -> notifyListeners(e, nodeListeners)), Instant::now);
        // Akka runs its call-completion callback, its transition listeners and its reset timer's task
        // on this executor: on the thread that triggers them, so that a call's outcome has updated the
        // state before the caller sees it, and Transitions sees each transition where it happens
        this.breaker = new CircuitBreaker(scheduler, settings.maxFailures(), NO_CALL_TIMEOUT,
                scala(settings.resetTimeout()), settings.maxResetTimeout().map(Breaker::scala).orElse(NO_MAX_RESET),
                settings.backoffFactor(), settings.randomFactor(), SAME_THREAD);
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
     * <p>Cost: on top of the operation, Akka's state check and one completion callback, a timer on
     * Akka's scheduler for {@code callTimeout} (inserted, then cancelled; a cancelled timer stays in
     * the scheduler's wheel until its time), a promise and three striped counters (docs/overload.md has
     * the measured figures).
     *
     * @throws NullPointerException if {@code body} is null
     */
    public <T> CompletionStage<T> protect(Supplier<? extends CompletionStage<T>> body) {
        return run(Objects.requireNonNull(body, "body"), null, OPERATION, settings.callTimeout());
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
        return run(Objects.requireNonNull(body, "body"), Objects.requireNonNull(isFailure, "isFailure"), OPERATION,
                settings.callTimeout());
    }

    /**
     * {@code gen_server:call(Server, Request, Timeout)} through the breaker, without blocking: see
     * {@link GenServer#callAsync} and {@link #protect(Supplier)}. The call times out after the shorter of
     * {@code timeout} and the breaker's {@code callTimeout}, with a {@link CallTimeoutException} naming the
     * breaker. A dead server ({@code noproc}), a crash during the call and a timeout count as failures;
     * any reply is a success.
     *
     * <p>Cost: {@link GenServer#callAsync}'s, plus {@link #protect(Supplier)}'s without its timer (the
     * call's own timeout is the breaker's).
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public <R> CompletionStage<R> callAsync(Pid server, Object request, Duration timeout) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(request, "request");
        Duration t = Checks.positive("timeout", timeout).compareTo(settings.callTimeout()) < 0 ? timeout
                : settings.callTimeout();
        return run(() -> GenServer.<R>callAsync(server, request, t), null, server.toString(), null);
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

    /**
     * One call: Akka's breaker either refuses it (without calling the attempt) or calls the attempt,
     * which runs the body, and registers its completion callback on the attempt's future.
     *
     * @param timer the call timeout to arm, or null if the body times itself
     */
    private <T> CompletionStage<T> run(Supplier<? extends CompletionStage<T>> body,
                                       BiPredicate<? super T, ? super Throwable> isFailure, String target,
                                       Duration timer) {
        calls.increment();
        Attempt<T> attempt = new Attempt<>(body, isFailure, target, timer);
        Future<Attempt<T>> guarded = breaker.withCircuitBreaker(attempt); // Akka's Scala API: no conversions
        if (!attempt.started) { // refused without calling the body: open, or half-open with a trial running
            rejected.increment();
            attempt.result.completeExceptionally(refusal(guarded));
        } else {
            attempt.arrive(); // Akka's callback is registered (and has run, if the call is already over)
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
            LOG.warn("a listener of breaker {} failed on {}: {}", LogText.quoted(e.breaker()), e.getClass().getSimpleName(),
                    LogText.quoted(ex.toString()));
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

    private static FiniteDuration scala(Duration d) {
        return scala.concurrent.duration.Duration.create(d.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * One call through Akka's breaker (in its zero-timeout mode, Akka registers a completion callback
     * on the future the body returns: success is a success, failure a failure). The attempt is that
     * body ({@link #apply()}): it runs the caller's body, and completes the future Akka sees once the
     * outcome is judged ({@link #judge}) or the call timed out ({@link #timeUp}), whichever comes
     * first. The caller's stage completes at the second of two arrivals: Akka's callback registered
     * ({@link #run} returned) and the outcome settled. Akka's callback runs where the future completes,
     * or where it is registered if it already had; either way before the second arrival, so the
     * caller sees the outcome after the breaker's state has taken it in.
     */
    private final class Attempt<T> implements Function0<Future<Attempt<T>>> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Supplier<? extends CompletionStage<T>> body;
        private final BiPredicate<? super T, ? super Throwable> isFailure;
        private final String target;
        private final Duration timer;
        private final Promise<Attempt<T>> outcome = Promise.apply();
        /** Set by {@link #apply()} on the caller's thread, read there after Akka returns. */
        boolean started;
        /** 0 until the outcome is settled by the body or the timer; the first to set it wins. */
        private volatile int settled;
        /** Arrivals: Akka's callback registered, the outcome settled; the second completes the caller. */
        private volatile int arrivals;
        private volatile Cancellable timeout;
        /** The outcome; written before the settling arrival, read after the second. */
        private T value;
        private Throwable error;
        private boolean timedOutHere;

        Attempt(Supplier<? extends CompletionStage<T>> body, BiPredicate<? super T, ? super Throwable> isFailure,
                String target, Duration timer) {
            this.body = body;
            this.isFailure = isFailure;
            this.target = target;
            this.timer = timer;
        }

        @Override
        public Future<Attempt<T>> apply() {
            started = true;
            CompletionStage<T> stage;
            try {
                if (timer != null) {
                    timeout = scheduler.scheduleOnce(timer, this::timeUp, SAME_THREAD); // refused once the node stops
                }
                stage = body.get();
            } catch (RuntimeException e) {
                judge(null, e);
                return outcome.future();
            }
            if (stage == null) {
                judge(null, new NullPointerException("the body given to " + source
                        + " returned null instead of a CompletionStage"));
            } else {
                stage.whenComplete(this::judge);
            }
            return outcome.future();
        }

        /** The body's outcome: decide whether it is a failure, count it, settle. */
        private void judge(T v, Throwable e) {
            if (!SETTLED.compareAndSet(this, 0, 1)) {
                return; // the call timed out first: its late outcome is dropped
            }
            Cancellable t = timeout;
            if (t != null) {
                t.cancel();
            }
            Throwable err = e == null ? null : Jvm.unwrap(e);
            boolean failure;
            try {
                failure = isFailure == null ? err != null : isFailure.test(v, err);
            } catch (RuntimeException x) {
                failure = true;
                err = x;
            }
            if (err instanceof CallTimeoutException c && timer == null) { // a Medic call's own timeout
                err = new CallTimeoutException(target, "call through " + source, c.timeout());
            }
            if (!failure) {
                succeeded.increment();
            } else if (err instanceof CallTimeoutException) {
                timedOut.increment();
            } else {
                failed.increment();
            }
            value = v;
            error = err;
            settle(failure);
        }

        /** {@code callTimeout} passed before the body completed (on the scheduler's thread). */
        private void timeUp() {
            if (!SETTLED.compareAndSet(this, 0, 1)) {
                return;
            }
            timedOut.increment();
            error = new CallTimeoutException(target, "call through " + source, timer);
            timedOutHere = true;
            settle(true);
        }

        /** Lets Akka's breaker take the outcome in (at once, if its callback is registered), then arrives. */
        private void settle(boolean failure) {
            if (failure) {
                outcome.failure(COUNTED_AS_FAILURE);
            } else {
                outcome.success(this);
            }
            arrive();
        }

        void arrive() {
            if ((int) ARRIVALS.getAndAdd(this, 1) == 1) {
                complete();
            }
        }

        private void complete() {
            Throwable err = error;
            if (err == null) {
                result.complete(value);
            } else if (timedOutHere) { // off Akka's scheduler thread, whose time belongs to every timer
                completeOnDispatcher(() -> result.completeExceptionally(err));
            } else {
                result.completeExceptionally(err);
            }
        }
    }

    private static final VarHandle SETTLED;
    private static final VarHandle ARRIVALS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SETTLED = l.findVarHandle(Attempt.class, "settled", int.class);
            ARRIVALS = l.findVarHandle(Attempt.class, "arrivals", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What Akka's breaker sees for a call that counts as a failure; the caller never sees it. */
    private static final RuntimeException COUNTED_AS_FAILURE = new RuntimeException("counted as a failure", null, false, false) {
        private static final long serialVersionUID = 1L;
    };
}
