package io.medic.supervision;

import java.time.Instant;

/**
 * A supervisor's time source, injectable so tests control time (like Caffeine's {@code Ticker}): a
 * monotonic reading for the restart window ({@code supervisor.erl}'s {@code erlang:monotonic_time}) and
 * a wall-clock reading for the time of its events. A test's fake ticker overrides both, and then gets
 * deterministic event times.
 */
@FunctionalInterface
public interface Ticker {
    /** The system ticker: {@link System#nanoTime()} and the system clock. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; must be monotonic. */
    long nanos();

    /** The wall-clock time of an event. Default: the system clock ({@link Instant#now()}). */
    default Instant instant() {
        return Instant.now();
    }
}
