package io.medic.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Medic's node settings, read from the {@code medic} section of the configuration (defaults in the
 * runtime's {@code reference.conf}). Immutable. Every bad value is reported with its path, the value
 * and what was expected; all of them at once.
 *
 * @param clockTick               resolution of the coarse clock that times handlers ({@code medic.clock.tick}, default 1 ms)
 * @param allocationSampleEvery   allocation is measured on one message in N, N a power of two ({@code medic.accounting.allocation-sample-every}, default 16)
 * @param memoryRefreshInterval   how often a busy process re-estimates its state size ({@code medic.memory.refresh-interval}, default 1 s)
 * @param memoryMaxVisits         objects visited at most per estimate ({@code medic.memory.max-visits}, default 10000)
 * @param memorySampleElements    elements of a collection walked before extrapolating ({@code medic.memory.sample-elements}, default 64)
 * @param callTimeout             default timeout of {@code call} ({@code medic.call.default-timeout}, default 5 s)
 * @param sysTimeout              default timeout of sys requests ({@code medic.sys.default-timeout}, default 5 s)
 * @param sysMaxLogSize           largest ring a sys log may have ({@code medic.sys.max-log-size}, default 10000)
 * @param sysEventMaxChars        longest rendering of one message in a sys log or trace line ({@code medic.sys.event-max-chars}, default 200)
 * @param traceMaxEventsPerSecond node-wide cap on sys trace lines per second ({@code medic.sys.trace-max-events-per-second}, default 100)
 */
public record MedicSettings(
        Duration clockTick,
        int allocationSampleEvery,
        Duration memoryRefreshInterval,
        int memoryMaxVisits,
        int memorySampleElements,
        Duration callTimeout,
        Duration sysTimeout,
        int sysMaxLogSize,
        int sysEventMaxChars,
        int traceMaxEventsPerSecond) {

    /** Reads and validates {@code medic.*} from a full configuration. */
    public static MedicSettings fromConfig(Config config) {
        List<String> errors = new ArrayList<>();
        Config c = config.getConfig("medic");
        Duration tick = duration(c, "clock.tick", Duration.ofNanos(100_000), Duration.ofSeconds(1), errors);
        int sample = integer(c, "accounting.allocation-sample-every", 1, 1 << 20, errors);
        if (sample > 0 && Integer.bitCount(sample) != 1) {
            errors.add("medic.accounting.allocation-sample-every: bad value " + sample + ", expected a power of two (1, 2, 4 ... 1048576)");
        }
        Duration refresh = duration(c, "memory.refresh-interval", Duration.ofMillis(1), Duration.ofHours(1), errors);
        int visits = integer(c, "memory.max-visits", 1, 10_000_000, errors);
        int elements = integer(c, "memory.sample-elements", 1, 1_000_000, errors);
        Duration call = duration(c, "call.default-timeout", Duration.ofMillis(1), Duration.ofDays(1), errors);
        Duration sys = duration(c, "sys.default-timeout", Duration.ofMillis(1), Duration.ofDays(1), errors);
        int logSize = integer(c, "sys.max-log-size", 1, 1_000_000, errors);
        int maxChars = integer(c, "sys.event-max-chars", 16, 1_000_000, errors);
        int trace = integer(c, "sys.trace-max-events-per-second", 1, 1_000_000, errors);
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid Medic configuration: " + String.join("; ", errors));
        }
        return new MedicSettings(tick, sample, refresh, visits, elements, call, sys, logSize, maxChars, trace);
    }

    /** The refresh interval in nanoseconds. */
    public long memoryRefreshNanos() {
        return memoryRefreshInterval.toNanos();
    }

    private static Duration duration(Config c, String path, Duration min, Duration max, List<String> errors) {
        try {
            Duration d = c.getDuration(path);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                errors.add("medic." + path + ": bad value " + c.getValue(path).unwrapped() + ", expected a duration between "
                        + min + " and " + max);
                return min;
            }
            return d;
        } catch (ConfigException e) {
            errors.add("medic." + path + ": " + describe(c, path) + ", expected a duration such as 5s or 200ms");
            return min;
        }
    }

    private static int integer(Config c, String path, int min, int max, List<String> errors) {
        try {
            int v = c.getInt(path);
            if (v < min || v > max) {
                errors.add("medic." + path + ": bad value " + v + ", expected an integer from " + min + " to " + max);
                return min;
            }
            return v;
        } catch (ConfigException e) {
            errors.add("medic." + path + ": " + describe(c, path) + ", expected an integer from " + min + " to " + max);
            return min;
        }
    }

    private static String describe(Config c, String path) {
        if (!c.hasPathOrNull(path)) {
            return "missing";
        }
        return c.getIsNull(path) ? "bad value null" : "bad value '" + c.getValue(path).unwrapped() + "'";
    }
}
