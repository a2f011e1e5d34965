package io.medic.introspection.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.medic.runtime.RenderLimits;
import io.medic.runtime.SettingsReader;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * INTERNAL API
 *
 * <p>The {@code medic.dump} section (defaults in the introspection module's {@code reference.conf}):
 * where crash dumps go, how many are kept, the caps that bound one, when the memory watchdog writes one
 * and how often one may be asked for over HTTP. Every bad value is reported with its path, the value and
 * what was expected, all at once. Immutable.
 *
 * @param dir               the directory dumps are written to ({@code dir})
 * @param keep              dumps of this node kept in it; older ones are deleted ({@code keep})
 * @param maxProcesses      processes written in full at most ({@code max-processes})
 * @param maxStackDepth     frames of a stack trace written at most ({@code max-stack-depth})
 * @param maxThreads        threads of the thread dump at most ({@code max-threads})
 * @param maxPorts          ports written at most ({@code max-ports})
 * @param maxCrashReports   crash reports written at most ({@code max-crash-reports})
 * @param maxEvents         supervisor events written at most ({@code max-events})
 * @param top               processes in each top list of the summary ({@code top})
 * @param states            processes (the largest by memory) whose state is asked for and rendered ({@code states})
 * @param stateTimeout      how long those processes have to answer, all together ({@code state-timeout})
 * @param supervisionTimeout how long the supervision tree may take to collect ({@code supervision-timeout})
 * @param render            bounds of each rendered state ({@code render})
 * @param maxBytes          about how large a dump may grow; lists stop there ({@code max-bytes})
 * @param memoryThreshold   fraction of a heap pool's maximum that, reached after a collection, writes a
 *                          dump (0: the watchdog is off) ({@code memory-threshold})
 * @param onAbnormalStop    whether a dump is written when the node stops abnormally ({@code on-abnormal-stop})
 * @param httpMinInterval   the least time between two dumps asked for over HTTP ({@code http-min-interval})
 */
public record DumpSettings(Path dir, int keep, int maxProcesses, int maxStackDepth, int maxThreads, int maxPorts,
                           int maxCrashReports, int maxEvents, int top, int states, Duration stateTimeout,
                           Duration supervisionTimeout, RenderLimits render, long maxBytes, double memoryThreshold,
                           boolean onAbnormalStop, Duration httpMinInterval) {

    /** Reads and checks {@code medic.dump}. */
    public static DumpSettings fromConfig(Config config) {
        SettingsReader r = new SettingsReader(config, "medic.dump");
        Path dir = null;
        String dirText = null;
        try {
            dirText = config.getString("medic.dump.dir");
            if (dirText.isBlank()) {
                r.error("dir", "bad value '', expected a directory path (e.g. \"dumps\" or \"/var/log/shop/dumps\")");
            } else {
                dir = Path.of(dirText);
            }
        } catch (ConfigException | InvalidPathException e) {
            r.error("dir", "bad value " + (dirText == null ? "(not a string)" : "'" + dirText + "'")
                    + ", expected a directory path");
        }
        int keep = r.integer("keep", 1, 10_000);
        int maxProcesses = r.integer("max-processes", 0, 10_000_000);
        int maxStackDepth = r.integer("max-stack-depth", 0, 10_000);
        int maxThreads = r.integer("max-threads", 0, 1_000_000);
        int maxPorts = r.integer("max-ports", 0, 10_000_000);
        int maxCrashReports = r.integer("max-crash-reports", 0, 100_000);
        int maxEvents = r.integer("max-events", 0, 100_000);
        int top = r.integer("top", 1, 1000);
        int states = r.integer("states", 0, 1000);
        Duration stateTimeout = r.duration("state-timeout", Duration.ofMillis(1), Duration.ofMinutes(1));
        Duration supervisionTimeout = r.duration("supervision-timeout", Duration.ofMillis(1), Duration.ofMinutes(1));
        RenderLimits render = RenderLimits.read(r, "render");
        long maxBytes = r.bytes("max-bytes", 64 * 1024, 64L * 1024 * 1024 * 1024);
        double threshold = 0;
        try {
            threshold = config.getDouble("medic.dump.memory-threshold");
            if (!(threshold == 0 || threshold >= 0.05 && threshold <= 1.0)) {
                r.error("memory-threshold", "bad value " + threshold + ", expected 0 (off) or a fraction from 0.05 to 1.0 (e.g. 0.95)");
            }
        } catch (ConfigException e) {
            r.error("memory-threshold", "bad value, expected 0 (off) or a fraction from 0.05 to 1.0 (e.g. 0.95)");
        }
        boolean onStop = true;
        try {
            onStop = config.getBoolean("medic.dump.on-abnormal-stop");
        } catch (ConfigException e) {
            r.error("on-abnormal-stop", "bad value, expected on or off");
        }
        Duration minInterval = r.duration("http-min-interval", Duration.ZERO, Duration.ofDays(1));
        r.throwIfInvalid("Medic crash dump configuration");
        return new DumpSettings(dir, keep, maxProcesses, maxStackDepth, maxThreads, maxPorts, maxCrashReports, maxEvents,
                top, states, stateTimeout, supervisionTimeout, render, maxBytes, threshold, onStop, minInterval);
    }
}
