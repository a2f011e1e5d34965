package io.medic.runtime;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * Medic's node settings, read from the {@code medic} section of the configuration (defaults in the
 * runtime's {@code reference.conf}). Immutable. Every bad value is reported with its path, the value
 * and what was expected; all of them at once.
 *
 * @param clockTick               resolution of the coarse clock that times handlers ({@code medic.clock.tick}, default 1 ms)
 * @param allocationSampleEvery   allocation is measured on one message in N, N a power of two, one in 16 N while a process is hot (1: every message) ({@code medic.accounting.allocation-sample-every}, default 16)
 * @param cpuAccounting           whether handlers' CPU time is measured ({@code medic.accounting.cpu}, default on; off: a handler is credited its wall time)
 * @param cpuSampleInterval       how often the node's sampler reads its threads' CPU clocks and looks for long handlers and busy dispatchers ({@code medic.accounting.cpu-sample-interval}, default 5 ms)
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
        boolean cpuAccounting,
        Duration cpuSampleInterval,
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
        SettingsReader r = new SettingsReader(config, "medic");
        Duration tick = r.duration("clock.tick", Duration.ofNanos(100_000), Duration.ofSeconds(1));
        int sample = r.integer("accounting.allocation-sample-every", 1, 1 << 20);
        if (sample > 0 && Integer.bitCount(sample) != 1) {
            r.error("accounting.allocation-sample-every", "bad value " + sample
                    + ", expected a power of two (1, 2, 4 ... 1048576)");
        }
        boolean cpu = r.bool("accounting.cpu");
        Duration cpuInterval = r.duration("accounting.cpu-sample-interval", Duration.ofMillis(1), Duration.ofSeconds(10));
        Duration refresh = r.duration("memory.refresh-interval", Duration.ofMillis(1), Duration.ofHours(1));
        int visits = r.integer("memory.max-visits", 1, 10_000_000);
        int elements = r.integer("memory.sample-elements", 1, 1_000_000);
        Duration call = r.duration("call.default-timeout", Duration.ofMillis(1), Duration.ofDays(1));
        Duration sys = r.duration("sys.default-timeout", Duration.ofMillis(1), Duration.ofDays(1));
        int logSize = r.integer("sys.max-log-size", 1, 1_000_000);
        int maxChars = r.integer("sys.event-max-chars", 16, 1_000_000);
        int trace = r.integer("sys.trace-max-events-per-second", 1, 1_000_000);
        r.throwIfInvalid("Medic configuration");
        return new MedicSettings(tick, sample, cpu, cpuInterval, refresh, visits, elements, call, sys, logSize, maxChars,
                trace);
    }

    /** The refresh interval in nanoseconds. */
    public long memoryRefreshNanos() {
        return memoryRefreshInterval.toNanos();
    }
}
