package io.medic.runtime.overload;

import io.medic.runtime.overload.internal.Checks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link Breaker} behaves: the parameters of Akka's {@code CircuitBreaker} (fuse's
 * {@code {standard, MaxR, MaxT}} and {@code {reset, Ms}} options). Immutable: each {@code withX}
 * returns a copy and checks its own value; {@link #validate()} checks the fields against each other.
 *
 * <pre>{@code
 * BreakerSettings s = BreakerSettings.named("payments")
 *         .withMaxFailures(5)
 *         .withCallTimeout(Duration.ofSeconds(2))
 *         .withResetTimeout(Duration.ofSeconds(10))
 *         .withExponentialBackoff(Duration.ofMinutes(2));
 * }</pre>
 *
 * <table>
 *   <caption>Fields, defaults and ranges</caption>
 *   <tr><td>{@code name}</td><td>required; 1 to 128 letters, digits, {@code . _ -}</td></tr>
 *   <tr><td>{@code maxFailures}</td><td>{@value #DEFAULT_MAX_FAILURES}; 1 or more: consecutive failures that open the breaker</td></tr>
 *   <tr><td>{@code callTimeout}</td><td>5 s; 1 ms to 1 day: a call slower than this fails and counts as a failure</td></tr>
 *   <tr><td>{@code resetTimeout}</td><td>30 s; 1 ms to 1 day: how long the breaker stays open before a trial call</td></tr>
 *   <tr><td>{@code maxResetTimeout}</td><td>none (no backoff); 1 ms to 1 day, at least {@code resetTimeout}</td></tr>
 *   <tr><td>{@code backoffFactor}</td><td>{@value #DEFAULT_BACKOFF_FACTOR} with backoff; 1.0 to 100.0</td></tr>
 *   <tr><td>{@code randomFactor}</td><td>0.0; 0.0 to 1.0: up to this fraction is added at random to each backed-off reset timeout</td></tr>
 * </table>
 */
public final class BreakerSettings {
    /** Default {@code maxFailures}. */
    public static final int DEFAULT_MAX_FAILURES = 5;
    /** Default {@code callTimeout}: gen_server:call's default. */
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@code resetTimeout}. */
    public static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(30);
    /** The factor of {@link #withExponentialBackoff(Duration)}, as Akka's. */
    public static final double DEFAULT_BACKOFF_FACTOR = 2.0;
    /** Shortest timeout. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    /** Longest timeout (Akka's scheduler takes at most ~24 days). */
    public static final Duration MAX_TIMEOUT = Duration.ofDays(1);
    /** Largest backoff factor. */
    public static final double MAX_BACKOFF_FACTOR = 100.0;

    private final String name;
    private final int maxFailures;
    private final Duration callTimeout;
    private final Duration resetTimeout;
    private final Duration maxResetTimeout;
    private final double backoffFactor;
    private final double randomFactor;

    private BreakerSettings(String name, int maxFailures, Duration callTimeout, Duration resetTimeout,
                            Duration maxResetTimeout, double backoffFactor, double randomFactor) {
        this.name = name;
        this.maxFailures = maxFailures;
        this.callTimeout = callTimeout;
        this.resetTimeout = resetTimeout;
        this.maxResetTimeout = maxResetTimeout;
        this.backoffFactor = backoffFactor;
        this.randomFactor = randomFactor;
    }

    /**
     * A breaker named {@code name} with the defaults.
     *
     * @throws IllegalArgumentException naming the bad name and what a name may hold
     */
    public static BreakerSettings named(String name) {
        return new BreakerSettings(Checks.name("name", name), DEFAULT_MAX_FAILURES, DEFAULT_CALL_TIMEOUT,
                DEFAULT_RESET_TIMEOUT, null, 1.0, 0.0);
    }

    /** Consecutive failures (exceptions, timeouts, failed results) that open the breaker; 1 or more. */
    public BreakerSettings withMaxFailures(int maxFailures) {
        Checks.range("maxFailures", maxFailures, 1, Integer.MAX_VALUE);
        return new BreakerSettings(name, maxFailures, callTimeout, resetTimeout, maxResetTimeout, backoffFactor, randomFactor);
    }

    /** A call that takes longer fails with a timeout and counts as a failure; 1 ms to 1 day. */
    public BreakerSettings withCallTimeout(Duration callTimeout) {
        Checks.duration("callTimeout", callTimeout, MIN_TIMEOUT, MAX_TIMEOUT);
        return new BreakerSettings(name, maxFailures, callTimeout, resetTimeout, maxResetTimeout, backoffFactor, randomFactor);
    }

    /** How long the breaker stays open before it lets a trial call through; 1 ms to 1 day. */
    public BreakerSettings withResetTimeout(Duration resetTimeout) {
        Checks.duration("resetTimeout", resetTimeout, MIN_TIMEOUT, MAX_TIMEOUT);
        return new BreakerSettings(name, maxFailures, callTimeout, resetTimeout, maxResetTimeout, backoffFactor, randomFactor);
    }

    /**
     * Akka's {@code withExponentialBackoff}: each failed trial call multiplies the reset timeout by
     * {@value #DEFAULT_BACKOFF_FACTOR}, up to {@code maxResetTimeout}; closing the breaker restores it.
     */
    public BreakerSettings withExponentialBackoff(Duration maxResetTimeout) {
        return withExponentialBackoff(maxResetTimeout, DEFAULT_BACKOFF_FACTOR);
    }

    /** Exponential backoff with another factor (1.0 to 100.0; 1.0 is no growth). */
    public BreakerSettings withExponentialBackoff(Duration maxResetTimeout, double factor) {
        Checks.duration("maxResetTimeout", maxResetTimeout, MIN_TIMEOUT, MAX_TIMEOUT);
        Checks.range("backoffFactor", factor, 1.0, MAX_BACKOFF_FACTOR);
        return new BreakerSettings(name, maxFailures, callTimeout, resetTimeout, maxResetTimeout, factor, randomFactor);
    }

    /**
     * Akka's {@code withRandomFactor}: each backed-off reset timeout is lengthened by a random fraction
     * of itself, up to {@code randomFactor} (0.0 to 1.0), so that breakers opened together do not all
     * retry together. Applies with exponential backoff only.
     */
    public BreakerSettings withRandomFactor(double randomFactor) {
        Checks.range("randomFactor", randomFactor, 0.0, 1.0);
        return new BreakerSettings(name, maxFailures, callTimeout, resetTimeout, maxResetTimeout, backoffFactor, randomFactor);
    }

    /**
     * Every problem between fields, each naming both: {@code maxResetTimeout} below {@code resetTimeout},
     * or a {@code randomFactor} without exponential backoff. Empty when the settings can be used.
     * Starts nothing.
     */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        if (maxResetTimeout != null && maxResetTimeout.compareTo(resetTimeout) < 0) {
            problems.add("maxResetTimeout: expected at least resetTimeout (" + Checks.show(resetTimeout) + "), got "
                    + Checks.show(maxResetTimeout));
        }
        if (maxResetTimeout == null && randomFactor > 0) {
            problems.add("randomFactor: " + randomFactor + " applies to backed-off reset timeouts only; set "
                    + "maxResetTimeout with withExponentialBackoff, or leave randomFactor at 0.0");
        }
        return problems;
    }

    public String name() { return name; }
    public int maxFailures() { return maxFailures; }
    public Duration callTimeout() { return callTimeout; }
    public Duration resetTimeout() { return resetTimeout; }
    /** The upper bound of the backed-off reset timeout; empty: no backoff. */
    public Optional<Duration> maxResetTimeout() { return Optional.ofNullable(maxResetTimeout); }
    /** The backoff factor; 1.0 without backoff. */
    public double backoffFactor() { return maxResetTimeout == null ? 1.0 : backoffFactor; }
    public double randomFactor() { return randomFactor; }

    @Override
    public String toString() {
        return "BreakerSettings(" + name + ", maxFailures=" + maxFailures + ", callTimeout=" + Checks.show(callTimeout)
                + ", resetTimeout=" + Checks.show(resetTimeout)
                + (maxResetTimeout == null ? "" : ", maxResetTimeout=" + Checks.show(maxResetTimeout)
                        + ", backoffFactor=" + backoffFactor + ", randomFactor=" + randomFactor) + ")";
    }
}
