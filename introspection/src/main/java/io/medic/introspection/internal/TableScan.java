package io.medic.introspection.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Spliterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * INTERNAL API
 *
 * <p>One pass over the process table (or any collection whose spliterator splits), in parts scanned in parallel: the table's spliterator is split
 * by chunks into at most {@code parallelism} parts of at least {@link #MIN_PER_PART} processes; the
 * caller scans the first part and offers the others to an executor, then scans inline every part no
 * executor thread has claimed yet. So a busy or saturated executor never delays the pass beyond what
 * the caller alone would take, and no part is scanned twice. Each part has its own accumulator; the
 * caller merges them. A pass over a table of a million processes is bound by memory latency (a cache
 * miss or two per process record), which several cores overlap.
 */
final class TableScan {
    /** Fewer processes than this per part are not worth a hand-off to another thread. */
    static final int MIN_PER_PART = 32_768;

    private TableScan() {
    }

    /**
     * Scans {@code table}, each part into a fresh accumulator from {@code newAccumulator} through
     * {@code add}; returns the accumulators (one per part, the caller's first).
     */
    static <E, A> List<A> scan(Collection<E> table, int parallelism, Executor executor,
                               Supplier<A> newAccumulator, BiConsumer<A, E> add) {
        return scan(table, parallelism, MIN_PER_PART, executor, newAccumulator, add);
    }

    /** As above, with parts of at least {@code minPerPart} elements. */
    static <E, A> List<A> scan(Collection<E> table, int parallelism, int minPerPart, Executor executor,
                               Supplier<A> newAccumulator, BiConsumer<A, E> add) {
        int wanted = Math.max(1, Math.min(parallelism, table.size() / minPerPart));
        List<Spliterator<E>> splits = split(table.spliterator(), wanted);
        List<Part<E, A>> parts = new ArrayList<>(splits.size());
        for (Spliterator<E> s : splits) {
            parts.add(new Part<>(s, newAccumulator.get(), add));
        }
        for (int i = 1; i < parts.size(); i++) {
            try {
                executor.execute(parts.get(i));
            } catch (RejectedExecutionException e) {
                // scanned inline below
            }
        }
        parts.get(0).run();
        for (int i = 1; i < parts.size(); i++) {
            parts.get(i).run(); // a no-op if an executor thread claimed it
        }
        List<A> out = new ArrayList<>(parts.size());
        for (Part<E, A> p : parts) {
            try {
                p.done.get(); // claimed parts are being scanned: this waits for work in progress only
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while scanning the process table", e);
            }
            out.add(p.accumulator);
        }
        return out;
    }

    /** Splits the largest part until there are {@code wanted} parts or nothing splits further. */
    private static <E> List<Spliterator<E>> split(Spliterator<E> all, int wanted) {
        List<Spliterator<E>> parts = new ArrayList<>(wanted);
        parts.add(all);
        while (parts.size() < wanted) {
            int largest = 0;
            for (int i = 1; i < parts.size(); i++) {
                if (parts.get(i).estimateSize() > parts.get(largest).estimateSize()) {
                    largest = i;
                }
            }
            Spliterator<E> half = parts.get(largest).trySplit();
            if (half == null) {
                break;
            }
            parts.add(half);
        }
        return parts;
    }

    /** One part: scanned once, by whoever claims it first. */
    private static final class Part<E, A> implements Runnable {
        final Spliterator<E> spliterator;
        final A accumulator;
        final BiConsumer<A, E> add;
        final AtomicBoolean claimed = new AtomicBoolean();
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Part(Spliterator<E> spliterator, A accumulator, BiConsumer<A, E> add) {
            this.spliterator = spliterator;
            this.accumulator = accumulator;
            this.add = add;
        }

        @Override
        public void run() {
            if (!claimed.compareAndSet(false, true)) {
                return;
            }
            try {
                spliterator.forEachRemaining(e -> add.accept(accumulator, e));
                done.complete(null);
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }
    }
}
