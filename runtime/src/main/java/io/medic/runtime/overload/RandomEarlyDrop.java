package io.medic.runtime.overload;

import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.random.RandomGenerator;

/**
 * Drops low-value messages at the producer, with a probability that rises with the target's queue
 * length: the book's random drop (3.3.1, {@code drop:random/1}) with the thresholds of random early
 * detection ({@link DropThresholds}), reading the target's {@code message_queue_len} from the process
 * table as the book's monitor reads {@code process_info(Pid, message_queue_len)}. Dropping before the
 * send is the point: the overloaded process never spends time on what is dropped. Counts what it sent
 * and dropped.
 *
 * <pre>{@code
 * RandomEarlyDrop metrics = RandomEarlyDrop.create(DropThresholds.of(1_000, 10_000));
 * metrics.cast(collector, sample);          // sent, or dropped and counted; never blocks
 * metrics.dropped();                        // how many were dropped so far
 * }</pre>
 *
 * <p>Unlike RED in a router, the length is the current one, not an average. One instance may serve
 * many producers and targets; its counters cover all of them. Thread-safe when its random source is
 * (the default, {@link ThreadLocalRandom}, is).
 */
public final class RandomEarlyDrop {
    private final DropThresholds thresholds;
    private final RandomGenerator random;
    private final LongAdder sent = new LongAdder();
    private final LongAdder dropped = new LongAdder();

    private RandomEarlyDrop(DropThresholds thresholds, RandomGenerator random) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        this.random = random;
    }

    /** A dropper with these thresholds and {@link ThreadLocalRandom}. */
    public static RandomEarlyDrop create(DropThresholds thresholds) {
        return new RandomEarlyDrop(thresholds, null);
    }

    /**
     * A dropper drawing from {@code random} (for deterministic tests, or a seeded source); it must be
     * thread-safe if several threads use the dropper.
     */
    public static RandomEarlyDrop create(DropThresholds thresholds, RandomGenerator random) {
        return new RandomEarlyDrop(thresholds, Objects.requireNonNull(random, "random"));
    }

    /**
     * Decides whether a message to {@code target} goes: draws a number in [0, 1) and drops when it is
     * below {@link DropThresholds#probability} of the target's current queue length. Counts the
     * decision as sent or dropped (the caller sends when this returns true). A dead target has no
     * queue: its messages are sent (and lost, as any message to a dead process).
     *
     * <p>Cost: one read of the target's queue length (two counters of its mailbox: O(1)), one random
     * draw when the length is between the thresholds, one striped counter increment.
     */
    public boolean admit(Pid target) {
        double p = thresholds.probability(Objects.requireNonNull(target, "target").entry().messageQueueLen());
        boolean drop = p >= 1.0 || (p > 0.0 && draw() < p);
        (drop ? dropped : sent).increment();
        return !drop;
    }

    /** {@code Pid ! Message} unless dropped ({@link #admit}); returns whether it was sent. */
    public boolean send(Pid target, Object message) {
        Objects.requireNonNull(message, "message");
        if (!admit(target)) {
            return false;
        }
        Medic.send(target, message);
        return true;
    }

    /** {@code gen_server:cast/2} unless dropped ({@link #admit}); returns whether it was sent. */
    public boolean cast(Pid server, Object message) {
        Objects.requireNonNull(message, "message");
        if (!admit(server)) {
            return false;
        }
        GenServer.cast(server, message);
        return true;
    }

    /** Messages let through (or admitted with {@link #admit}). */
    public long sent() {
        return sent.sum();
    }

    /** Messages dropped. */
    public long dropped() {
        return dropped.sum();
    }

    public DropThresholds thresholds() {
        return thresholds;
    }

    @Override
    public String toString() {
        return "RandomEarlyDrop(" + thresholds + ", sent=" + sent() + ", dropped=" + dropped() + ")";
    }

    private double draw() {
        return (random != null ? random : ThreadLocalRandom.current()).nextDouble();
    }
}
