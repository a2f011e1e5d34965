package io.medic.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one section of the configuration and validates each value as it goes, collecting every
 * problem (path, bad value, what was expected) so that a bad configuration is reported all at once.
 * Each read returns the minimum when the value is bad, so reading can go on. Not thread-safe; use one
 * per validation.
 *
 * <pre>{@code
 * SettingsReader r = new SettingsReader(config, "medic.http");
 * int limit = r.integer("limits.max-limit", 1, 1000);
 * r.throwIfInvalid("Medic HTTP configuration");
 * }</pre>
 */
public final class SettingsReader {
    private final Config section;
    private final String prefix;
    private final List<String> errors = new ArrayList<>();

    /** Reads {@code path} (e.g. {@code medic.http}) of {@code config}. */
    public SettingsReader(Config config, String path) {
        this.section = config.getConfig(path);
        this.prefix = path + ".";
    }

    /** A duration between {@code min} and {@code max} inclusive. */
    public Duration duration(String path, Duration min, Duration max) {
        try {
            Duration d = section.getDuration(path);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                error(path, "bad value " + section.getValue(path).unwrapped() + ", expected a duration between " + min
                        + " and " + max);
                return min;
            }
            return d;
        } catch (ConfigException e) {
            error(path, describe(path) + ", expected a duration such as 5s or 200ms");
            return min;
        }
    }

    /** An integer from {@code min} to {@code max} inclusive. */
    public int integer(String path, int min, int max) {
        try {
            int v = section.getInt(path);
            if (v < min || v > max) {
                error(path, "bad value " + v + ", expected an integer from " + min + " to " + max);
                return min;
            }
            return v;
        } catch (ConfigException e) {
            error(path, describe(path) + ", expected an integer from " + min + " to " + max);
            return min;
        }
    }

    /** A boolean ({@code on}, {@code off}, {@code true}, {@code false}). */
    public boolean bool(String path) {
        try {
            return section.getBoolean(path);
        } catch (ConfigException e) {
            error(path, describe(path) + ", expected on or off");
            return false;
        }
    }

    /** A size in bytes ({@code 64k}, {@code 1m} ...) from {@code min} to {@code max} inclusive. */
    public long bytes(String path, long min, long max) {
        try {
            long v = section.getBytes(path);
            if (v < min || v > max) {
                error(path, "bad value " + v + ", expected a size from " + min + " to " + max + " bytes");
                return min;
            }
            return v;
        } catch (ConfigException e) {
            error(path, describe(path) + ", expected a size such as 64k or 1m");
            return min;
        }
    }

    /** A list of strings; {@code expected} says what they should be. */
    public List<String> stringList(String path, String expected) {
        try {
            return List.copyOf(section.getStringList(path));
        } catch (ConfigException e) {
            error(path, describe(path) + ", expected " + expected);
            return List.of();
        }
    }

    /** Records a problem with one value, e.g. a cross-field conflict. */
    public void error(String path, String problem) {
        errors.add(prefix + path + ": " + problem);
    }

    /** Records a problem in the reader's own words. */
    public void error(String message) {
        errors.add(message);
    }


    /** Throws an {@link IllegalArgumentException} listing every problem, if there is any. */
    public void throwIfInvalid(String what) {
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + ": " + String.join("; ", errors));
        }
    }

    private String describe(String path) {
        if (!section.hasPathOrNull(path)) {
            return "missing";
        }
        return section.getIsNull(path) ? "bad value null" : "bad value '" + section.getValue(path).unwrapped() + "'";
    }
}
