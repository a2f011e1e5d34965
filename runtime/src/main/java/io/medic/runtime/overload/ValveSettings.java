package io.medic.runtime.overload;

import io.medic.runtime.overload.internal.Checks;
import java.time.Duration;

/**
 * How a {@link Valve} admits jobs: at most {@code maxConcurrent} running, at most {@code maxQueue} more
 * waiting, each for at most {@code maxQueueTime} (jobs' counter regulator with a queue's
 * {@code max_size} and {@code max_time}; safetyvalve's {@code concurrency} and {@code size}).
 * Immutable: each {@code withX} returns a copy and checks its value.
 *
 * <pre>{@code
 * ValveSettings s = ValveSettings.of("db", 8, 100, Duration.ofMillis(500));
 * }</pre>
 *
 * <table>
 *   <caption>Fields and ranges</caption>
 *   <tr><td>{@code name}</td><td>1 to 128 letters, digits, {@code . _ -}</td></tr>
 *   <tr><td>{@code maxConcurrent}</td><td>1 to 1,000,000: jobs running at once</td></tr>
 *   <tr><td>{@code maxQueue}</td><td>0 to 1,000,000: jobs waiting for a slot (0: refuse when all slots are busy)</td></tr>
 *   <tr><td>{@code maxQueueTime}</td><td>1 ms to 1 h: the longest a job waits before it is refused</td></tr>
 * </table>
 */
public final class ValveSettings {
    /** Largest {@code maxConcurrent} and {@code maxQueue}. */
    public static final int MAX_SLOTS = 1_000_000;
    /** Shortest {@code maxQueueTime}. */
    public static final Duration MIN_QUEUE_TIME = Duration.ofMillis(1);
    /** Longest {@code maxQueueTime}. */
    public static final Duration MAX_QUEUE_TIME = Duration.ofHours(1);

    private final String name;
    private final int maxConcurrent;
    private final int maxQueue;
    private final Duration maxQueueTime;

    private ValveSettings(String name, int maxConcurrent, int maxQueue, Duration maxQueueTime) {
        this.name = name;
        this.maxConcurrent = maxConcurrent;
        this.maxQueue = maxQueue;
        this.maxQueueTime = maxQueueTime;
    }

    /**
     * A valve named {@code name} admitting {@code maxConcurrent} jobs at once and queueing
     * {@code maxQueue} more for at most {@code maxQueueTime}.
     *
     * @throws IllegalArgumentException naming the first bad field, its value and its range
     */
    public static ValveSettings of(String name, int maxConcurrent, int maxQueue, Duration maxQueueTime) {
        return new ValveSettings(Checks.name("name", name), concurrent(maxConcurrent), queue(maxQueue),
                queueTime(maxQueueTime));
    }

    public ValveSettings withMaxConcurrent(int maxConcurrent) {
        return new ValveSettings(name, concurrent(maxConcurrent), maxQueue, maxQueueTime);
    }

    public ValveSettings withMaxQueue(int maxQueue) {
        return new ValveSettings(name, maxConcurrent, queue(maxQueue), maxQueueTime);
    }

    public ValveSettings withMaxQueueTime(Duration maxQueueTime) {
        return new ValveSettings(name, maxConcurrent, maxQueue, queueTime(maxQueueTime));
    }

    public String name() { return name; }
    public int maxConcurrent() { return maxConcurrent; }
    public int maxQueue() { return maxQueue; }
    public Duration maxQueueTime() { return maxQueueTime; }

    @Override
    public String toString() {
        return "ValveSettings(" + name + ", maxConcurrent=" + maxConcurrent + ", maxQueue=" + maxQueue
                + ", maxQueueTime=" + Checks.show(maxQueueTime) + ")";
    }

    private static int concurrent(int n) {
        return (int) Checks.range("maxConcurrent", n, 1, MAX_SLOTS);
    }

    private static int queue(int n) {
        return (int) Checks.range("maxQueue", n, 0, MAX_SLOTS);
    }

    private static Duration queueTime(Duration d) {
        return Checks.duration("maxQueueTime", d, MIN_QUEUE_TIME, MAX_QUEUE_TIME);
    }
}
