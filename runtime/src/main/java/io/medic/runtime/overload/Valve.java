package io.medic.runtime.overload;

import akka.actor.Cancellable;
import akka.actor.Scheduler;
import io.medic.runtime.GenServer;
import io.medic.runtime.Jvm;
import io.medic.runtime.LogText;
import io.medic.runtime.Medic;
import io.medic.runtime.OverloadedException;
import io.medic.runtime.Pid;
import io.medic.runtime.overload.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import scala.concurrent.ExecutionContextExecutor;

/**
 * A valve in front of a server or any other resource: admits at most {@code maxConcurrent} jobs at
 * once, queues at most {@code maxQueue} more for at most {@code maxQueueTime}, and refuses the rest —
 * Erlang's {@code jobs} (a counter regulator over a bounded queue) and {@code safetyvalve}, the book's
 * "asking for permission" (3.2.2). Made and listed by {@link Valves}.
 *
 * <pre>{@code
 * Valve db = Valves.of(node).create(ValveSettings.of("db", 8, 100, Duration.ofMillis(500)));
 * Rows rows = db.call(dbServer, new Query(sql), Duration.ofSeconds(2));   // at most 8 calls in the server at once
 * db.submit(() -> httpClient.sendAsync(request, ofString()));             // anything asynchronous
 * }</pre>
 *
 * <p>A job submitted while fewer than {@code maxConcurrent} run and nothing waits starts at once, on the
 * submitter's thread. Otherwise it waits in a FIFO queue, and the job ahead of it that finishes hands it
 * its slot: it then starts on the node's dispatcher. A job submitted while {@code maxQueue} wait is
 * refused at once with an {@link OverloadedException} ({@code overloaded}, reason {@code queue_full}); a
 * job that waits {@code maxQueueTime} is refused with a {@link QueueTimeoutException} ({@code timeout}).
 * A refused job never runs. Nothing here blocks a thread: waiting jobs are objects in the queue, and
 * their timeouts are timers on Akka's scheduler.
 *
 * <p>The valve sees a job as running from the moment it gets its slot until the stage it returned
 * completes; that is what {@code maxConcurrent} bounds. Every job is counted in {@link #stats()}
 * before its submitter sees its outcome. Thread-safe.
 */
public final class Valve {
    private final ValveSettings settings;
    private final Pid owner;
    private final String source;
    private final Scheduler scheduler;
    private final ExecutionContextExecutor dispatcher;

    /** Guards the queue and the counters below; private, so that no holder of the valve can take it. */
    private final Object lock = new Object();
    private Job<?> head;
    private Job<?> tail;
    private int running;
    private int queued;
    private long submitted;
    private long admitted;
    private long completed;
    private long failed;
    private long rejectedFull;
    private long rejectedTimeout;

    /**
     * @param scheduler  the queue timeouts
     * @param dispatcher starts the jobs that waited, and runs their timeouts
     */
    Valve(ValveSettings settings, Pid owner, Scheduler scheduler, ExecutionContextExecutor dispatcher) {
        this.settings = settings;
        this.owner = owner;
        this.source = "valve " + LogText.quoted(settings.name());
        this.scheduler = scheduler;
        this.dispatcher = dispatcher;
    }

    // ================================================================== jobs

    /**
     * Runs {@code job} when the valve admits it: {@code job} starts an asynchronous operation and returns
     * its stage (it must not block: it runs on the submitter's thread or on the node's dispatcher). The
     * returned stage completes as the job's stage does, or fails — without the job having run — with an
     * {@link OverloadedException} at once if the queue is full, or a {@link QueueTimeoutException} after
     * {@code maxQueueTime} in the queue. A job that throws, or returns null, fails its stage and counts as
     * failed.
     *
     * <p>Cost: one uncontended lock and a job object when a slot is free; a waiting job adds a scheduler
     * timer (inserted, then cancelled when it gets its slot) and a task on the dispatcher to start it.
     * The job runs on the submitter's thread when a slot is free, on the dispatcher after a wait.
     *
     * @throws NullPointerException if {@code job} is null
     */
    public <T> CompletionStage<T> submit(Supplier<? extends CompletionStage<T>> job) {
        return enter(new Job<>(Objects.requireNonNull(job, "job")));
    }

