package io.medic.runtime.internal;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * INTERNAL API
 *
 * <p>Node-wide rate limit for sys trace lines: at most {@code perSecond} lines per one-second window;
 * the lines dropped in a window are reported once, in the next window.
 */
final class TraceLimiter {
    private final int perSecond;
    private final Logger log;
    private final AtomicLong window = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    TraceLimiter(int perSecond, Logger log) {
        this.perSecond = perSecond;
        this.log = log;
    }

    boolean tryAcquire(long nowNanos) {
        long w = nowNanos / 1_000_000_000L;
        long current = window.get();
        if (w != current && window.compareAndSet(current, w)) {
            count.set(0);
            long d = dropped.getAndSet(0);
            if (d > 0) {
                log.warn("sys trace: {} trace lines dropped (limit {} per second, medic.sys.trace-max-events-per-second)",
                        d, perSecond);
            }
        }
        if (count.incrementAndGet() <= perSecond) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }
}
