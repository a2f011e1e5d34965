package io.medic.runtime.overload;

import io.medic.runtime.overload.internal.Checks;

/**
 * When a {@link RandomEarlyDrop} drops: the thresholds of random early detection (RED) on the target's
 * queue length. Below {@code minQueue} nothing is dropped; from {@code minQueue} the probability rises
 * linearly, reaching {@code maxProbability} just below {@code maxQueue}; at {@code maxQueue} and above
 * everything is dropped. Immutable: each {@code withX} returns a copy.
 *
 * <pre>{@code
 * DropThresholds t = DropThresholds.of(1_000, 10_000);            // 0 below 1,000, all from 10,000
 * DropThresholds gentle = t.withMaxProbability(0.2);              // at most 20 % below 10,000
 * }</pre>
 */
public final class DropThresholds {
    private final long minQueue;
    private final long maxQueue;
    private final double maxProbability;

    private DropThresholds(long minQueue, long maxQueue, double maxProbability) {
        this.minQueue = minQueue;
        this.maxQueue = maxQueue;
        this.maxProbability = maxProbability;
    }

    /**
     * Drops nothing below {@code minQueue} messages, everything from {@code maxQueue}, and in between
     * with a probability rising linearly from 0 towards 1.
     *
     * @throws IllegalArgumentException naming the field: {@code minQueue} must be 0 or more, {@code maxQueue}
     *                                  above {@code minQueue}
     */
    public static DropThresholds of(long minQueue, long maxQueue) {
        Checks.range("minQueue", minQueue, 0, Long.MAX_VALUE);
        if (maxQueue <= minQueue) {
            throw new IllegalArgumentException("maxQueue: expected more than minQueue (" + minQueue + "), got " + maxQueue);
        }
        return new DropThresholds(minQueue, maxQueue, 1.0);
    }

    /** The probability reached just below {@code maxQueue} (RED's {@code max_p}): above 0, at most 1. Default 1. */
    public DropThresholds withMaxProbability(double maxProbability) {
        if (!(maxProbability > 0.0 && maxProbability <= 1.0)) {
            throw new IllegalArgumentException("maxProbability: expected more than 0.0 and at most 1.0, got " + maxProbability);
        }
        return new DropThresholds(minQueue, maxQueue, maxProbability);
    }

    /**
     * The probability of dropping a message to a process with {@code queueLength} messages waiting:
     * 0 below {@code minQueue}, 1 from {@code maxQueue}, {@code maxProbability × (len − min) / (max − min)}
     * in between.
     */
    public double probability(long queueLength) {
        if (queueLength < minQueue) {
            return 0.0;
        }
        if (queueLength >= maxQueue) {
            return 1.0;
        }
        return maxProbability * (double) (queueLength - minQueue) / (double) (maxQueue - minQueue);
    }

    public long minQueue() { return minQueue; }
    public long maxQueue() { return maxQueue; }
    public double maxProbability() { return maxProbability; }

    @Override
    public String toString() {
        return "DropThresholds(minQueue=" + minQueue + ", maxQueue=" + maxQueue + ", maxProbability=" + maxProbability + ")";
    }
}
