package io.medic.runtime.internal;

import com.typesafe.config.Config;
import io.medic.runtime.SettingsReader;
import java.time.Duration;

/**
 * INTERNAL API
 *
 * <p>The {@code medic.trace} section (defaults in the runtime's {@code reference.conf}), validated with
 * every bad value reported at once: the caps of trace sessions. Immutable.
 *
 * @param maxSessions sessions running at once on the node (default 1, as recon runs one tracer)
 * @param maxCount    the largest count limit, and the largest number of events of a rate limit (default 10000)
 * @param maxRate     the largest rate limit, in events per second (default 1000)
 * @param defaultTtl  the time to live of a spec that gives none (default 60 s)
 * @param maxTtl      the longest time to live (default 10 min)
 * @param bufferSize  events a session holds for a consumer that is behind; one more ends it (default 256)
 */
public record TraceSettings(int maxSessions, int maxCount, int maxRate, Duration defaultTtl, Duration maxTtl,
                            int bufferSize) {

    /** Reads and validates {@code medic.trace} from a full configuration. */
    public static TraceSettings fromConfig(Config config) {
        SettingsReader r = new SettingsReader(config, "medic.trace");
        int sessions = r.integer("max-sessions", 1, 100);
        int count = r.integer("max-count", 1, 10_000_000);
        int rate = r.integer("max-rate", 1, 1_000_000);
        Duration defaultTtl = r.duration("default-ttl", Duration.ofMillis(1), Duration.ofDays(1));
        Duration maxTtl = r.duration("max-ttl", Duration.ofMillis(1), Duration.ofDays(1));
        int buffer = r.integer("buffer-size", 1, 1_000_000);
        if (defaultTtl.compareTo(maxTtl) > 0) {
            r.error("medic.trace.default-ttl (" + defaultTtl + ") is above medic.trace.max-ttl (" + maxTtl + ")");
        }
        r.throwIfInvalid("Medic trace configuration");
        return new TraceSettings(sessions, count, rate, defaultTtl, maxTtl, buffer);
    }
}