    /**
     * {@code gen_server:call(Server, Request, Timeout)} once the valve admits it, without blocking: the
     * call is sent only when it gets a slot, so the server's mailbox holds at most {@code maxConcurrent}
     * of these calls however many callers there are. {@code timeout} runs from the moment the call is
     * sent; the wait in the queue is bounded by {@code maxQueueTime}. See {@link GenServer#callAsync} and
     * {@link #submit}.
     *
     * <p>Cost: {@link GenServer#callAsync}'s plus {@link #submit}'s.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public <R> CompletionStage<R> callAsync(Pid server, Object request, Duration timeout) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(request, "request");
        Checks.positive("timeout", timeout);
        return enter(new Job<R>(() -> GenServer.callAsync(server, request, timeout)));
    }

    private <T> CompletionStage<T> enter(Job<T> j) {
        int verdict;
        int runningNow;
        int queuedNow;
        synchronized (lock) {
            submitted++;
            if (running < settings.maxConcurrent() && head == null) {
                running++;
                admitted++;
                verdict = 0;
            } else if (queued < settings.maxQueue()) {
                append(j);
                queued++;
                verdict = 1;
            } else {
                rejectedFull++;
                verdict = 2;
            }
            runningNow = running;
            queuedNow = queued;
        }
        switch (verdict) {
            case 0 -> j.start();
            case 1 -> j.arm();
            default -> j.result.completeExceptionally(full(runningNow, queuedNow));
        }
        return j.result;
    }

    /**
     * {@link #callAsync} and wait (at most {@code maxQueueTime} plus {@code timeout}); throws what its
     * stage fails with, as it is: {@link OverloadedException}, {@link QueueTimeoutException},
     * {@link io.medic.runtime.CallTimeoutException}, {@link io.medic.runtime.NoProcessException}... Do not
     * call from inside an actor.
     */
    public <R> R call(Pid server, Object request, Duration timeout) {
        CompletionStage<R> reply = callAsync(server, request, timeout);
        return Medic.await(reply, "call through " + source, settings.maxQueueTime().plus(timeout));
    }

    // ================================================================== state

    public String name() {
        return settings.name();
    }

    public ValveSettings settings() {
        return settings;
    }

    /** The process that made the valve with {@link Valves#create(ValveSettings, Pid)}, if one did. */
    public Optional<Pid> owner() {
        return Optional.ofNullable(owner);
    }

    /** Every counter, read at one instant. Cost: one lock, held for a few field reads. */
    public ValveStats stats() {
        synchronized (lock) {
            return new ValveStats(name(), settings.maxConcurrent(), settings.maxQueue(), submitted, admitted, running,
                    queued, completed, failed, rejectedFull, rejectedTimeout);
        }
    }

    @Override
    public String toString() {
        ValveStats s = stats();
        return "Valve(" + name() + ", " + s.running() + "/" + s.maxConcurrent() + " running, " + s.queued() + "/"
                + s.maxQueue() + " queued)";
    }

    // ================================================================== internals

    private OverloadedException full(int runningNow, int queuedNow) {
        return new OverloadedException(source, "queue_full", source + " is full: " + runningNow + " jobs running and "
                + queuedNow + " waiting (maxConcurrent " + settings.maxConcurrent() + ", maxQueue " + settings.maxQueue()
                + ")", null);
    }

