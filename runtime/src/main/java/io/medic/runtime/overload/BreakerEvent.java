package io.medic.runtime.overload;

import java.time.Instant;

/**
 * A state transition of a {@link Breaker}, delivered to the listeners of the breaker
 * ({@link Breaker#addListener}) and of its node ({@link Breakers#addListener}): Akka's
 * {@code CircuitBreaker} {@code onOpen} / {@code onHalfOpen} / {@code onClose} notifications, as typed
 * events (resilience4j's {@code CircuitBreakerOnStateTransitionEvent}; fuse's {@code {fuse, blown}}
 * and {@code {fuse, ok}} alarms).
 *
 * <p>The events of one node arrive one at a time, in the order of the transitions, and always form a
 * legal sequence ({@code closed → open → half_open → closed | open}): when two transitions of one
 * breaker race on different threads, Medic reorders their notifications.
 */
public sealed interface BreakerEvent permits BreakerEvent.Opened, BreakerEvent.HalfOpened, BreakerEvent.Closed {

    /** The breaker's name. */
    String breaker();

    /** The state it left. */
    BreakerState from();

    /** The state it entered. */
    BreakerState to();

    /** When Medic saw the transition. */
    Instant at();

    /**
     * The breaker opened: {@code maxFailures} consecutive failures while closed, or a failed trial
     * call while half-open. Calls now fail at once until the reset timeout has passed.
     */
    record Opened(String breaker, BreakerState from, Instant at) implements BreakerEvent {
        @Override public BreakerState to() { return BreakerState.OPEN; }
    }

    /** The reset timeout passed: the next call is let through as a trial. */
    record HalfOpened(String breaker, BreakerState from, Instant at) implements BreakerEvent {
        @Override public BreakerState to() { return BreakerState.HALF_OPEN; }
    }

    /** The trial call succeeded: calls go through again and the failure count starts from 0. */
    record Closed(String breaker, BreakerState from, Instant at) implements BreakerEvent {
        @Override public BreakerState to() { return BreakerState.CLOSED; }
    }
}
