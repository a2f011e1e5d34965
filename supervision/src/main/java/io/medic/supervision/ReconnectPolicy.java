package io.medic.supervision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How a {@link ReconnectingServer} retries: exponential backoff with jitter between bounds, and
 * whether init makes one best-effort attempt. Immutable; {@code withX} returns a copy.
 *
 * <p>Attempt {@code n} (0 for the first retry after a failure or a lost connection) waits
 * {@code min(max, min * 2^n) * (1 + jitter * r)} with {@code r} uniform in [0, 1), capped at
 * {@code max}. Defaults: 100 ms to 30 s, jitter 0.2, one attempt in init.
 */
public final class ReconnectPolicy {
    public static final Duration DEFAULT_MIN = Duration.ofMillis(100);
    public static final Duration DEFAULT_MAX = Duration.ofSeconds(30);
    public static final double DEFAULT_JITTER = 0.2;

    private final Duration min;
    private final Duration max;
    private final double jitter;
    private final boolean connectInInit;
    private final DoubleSupplier random;

    private ReconnectPolicy(Duration min, Duration max, double jitter, boolean connectInInit, DoubleSupplier random) {
        this.min = min;
        this.max = max;
        this.jitter = jitter;
        this.connectInInit = connectInInit;
        this.random = random;
    }

    /** The defaults. */
    public static ReconnectPolicy defaults() {
        return new ReconnectPolicy(DEFAULT_MIN, DEFAULT_MAX, DEFAULT_JITTER, true, Math::random);
    }

    /** Exponential backoff from {@code min} to {@code max} with {@code jitter} (0 to 1). */
    public static ReconnectPolicy exponential(Duration min, Duration max, double jitter) {
        return validated(new ReconnectPolicy(min, max, jitter, true, Math::random));
    }

    public ReconnectPolicy withBounds(Duration min, Duration max) {
        return validated(new ReconnectPolicy(min, max, jitter, connectInInit, random));
    }

    public ReconnectPolicy withJitter(double jitter) {
        return validated(new ReconnectPolicy(min, max, jitter, connectInInit, random));
    }

    /** Whether init tries once (synchronously, best effort: a failure only schedules a retry). */
    public ReconnectPolicy withConnectInInit(boolean connectInInit) {
        return new ReconnectPolicy(min, max, jitter, connectInInit, random);
    }

    /** The source of jitter, uniform in [0, 1) (tests inject a fixed one). */
    public ReconnectPolicy withRandom(DoubleSupplier random) {
        return validated(new ReconnectPolicy(min, max, jitter, connectInInit, Objects.requireNonNull(random, "random")));
    }

    private static ReconnectPolicy validated(ReconnectPolicy p) {
        List<String> errors = new ArrayList<>();
        if (p.min == null || p.min.isNegative() || p.min.isZero()) {
            errors.add("min: bad value " + p.min + ", expected a positive duration");
        }
        if (p.max == null || (p.min != null && p.max.compareTo(p.min) < 0)) {
            errors.add("max: bad value " + p.max + ", expected a duration >= min (" + p.min + ")");
        }
        if (!(p.jitter >= 0 && p.jitter <= 1)) {
            errors.add("jitter: bad value " + p.jitter + ", expected a number from 0 to 1");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid reconnect policy: " + String.join("; ", errors));
        }
        return p;
    }

    /** The wait before retry number {@code attempt} (0-based). Pure apart from the random source. */
    public Duration delay(int attempt) {
        double base = min.toNanos() * Math.pow(2, Math.min(attempt, 62));
        double capped = Math.min(max.toNanos(), base);
        double jittered = Math.min(max.toNanos(), capped * (1 + jitter * random.getAsDouble()));
        return Duration.ofNanos((long) jittered);
    }

    public Duration min() {
        return min;
    }

    public Duration max() {
        return max;
    }

    public double jitter() {
        return jitter;
    }

    public boolean connectInInit() {
        return connectInInit;
    }

    @Override
    public String toString() {
        return "ReconnectPolicy(" + min + ".." + max + ", jitter " + jitter + ", connectInInit " + connectInInit + ")";
    }
}
