package io.medic.supervision.internal;

import java.util.ArrayDeque;

/**
 * INTERNAL API
 *
 * <p>The restart intensity check of {@code supervisor.erl}'s {@code add_restart/1}: restart times in a
 * sliding window across all children. A restart at time {@code t} still counts at {@code now} while
 * {@code now - t < period}. Pure apart from its deque; time is passed in.
 */
final class RestartWindow {
    private final int intensity;
    private final long periodNanos;
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();

    RestartWindow(int intensity, long periodNanos) {
        this.intensity = intensity;
        this.periodNanos = periodNanos;
    }

    /** Records a restart at {@code now}; false if that makes more than {@code intensity} in the window. */
    boolean add(long now) {
        prune(now);
        restarts.addLast(now);
        return restarts.size() <= intensity;
    }

    /** Restarts within the window at {@code now}. */
    int used(long now) {
        prune(now);
        return restarts.size();
    }

    private void prune(long now) {
        while (!restarts.isEmpty() && now - restarts.peekFirst() >= periodNanos) {
            restarts.pollFirst();
        }
    }
}
