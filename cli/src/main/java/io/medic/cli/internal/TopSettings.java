package io.medic.cli.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * INTERNAL API. What {@code medic top} shows: the attribute processes are ranked by, absolute values
 * (recon's {@code proc_count/2}) or growth over each refresh interval (recon's {@code proc_window/3}), the
 * refresh interval (also the window of the scheduler usage and of window mode), and how many rows
 * (null: as many as fit the screen). Immutable; the keys of {@code top} make changed copies.
 *
 * @param sort     the ranking attribute
 * @param window   true: growth over the interval; false: absolute values
 * @param interval time between refreshes, {@link #MIN_INTERVAL} to {@link #MAX_INTERVAL}
 * @param limit    rows, 1 to {@link #MAX_LIMIT}, or null to fit the screen
 */
public record TopSettings(ProcessAttribute sort, boolean window, Duration interval, Integer limit) {
    /** observer_cli's minimum refresh interval too. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    /** The longest window a node accepts ({@code window_ms} up to 60000). */
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(60);
    /** The most rows a node ranks ({@code limit} up to 1000). */
    public static final int MAX_LIMIT = 1000;

    public TopSettings {
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(MIN_INTERVAL) < 0 || interval.compareTo(MAX_INTERVAL) > 0) {
            throw new IllegalArgumentException("interval: bad value " + interval.toMillis() + " ms, expected "
                    + MIN_INTERVAL.toSeconds() + " to " + MAX_INTERVAL.toSeconds() + " s");
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw new IllegalArgumentException("limit: bad value " + limit + ", expected 1 to " + MAX_LIMIT);
        }
    }

    public TopSettings withSort(ProcessAttribute sort) {
        return new TopSettings(sort, window, interval, limit);
    }

    public TopSettings withWindow(boolean window) {
        return new TopSettings(sort, window, interval, limit);
    }

    /** How it reads in a frame: {@code reductions} or {@code reductions over 1s windows}. */
    public String describe() {
        return sort.wireName() + (window ? " grown over the last " + Units.millis(interval.toMillis()) + " (window)"
                : " (absolute)");
    }
}
