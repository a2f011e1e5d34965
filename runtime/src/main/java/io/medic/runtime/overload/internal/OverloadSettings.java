package io.medic.runtime.overload.internal;

import com.typesafe.config.Config;
import io.medic.runtime.SettingsReader;

/**
 * INTERNAL API
 *
 * <p>{@code medic.overload} in the node's configuration (defaults in the runtime's
 * {@code reference.conf}): how many named breakers and valves a node lists at most, and how many
 * breaker events may wait for slow listeners.
 *
 * @param maxBreakers      {@code max-breakers} (10,000; 1 to 1,000,000)
 * @param maxValves        {@code max-valves} (10,000; 1 to 1,000,000)
 * @param maxPendingEvents {@code max-pending-events} (1,000; 1 to 1,000,000)
 */
public record OverloadSettings(int maxBreakers, int maxValves, int maxPendingEvents) {
    public static final String PATH = "medic.overload";

    public static OverloadSettings fromConfig(Config config) {
        SettingsReader r = new SettingsReader(config, PATH);
        int breakers = r.integer("max-breakers", 1, 1_000_000);
        int valves = r.integer("max-valves", 1, 1_000_000);
        int events = r.integer("max-pending-events", 1, 1_000_000);
        r.throwIfInvalid("Medic overload configuration");
        return new OverloadSettings(breakers, valves, events);
    }
}
