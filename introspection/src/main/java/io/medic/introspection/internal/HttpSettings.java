package io.medic.introspection.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.medic.introspection.Recon;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API
 *
 * <p>The {@code medic.http} section (defaults in the introspection module's {@code reference.conf}),
 * validated: every bad value is reported with its path, the value and what was expected, all at once.
 * Immutable.
 *
 * @param dispatcher          config path of the dispatcher routes run on ({@code medic.http.dispatcher})
 * @param defaultLimit        {@code limit} when not given (default 10)
 * @param maxLimit            largest {@code limit} (default and hard maximum 1000)
 * @param defaultWindow       {@code ms} of window routes when not given (default 1 s)
 * @param maxWindow           longest window (default and hard maximum 60 s)
 * @param defaultTimeout      {@code timeoutMs} when not given (default 5 s)
 * @param maxTimeout          longest {@code timeoutMs} (default 60 s)
 * @param maxBodyBytes        largest PUT body (default 1 MiB)
 * @param maxStackFrames      frames of a stack trace shown (default 64)
 * @param maxChildren         children listed by info (default 1000)
 * @param state               bounds of state rendering
 * @param supervision         bounds of the supervision tree
 * @param observedDispatchers dispatchers reported by the node and scheduler routes
 */
public record HttpSettings(
        String dispatcher,
        int defaultLimit,
        int maxLimit,
        Duration defaultWindow,
        Duration maxWindow,
        Duration defaultTimeout,
        Duration maxTimeout,
        long maxBodyBytes,
        int maxStackFrames,
        int maxChildren,
        StateLimits state,
        SupervisionLimits supervision,
        List<String> observedDispatchers) {

    /** Config path of the dispatcher. */
    public static final String DISPATCHER = "medic.http.dispatcher";

    /**
     * Bounds of one state rendering.
     *
     * @param maxDepth        nesting levels
     * @param maxElements     elements per collection, map or array
     * @param maxStringLength characters per string
     * @param maxBytes        approximate bytes of JSON for the whole rendering
     */
    public record StateLimits(int maxDepth, int maxElements, int maxStringLength, int maxBytes) {
    }

    /**
     * Bounds of the supervision tree walk.
     *
     * @param maxDepth       supervisor levels below a top supervisor
     * @param maxChildren    children listed per supervisor
     * @param maxSupervisors supervisors asked per request
     * @param callTimeout    time each supervisor has to answer
     */
    public record SupervisionLimits(int maxDepth, int maxChildren, int maxSupervisors, Duration callTimeout) {
    }

    /** Reads and validates {@code medic.http} from a full configuration. */
    public static HttpSettings fromConfig(Config config) {
        List<String> errors = new ArrayList<>();
        Config c = config.getConfig("medic.http");
        int defaultLimit = integer(c, "limits.default-limit", 1, Recon.MAX_N, errors);
        int maxLimit = integer(c, "limits.max-limit", 1, Recon.MAX_N, errors);
        Duration defaultWindow = duration(c, "limits.default-window", Recon.MIN_WINDOW, Recon.MAX_WINDOW, errors);
        Duration maxWindow = duration(c, "limits.max-window", Recon.MIN_WINDOW, Recon.MAX_WINDOW, errors);
        Duration defaultTimeout = duration(c, "limits.default-timeout", Duration.ofMillis(1), Duration.ofHours(1), errors);
        Duration maxTimeout = duration(c, "limits.max-timeout", Duration.ofMillis(1), Duration.ofHours(1), errors);
        long maxBody = bytes(c, "limits.max-body-size", 1, 1L << 30, errors);
        int frames = integer(c, "limits.max-stack-frames", 0, 10_000, errors);
        int children = integer(c, "limits.max-children", 0, 1_000_000, errors);
        StateLimits state = new StateLimits(
                integer(c, "state.max-depth", 1, 100, errors),
                integer(c, "state.max-elements", 1, 1_000_000, errors),
                integer(c, "state.max-string-length", 16, 10_000_000, errors),
                (int) bytes(c, "state.max-bytes", 256, 1L << 30, errors));
        SupervisionLimits supervision = new SupervisionLimits(
                integer(c, "supervision.max-depth", 0, 1000, errors),
                integer(c, "supervision.max-children", 1, 1_000_000, errors),
                integer(c, "supervision.max-supervisors", 1, 1_000_000, errors),
                duration(c, "supervision.call-timeout", Duration.ofMillis(1), Duration.ofMinutes(5), errors));
        List<String> observed = List.of();
        try {
            observed = List.copyOf(c.getStringList("observed-dispatchers"));
        } catch (ConfigException e) {
            errors.add("medic.http.observed-dispatchers: " + describe(c, "observed-dispatchers")
                    + ", expected a list of dispatcher config paths");
        }
        if (defaultLimit > maxLimit) {
            errors.add("medic.http.limits.default-limit (" + defaultLimit + ") is above medic.http.limits.max-limit ("
                    + maxLimit + ")");
        }
        if (defaultWindow.compareTo(maxWindow) > 0) {
            errors.add("medic.http.limits.default-window (" + defaultWindow + ") is above medic.http.limits.max-window ("
                    + maxWindow + ")");
        }
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            errors.add("medic.http.limits.default-timeout (" + defaultTimeout
                    + ") is above medic.http.limits.max-timeout (" + maxTimeout + ")");
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid Medic HTTP configuration: " + String.join("; ", errors));
        }
        return new HttpSettings(DISPATCHER, defaultLimit, maxLimit, defaultWindow, maxWindow, defaultTimeout,
                maxTimeout, maxBody, frames, children, state, supervision, observed);
    }

    private static Duration duration(Config c, String path, Duration min, Duration max, List<String> errors) {
        try {
            Duration d = c.getDuration(path);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                errors.add("medic.http." + path + ": bad value " + c.getValue(path).unwrapped()
                        + ", expected a duration between " + min + " and " + max);
                return min;
            }
            return d;
        } catch (ConfigException e) {
            errors.add("medic.http." + path + ": " + describe(c, path) + ", expected a duration such as 5s or 200ms");
            return min;
        }
    }

    private static int integer(Config c, String path, int min, int max, List<String> errors) {
        try {
            int v = c.getInt(path);
            if (v < min || v > max) {
                errors.add("medic.http." + path + ": bad value " + v + ", expected an integer from " + min + " to " + max);
                return min;
            }
            return v;
        } catch (ConfigException e) {
            errors.add("medic.http." + path + ": " + describe(c, path) + ", expected an integer from " + min + " to " + max);
            return min;
        }
    }

    private static long bytes(Config c, String path, long min, long max, List<String> errors) {
        try {
            long v = c.getBytes(path);
            if (v < min || v > max) {
                errors.add("medic.http." + path + ": bad value " + v + ", expected a size from " + min + " to " + max + " bytes");
                return min;
            }
            return v;
        } catch (ConfigException e) {
            errors.add("medic.http." + path + ": " + describe(c, path) + ", expected a size such as 64k or 1m");
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
