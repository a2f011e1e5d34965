package io.medic.cluster.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.medic.runtime.SettingsReader;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * INTERNAL API
 *
 * <p>{@code medic.cluster.*}, validated all at once (each bad value named with its path, the value and
 * what was expected). Immutable.
 *
 * @param enabled             {@code auto} (on when {@code akka.actor.provider = cluster}), {@code on} or {@code off}
 * @param join                {@code seed-nodes} (Akka's own join from {@code akka.cluster.seed-nodes}), {@code bootstrap}
 *                            (Akka Management's Cluster Bootstrap) or {@code manual}
 * @param globalWriteTimeout  how long a global registration waits for a majority of nodes
 * @param globalConflict      the default rule for a name registered on two sides of a healed partition
 * @param failoverSyncTimeout how long the failover coordinator waits for an up member's report before deciding without it
 */
public record ClusterSettings(String enabled, String join, Duration globalWriteTimeout, String globalConflict,
                              Duration failoverSyncTimeout) {

    static final Set<String> ENABLED = Set.of("auto", "on", "off");
    static final Set<String> JOIN = Set.of("seed-nodes", "bootstrap", "manual");
    static final Set<String> CONFLICT = Set.of("exit-loser", "notify-loser", "notify-both");

    static ClusterSettings fromConfig(Config config) {
        SettingsReader r = new SettingsReader(config, "medic.cluster");
        String enabled = choice(config, r, "enabled", ENABLED);
        String join = choice(config, r, "join", JOIN);
        Duration gw = r.duration("global.write-timeout", Duration.ofMillis(1), Duration.ofMinutes(1));
        String conflict = choice(config, r, "global.conflict", CONFLICT);
        Duration sync = r.duration("failover.sync-timeout", Duration.ZERO, Duration.ofMinutes(10));
        r.throwIfInvalid("Medic cluster configuration");
        return new ClusterSettings(enabled, join, gw, conflict, sync);
    }

    private static String choice(Config config, SettingsReader r, String path, Set<String> allowed) {
        String full = "medic.cluster." + path;
        try {
            String v = config.getString(full).toLowerCase(Locale.ROOT);
            if (!allowed.contains(v)) {
                r.error(path, "bad value '" + config.getString(full) + "', expected one of " + new java.util.TreeSet<>(allowed));
            }
            return v;
        } catch (ConfigException e) {
            r.error(path, "missing or not a string, expected one of " + new java.util.TreeSet<>(allowed));
            return allowed.iterator().next();
        }
    }
}
