package io.medic.runtime.overload.internal;

import io.medic.runtime.LogText;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * INTERNAL API
 *
 * <p>Runs tasks (listener notifications) one at a time, in the order they were offered, on an
 * executor (the node's dispatcher), so that whoever offers them — the thread completing a call, Akka's
 * scheduler — never runs a listener itself. At most {@code capacity} tasks wait; more are dropped,
 * counted and reported by the next task that runs: a listener that cannot keep up loses events, it
 * does not grow memory without bound. A task that throws is logged and the others still run.
 */
public final class SerialDelivery {
    private final Executor executor;
    private final int capacity;
    private final Logger log;
    private final String what;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    /** Drops already logged; read and written only by the one running {@link #drain}. */
    private long reported;

    /** @param what names the tasks in log lines, e.g. {@code breaker events} */
    public SerialDelivery(Executor executor, int capacity, Logger log, String what) {
        this.executor = executor;
        this.capacity = capacity;
        this.log = log;
        this.what = what;
    }

    /** Queues {@code task}, or drops and counts it if {@code capacity} tasks are waiting. Never blocks. */
    public void offer(Runnable task) {
        if (waiting.incrementAndGet() > capacity) {
            waiting.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        tasks.add(task);
        schedule();
    }

    /** Tasks dropped so far because {@code capacity} were waiting. */
    public long dropped() {
        return dropped.get();
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RuntimeException e) { // the node is shutting down: nobody is left to tell
                draining.set(false);
                tasks.clear();
                waiting.set(0);
            }
        }
    }

    private void drain() {
        long total = dropped.get();
        if (total > reported) {
            log.warn("{}: {} dropped because {} were waiting for slow listeners", what, total - reported, capacity);
            reported = total;
        }
        Runnable t;
        while ((t = tasks.poll()) != null) {
            waiting.decrementAndGet();
            try {
                t.run();
            } catch (RuntimeException e) {
                log.warn("{}: a listener failed: {}", what, LogText.quoted(e.toString()));
            }
        }
        draining.set(false);
        if (!tasks.isEmpty()) {
            schedule();
        }
    }
}