    /**
     * A job has finished: count it, and hand its slot to the job at the head of the queue (returned, to
     * be started outside the lock), or free the slot.
     */
    private Job<?> release(boolean ok) {
        synchronized (lock) {
            if (ok) {
                completed++;
            } else {
                failed++;
            }
            Job<?> next = head;
            if (next == null) {
                running--;
                return null;
            }
            unlink(next);
            queued--;
            admitted++;
            next.left = true;
            return next;
        }
    }

    /** The job's wait is over: refuse it, unless it already got a slot. */
    private boolean expire(Job<?> j) {
        synchronized (lock) {
            if (!j.waiting) {
                return false;
            }
            unlink(j);
            queued--;
            rejectedTimeout++;
            j.left = true;
            return true;
        }
    }

    /** Guarded by lock. */
    private void append(Job<?> j) {
        j.waiting = true;
        j.prev = tail;
        if (tail == null) {
            head = j;
        } else {
            tail.next = j;
        }
        tail = j;
    }

    /** Guarded by lock. O(1): a job that times out anywhere in the queue leaves it at once. */
    private void unlink(Job<?> j) {
        if (j.prev == null) {
            head = j.next;
        } else {
            j.prev.next = j.next;
        }
        if (j.next == null) {
            tail = j.prev;
        } else {
            j.next.prev = j.prev;
        }
        j.prev = null;
        j.next = null;
        j.waiting = false;
    }

    /** One submitted job: its work, the submitter's stage, and its place in the queue while it waits. */
    private final class Job<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Supplier<? extends CompletionStage<T>> work;
        /** The queue's links and membership; guarded by the valve's lock. */
        Job<?> prev;
        Job<?> next;
        boolean waiting;
        /**
         * Whether the job has left the queue (admitted or refused), and its timer. Each side writes its
         * own field then reads the other's, so one of them always cancels the timer.
         */
        volatile boolean left;
        private volatile Cancellable timer;

        Job(Supplier<? extends CompletionStage<T>> work) {
            this.work = work;
        }

        /** Starts the wait's timeout (the job is already in the queue). */
        void arm() {
            Cancellable t;
            try {
                t = scheduler.scheduleOnce(settings.maxQueueTime(), this::expired, dispatcher);
            } catch (RuntimeException e) { // the node is stopping: the job waits without a timeout
                return;
            }
            timer = t;
            if (left) {
                t.cancel();
            }
        }

        private void expired() {
            if (expire(this)) {
                result.completeExceptionally(new QueueTimeoutException(source, settings.maxQueueTime()));
            }
        }

        /**
         * Got its slot after waiting: stop the timeout, and start on the dispatcher — not on the thread
         * that freed the slot, which may be the very server a call is for (it completes its caller's
         * stage from inside its handler), and not recursively (a job that completes at once frees its
         * slot for the next one at once). If the node is stopping, the jobs that get the slot are failed
         * instead, one after the other.
         */
        void admitted() {
            Job<?> j = this;
            while (j != null) {
                j.cancelTimer();
                try {
                    dispatcher.execute(j::start);
                    return;
                } catch (RejectedExecutionException e) {
                    j = j.done(null, new IllegalStateException(source + ": the node is stopping; the job was not run"));
                }
            }
        }

        private void cancelTimer() {
            Cancellable t = timer;
            if (t != null) {
                t.cancel();
            }
        }

        void start() {
            CompletionStage<T> stage;
            try {
                stage = work.get();
            } catch (RuntimeException e) {
                finish(null, e);
                return;
            }
            if (stage == null) {
                finish(null, new NullPointerException("a job of " + source + " returned null instead of a CompletionStage"));
                return;
            }
            stage.whenComplete(this::finish);
        }

        private void finish(T value, Throwable error) {
            Job<?> next = done(value, error);
            if (next != null) {
                next.admitted();
            }
        }

        /** Counts the outcome, then gives it to the submitter; returns the job that gets the slot, if one waits. */
        private Job<?> done(T value, Throwable error) {
            Job<?> next = release(error == null);
            if (error == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(Jvm.unwrap(error));
            }
            return next;
        }
    }
}
