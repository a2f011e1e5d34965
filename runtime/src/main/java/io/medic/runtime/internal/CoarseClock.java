package io.medic.runtime.internal;

import java.util.concurrent.locks.LockSupport;

/**
 * INTERNAL API
 *
 * <p>A clock read with one volatile load, advanced by a daemon thread every {@code tick}.
 *
 * <p>Why: on the machines Medic is measured on, {@code System.nanoTime()} costs ~27 ns and timing
 * every message with it halved trivial-handler throughput. Reading this clock at the start and end of
 * each message costs ~1 ns. The difference of two readings is an unbiased estimate of the elapsed
 * time when the start is uncorrelated with the ticks: a handler of duration d spans
 * ⌊d/tick⌋ or ⌈d/tick⌉ ticks, with the probability that makes the mean exactly d. The error of one
 * message is below one tick; over n messages the errors average out (see docs/runtime.md).
 */
public final class CoarseClock implements AutoCloseable {
    private volatile long now;
    private volatile boolean running = true;
    private final long tickNanos;
    private final Thread ticker;

    public CoarseClock(String name, long tickNanos) {
        if (tickNanos < 100_000L) {
            throw new IllegalArgumentException("medic.clock.tick must be at least 100us, was " + tickNanos + "ns");
        }
        this.tickNanos = tickNanos;
        this.now = System.nanoTime();
        this.ticker = new Thread(this::run, name);
        this.ticker.setDaemon(true);
        this.ticker.start();
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(tickNanos);
            now = System.nanoTime();
        }
    }

    /** The last tick's {@code System.nanoTime()}. */
    public long nanos() {
        return now;
    }

    public long tickNanos() {
        return tickNanos;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(ticker);
    }
}
