package io.medic.supervision;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link Ticker} the test moves by hand; its wall clock starts at {@link #ORIGIN} and moves with it. */
final class FakeTicker implements Ticker {
    /** The wall-clock time of a fresh fake ticker. */
    static final Instant ORIGIN = Instant.parse("2024-01-01T00:00:00Z");
    private static final long START = 1_000_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(START);

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public Instant instant() {
        return ORIGIN.plusNanos(nanos.get() - START);
    }

    void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }
}
