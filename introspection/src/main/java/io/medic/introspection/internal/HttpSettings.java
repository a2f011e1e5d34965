package io.medic.introspection.internal;

import com.typesafe.config.Config;
import io.medic.runtime.RenderLimits;
import io.medic.runtime.SettingsReader;
import java.time.Duration;
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
 * @param state               bounds of state rendering ({@code medic.http.state})
 * @param supervision         bounds of the supervision tree
 * @param observedDispatchers dispatchers reported by the node and scheduler routes
 * @param scanParallelism     threads a proc_count pass over a large process table uses (default 2)
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
        RenderLimits state,
        SupervisionLimits supervision,
        List<String> observedDispatchers,
        int scanParallelism) {

    /** Config path of the dispatcher. */
    public static final String DISPATCHER = "medic.http.dispatcher";

    /**
     * Bounds of the supervision tree walk.
     *
     * @param maxDepth       supervisor levels below a top supervisor
     * @param maxChildren    children listed per supervisor
     * @param maxSupervisors supervisors asked per request
     * @param callTimeout    time each supervisor has to answer
     * @param maxCrashesPerChild crashes listed per child (its supervisor keeps up to
     *                       {@code medic.supervision.crash-history.per-child})
     */
    public record SupervisionLimits(int maxDepth, int maxChildren, int maxSupervisors, Duration callTimeout,
                                    int maxCrashesPerChild) {
    }

    /**
     * The longest a supervision walk can wait: the supervisors of one level are asked in parallel, each
     * for at most {@code call-timeout}, one level after another, {@code max-depth} + 1 levels.
     */
    public Duration longestWalk() {
        return supervision.callTimeout().multipliedBy(supervision.maxDepth() + 1L);
    }

    /** The longest any {@code /medic} route can wait by these bounds: a window, a sys request or a walk. */
    public Duration longestWait() {
        Duration longest = maxWindow.compareTo(maxTimeout) >= 0 ? maxWindow : maxTimeout;
        return longest.compareTo(longestWalk()) >= 0 ? longest : longestWalk();
    }

    /** Reads and validates {@code medic.http} from a full configuration. */
    public static HttpSettings fromConfig(Config config) {
        SettingsReader r = new SettingsReader(config, "medic.http");
        int defaultLimit = r.integer("limits.default-limit", 1, Limits.MAX_N);
        int maxLimit = r.integer("limits.max-limit", 1, Limits.MAX_N);
        Duration defaultWindow = r.duration("limits.default-window", Limits.MIN_WINDOW, Limits.MAX_WINDOW);
        Duration maxWindow = r.duration("limits.max-window", Limits.MIN_WINDOW, Limits.MAX_WINDOW);
        Duration defaultTimeout = r.duration("limits.default-timeout", Duration.ofMillis(1), Duration.ofHours(1));
        Duration maxTimeout = r.duration("limits.max-timeout", Duration.ofMillis(1), Duration.ofHours(1));
        long maxBody = r.bytes("limits.max-body-size", 1, 1L << 30);
        int frames = r.integer("limits.max-stack-frames", 0, 10_000);
        int children = r.integer("limits.max-children", 0, 1_000_000);
        RenderLimits state = RenderLimits.read(r, "state");
        SupervisionLimits supervision = new SupervisionLimits(
                r.integer("supervision.max-depth", 0, 1000),
                r.integer("supervision.max-children", 1, 1_000_000),
                r.integer("supervision.max-supervisors", 1, 1_000_000),
                r.duration("supervision.call-timeout", Duration.ofMillis(1), Duration.ofMinutes(5)),
                r.integer("supervision.max-crashes-per-child", 0, 1000));
        List<String> observed = r.stringList("observed-dispatchers", "a list of dispatcher config paths");
        int scanParallelism = r.integer("scan-parallelism", 1, 64);
        if (defaultLimit > maxLimit) {
            r.error("medic.http.limits.default-limit (" + defaultLimit + ") is above medic.http.limits.max-limit ("
                    + maxLimit + ")");
        }
        if (defaultWindow.compareTo(maxWindow) > 0) {
            r.error("medic.http.limits.default-window (" + defaultWindow + ") is above medic.http.limits.max-window ("
                    + maxWindow + ")");
        }
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            r.error("medic.http.limits.default-timeout (" + defaultTimeout
                    + ") is above medic.http.limits.max-timeout (" + maxTimeout + ")");
        }
        r.throwIfInvalid("Medic HTTP configuration");
        return new HttpSettings(DISPATCHER, defaultLimit, maxLimit, defaultWindow, maxWindow, defaultTimeout,
                maxTimeout, maxBody, frames, children, state, supervision, observed, scanParallelism);
    }
}
