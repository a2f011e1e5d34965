package io.medic.runtime.monitor;

import com.typesafe.config.Config;
import io.medic.runtime.SettingsReader;
import java.time.Duration;

/**
 * The system monitor's settings, read from {@code medic.monitor} (defaults in the runtime's
 * {@code reference.conf}): the options of {@code erlang:system_monitor/2}, one detector each, each with
 * its own switch and threshold, and a switch for them all. Immutable. Every bad value is reported with
 * its path, the value and what was expected; all of them at once.
 *
 * @param enabled                 every detector at once ({@code medic.monitor.enabled}, default on)
 * @param ringSize                events kept for {@link SystemMonitor#events} ({@code ring-size}, default 1000)
 * @param maxEventsPerSecond      events published per second at most, node-wide; the rest are counted as
 *                                dropped ({@code max-events-per-second}, default 100)
 * @param log                     each event logged at WARN by {@code io.medic.monitor} ({@code log.enabled}, default on)
 * @param logMaxPerSecond         log lines per second at most ({@code log.max-per-second}, default 10)
 * @param jfr                     each event recorded as a Java Flight Recorder event ({@code jfr}, default on;
 *                                costs nothing unless a recording is running)
 * @param longGc                  {@code long-gc.enabled}, default on
 * @param longGcThreshold         {@code long-gc.threshold}, default 100 ms (0: every collection)
 * @param longSchedule            {@code long-schedule.enabled}, default on
 * @param longScheduleThreshold   {@code long-schedule.threshold}, default 100 ms
 * @param maxStackFrames          frames of a long_schedule's stack at most ({@code long-schedule.max-stack-frames}, default 32)
 * @param longMessageQueue        {@code long-message-queue.enabled}, default on
 * @param queueDisable            {@code long-message-queue.disable}: the length a long queue must fall to, default 1000
 * @param queueEnable             {@code long-message-queue.enable}: the length that raises the alarm, default 10000
 * @param largeState              {@code large-state.enabled}, default on
 * @param largeStateThresholdBytes {@code large-state.threshold}, default 64 MiB
 * @param busyDispatcher          {@code busy-dispatcher.enabled}, default on
 * @param busyDispatcherThreshold {@code busy-dispatcher.threshold}, default 1 s
 */
public record MonitorSettings(boolean enabled, int ringSize, int maxEventsPerSecond, boolean log, int logMaxPerSecond,
                              boolean jfr, boolean longGc, Duration longGcThreshold, boolean longSchedule,
                              Duration longScheduleThreshold, int maxStackFrames, boolean longMessageQueue,
                              int queueDisable, int queueEnable, boolean largeState, long largeStateThresholdBytes,
                              boolean busyDispatcher, Duration busyDispatcherThreshold) {

    /** Reads and validates {@code medic.monitor.*} from a full configuration. */
    public static MonitorSettings fromConfig(Config config) {
        SettingsReader r = new SettingsReader(config, "medic.monitor");
        boolean enabled = r.bool("enabled");
        int ring = r.integer("ring-size", 1, 1_000_000);
        int rate = r.integer("max-events-per-second", 1, 1_000_000);
        boolean log = r.bool("log.enabled");
        int logRate = r.integer("log.max-per-second", 1, 1_000_000);
        boolean jfr = r.bool("jfr");
        boolean gc = r.bool("long-gc.enabled");
        Duration gcThreshold = r.duration("long-gc.threshold", Duration.ZERO, Duration.ofHours(1));
        boolean schedule = r.bool("long-schedule.enabled");
        Duration scheduleThreshold = r.duration("long-schedule.threshold", Duration.ofMillis(1), Duration.ofHours(1));
        int frames = r.integer("long-schedule.max-stack-frames", 0, 10_000);
        boolean queue = r.bool("long-message-queue.enabled");
        int disable = r.integer("long-message-queue.disable", 0, Integer.MAX_VALUE - 1);
        int enable = r.integer("long-message-queue.enable", 1, Integer.MAX_VALUE - 1);
        if (disable >= enable) {
            r.error("long-message-queue.disable", "bad value " + disable + ", expected less than"
                    + " medic.monitor.long-message-queue.enable (" + enable + ")");
        }
        boolean large = r.bool("large-state.enabled");
        long largeThreshold = r.bytes("large-state.threshold", 1, Long.MAX_VALUE);
        boolean busy = r.bool("busy-dispatcher.enabled");
        Duration busyThreshold = r.duration("busy-dispatcher.threshold", Duration.ofMillis(1), Duration.ofHours(1));
        r.throwIfInvalid("Medic monitor configuration");
        return new MonitorSettings(enabled, ring, rate, log, logRate, jfr, gc, gcThreshold, schedule, scheduleThreshold,
                frames, queue, disable, enable, large, largeThreshold, busy, busyThreshold);
    }

    /** Whether long_gc events are raised: the detector's switch and the monitor's. */
    public boolean longGcOn() {
        return enabled && longGc;
    }

    /** Whether long_schedule events are raised. */
    public boolean longScheduleOn() {
        return enabled && longSchedule;
    }

    /** Whether long_message_queue events are raised. */
    public boolean longMessageQueueOn() {
        return enabled && longMessageQueue;
    }

    /** Whether large_state events are raised. */
    public boolean largeStateOn() {
        return enabled && largeState;
    }

    /** Whether busy_dispatcher events are raised. */
    public boolean busyDispatcherOn() {
        return enabled && busyDispatcher;
    }
}
