package io.medic.supervision;

/**
 * The time source of a supervisor's restart window, injectable so tests control time (like Caffeine's
 * {@code Ticker}). Must be monotonic.
 */
@FunctionalInterface
public interface Ticker {
    /** The system ticker: {@link System#nanoTime()}. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin. */
    long nanos();
}
