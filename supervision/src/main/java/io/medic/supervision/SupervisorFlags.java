package io.medic.supervision;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * OTP's supervisor flags: strategy, restart intensity and period, automatic shutdown, plus the time
 * source of the restart window and events. Immutable; {@code withX} returns a copy. Defaults are OTP's:
 * {@code one_for_one}, at most 1 restart in 5 seconds, {@code auto_shutdown => never}. If more than
 * {@code intensity} restarts happen within any {@code period} (counted across all children), the
 * supervisor stops all its children and exits with {@code shutdown}; its own supervisor then reacts.
 */
public final class SupervisorFlags {
    /** OTP's default intensity: 1. */
    public static final int DEFAULT_INTENSITY = 1;
    /** OTP's default period: 5 seconds. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
    /** Size of the supervisor's event history (bounded). */
    public static final int DEFAULT_EVENT_HISTORY = 100;

    private final Strategy strategy;
    private final int intensity;
    private final Duration period;
    private final Ticker ticker;
    private final int eventHistory;
    private final AutoShutdown autoShutdown;

    private SupervisorFlags(Strategy strategy, int intensity, Duration period, Ticker ticker, int eventHistory,
                            AutoShutdown autoShutdown) {
        this.strategy = strategy;
        this.intensity = intensity;
        this.period = period;
        this.ticker = ticker;
        this.eventHistory = eventHistory;
        this.autoShutdown = autoShutdown;
    }

    /** {@code #{strategy => Strategy}} with OTP's defaults for the rest. */
    public static SupervisorFlags of(Strategy strategy) {
        return new SupervisorFlags(strategy, DEFAULT_INTENSITY, DEFAULT_PERIOD, Ticker.SYSTEM, DEFAULT_EVENT_HISTORY,
                AutoShutdown.NEVER);
    }

    public static SupervisorFlags oneForOne() {
        return of(Strategy.ONE_FOR_ONE);
    }

    public static SupervisorFlags oneForAll() {
        return of(Strategy.ONE_FOR_ALL);
    }

    public static SupervisorFlags restForOne() {
        return of(Strategy.REST_FOR_ONE);
    }

    public static SupervisorFlags simpleOneForOne() {
        return of(Strategy.SIMPLE_ONE_FOR_ONE);
    }

    public SupervisorFlags withStrategy(Strategy strategy) {
        return new SupervisorFlags(strategy, intensity, period, ticker, eventHistory, autoShutdown);
    }

    /** Maximum restarts within {@link #period()}; 0 means any termination that needs a restart stops the supervisor. */
    public SupervisorFlags withIntensity(int intensity) {
        return new SupervisorFlags(strategy, intensity, period, ticker, eventHistory, autoShutdown);
    }

    public SupervisorFlags withPeriod(Duration period) {
        return new SupervisorFlags(strategy, intensity, period, ticker, eventHistory, autoShutdown);
    }

    /** The time source of the restart window and of the events' times (tests inject a fake one). */
    public SupervisorFlags withTicker(Ticker ticker) {
        return new SupervisorFlags(strategy, intensity, period, ticker, eventHistory, autoShutdown);
    }

    /** How many supervision events the supervisor keeps for introspection. */
    public SupervisorFlags withEventHistory(int eventHistory) {
        return new SupervisorFlags(strategy, intensity, period, ticker, eventHistory, autoShutdown);
    }

    /**
     * {@code auto_shutdown}: whether the supervisor shuts itself down (reason {@code shutdown}) when its
     * significant children terminate by themselves. Default {@link AutoShutdown#NEVER}.
     */
    public SupervisorFlags withAutoShutdown(AutoShutdown autoShutdown) {
        return new SupervisorFlags(strategy, intensity, period, ticker, eventHistory, autoShutdown);
    }

    public Strategy strategy() {
        return strategy;
    }

    public int intensity() {
        return intensity;
    }

    public Duration period() {
        return period;
    }

    public Ticker ticker() {
        return ticker;
    }

    public int eventHistory() {
        return eventHistory;
    }

    public AutoShutdown autoShutdown() {
        return autoShutdown;
    }

    /** Every problem with these flags, each naming the field, the bad value and what was expected. */
    public List<String> check() {
        List<String> errors = new ArrayList<>();
        if (strategy == null) {
            errors.add("strategy: bad value null, expected one of ONE_FOR_ONE, ONE_FOR_ALL, REST_FOR_ONE, SIMPLE_ONE_FOR_ONE");
        }
        if (intensity < 0) {
            errors.add("intensity: bad value " + intensity + ", expected an integer >= 0");
        }
        if (period == null || period.isZero() || period.isNegative()) {
            errors.add("period: bad value " + period + ", expected a positive duration");
        }
        if (ticker == null) {
            errors.add("ticker: bad value null, expected a Ticker (Ticker.SYSTEM by default)");
        }
        if (eventHistory < 1 || eventHistory > 100_000) {
            errors.add("eventHistory: bad value " + eventHistory + ", expected 1 to 100000");
        }
        if (autoShutdown == null) {
            errors.add("autoShutdown: bad value null, expected one of NEVER, ANY_SIGNIFICANT, ALL_SIGNIFICANT");
        }
        return errors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SupervisorFlags f && f.strategy == strategy && f.intensity == intensity
                && Objects.equals(f.period, period) && f.ticker == ticker && f.eventHistory == eventHistory
                && f.autoShutdown == autoShutdown;
    }

    @Override
    public int hashCode() {
        return Objects.hash(strategy, intensity, period, autoShutdown);
    }

    @Override
    public String toString() {
        return "#{strategy => " + (strategy == null ? null : strategy.name().toLowerCase(java.util.Locale.ROOT))
                + ", intensity => " + intensity + ", period => " + period
                + (autoShutdown == AutoShutdown.NEVER ? "" : ", auto_shutdown => " + autoShutdown) + "}";
    }
}
