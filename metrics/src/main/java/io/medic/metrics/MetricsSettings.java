package io.medic.metrics;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.SettingsReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code medic.metrics} settings: what a scrape exports and the bounds of its cardinality guard
 * (docs/metrics.md, "The cardinality guard"). Per-process series exist only for registered processes
 * (by name, at most {@link #maxRegisteredProcesses()}) and for the top {@link #topK()} processes by each
 * of {@link #topKAttributes()} (by pid); every other process counts only in the aggregates of its
 * behaviour class (at most {@link #maxBehaviours()} classes, the rest folded into one). Defaults are
 * those of the metrics module's {@code reference.conf}. Immutable; each {@code withX} returns a copy and
 * checks its value (naming the setting, the bad value and what was expected).
 */
public final class MetricsSettings {
    /** Default of {@code max-label-length}: characters of a label value (a name, a class) kept. */
    public static final int DEFAULT_MAX_LABEL_LENGTH = 100;
    /** Default of {@code max-registered-processes}. */
    public static final int DEFAULT_MAX_REGISTERED = 200;
    /** Default of {@code max-behaviours}. */
    public static final int DEFAULT_MAX_BEHAVIOURS = 50;
    /** Default of {@code top-k}. */
    public static final int DEFAULT_TOP_K = 10;
    /** Default of {@code max-supervisors}. */
    public static final int DEFAULT_MAX_SUPERVISORS = 100;
    /** Default of {@code supervision-timeout}. */
    public static final Duration DEFAULT_SUPERVISION_TIMEOUT = Duration.ofSeconds(2);

    static final int MAX_LABEL_LENGTH = 1000;
    static final int MAX_SERIES_GROUP = 10_000;
    static final int MAX_TOP_K = 100;
    static final Duration MAX_SUPERVISION_TIMEOUT = Duration.ofSeconds(30);
    private static final String PATH = "medic.metrics";

    private final boolean jvm;
    private final int maxLabelLength;
    private final boolean registeredProcesses;
    private final int maxRegisteredProcesses;
    private final int maxBehaviours;
    private final int topK;
    private final List<ProcessAttribute> topKAttributes;
    private final boolean supervisors;
    private final int maxSupervisors;
    private final Duration supervisionTimeout;

    private MetricsSettings(boolean jvm, int maxLabelLength, boolean registeredProcesses, int maxRegisteredProcesses,
                            int maxBehaviours, int topK, List<ProcessAttribute> topKAttributes, boolean supervisors,
                            int maxSupervisors, Duration supervisionTimeout) {
        this.jvm = jvm;
        this.maxLabelLength = maxLabelLength;
        this.registeredProcesses = registeredProcesses;
        this.maxRegisteredProcesses = maxRegisteredProcesses;
        this.maxBehaviours = maxBehaviours;
        this.topK = topK;
        this.topKAttributes = List.copyOf(topKAttributes);
        this.supervisors = supervisors;
        this.maxSupervisors = maxSupervisors;
        this.supervisionTimeout = supervisionTimeout;
    }

    /** The defaults (those of the module's {@code reference.conf}). */
    public static MetricsSettings defaults() {
        return new MetricsSettings(true, DEFAULT_MAX_LABEL_LENGTH, true, DEFAULT_MAX_REGISTERED, DEFAULT_MAX_BEHAVIOURS,
                DEFAULT_TOP_K, List.of(ProcessAttribute.MESSAGE_QUEUE_LEN, ProcessAttribute.MEMORY), true,
                DEFAULT_MAX_SUPERVISORS, DEFAULT_SUPERVISION_TIMEOUT);
    }

    /**
     * Reads {@code medic.metrics} from a full configuration.
     *
     * @throws IllegalArgumentException listing every bad value, each with its path and what was expected
     */
    public static MetricsSettings fromConfig(Config config) {
        SettingsReader r = new SettingsReader(config, PATH);
        Config c = config.getConfig(PATH);
        boolean jvm = flag(c, r, "jvm");
        int labelLength = r.integer("max-label-length", 16, MAX_LABEL_LENGTH);
        boolean registered = flag(c, r, "registered-processes");
        int maxRegistered = r.integer("max-registered-processes", 0, MAX_SERIES_GROUP);
        int maxBehaviours = r.integer("max-behaviours", 1, MAX_SERIES_GROUP);
        int topK = r.integer("top-k", 0, MAX_TOP_K);
        List<ProcessAttribute> attributes = new ArrayList<>();
        for (String name : r.stringList("top-k-attributes", "a list of process attributes: " + attributeNames())) {
            ProcessAttribute a = attribute(name);
            if (a == null) {
                r.error("top-k-attributes", "bad value '" + name + "', expected one of " + attributeNames());
            } else if (attributes.contains(a)) {
                r.error("top-k-attributes", "'" + name + "' appears twice");
            } else {
                attributes.add(a);
            }
        }
        boolean supervisors = flag(c, r, "supervisors");
        int maxSupervisors = r.integer("max-supervisors", 0, MAX_SERIES_GROUP);
        Duration timeout = r.duration("supervision-timeout", Duration.ofMillis(1), MAX_SUPERVISION_TIMEOUT);
        r.throwIfInvalid("Medic metrics configuration");
        return new MetricsSettings(jvm, labelLength, registered, maxRegistered, maxBehaviours, topK, attributes,
                supervisors, maxSupervisors, timeout);
    }

    // ================================================================== settings

    /** Whether a scrape includes the JVM's metrics (the Prometheus client's JVM instrumentation). Default on. */
    public boolean jvm() {
        return jvm;
    }

    /**
     * Characters of a label value kept (a registered name, a behaviour class, a supervisor's path); a
     * longer one is cut and ends with {@code ...}. Default {@value #DEFAULT_MAX_LABEL_LENGTH}.
     */
    public int maxLabelLength() {
        return maxLabelLength;
    }

    /** Whether registered processes get series of their own, labelled by name. Default on. */
    public boolean registeredProcesses() {
        return registeredProcesses;
    }

    /**
     * Registered processes exported by name at most, the first by name order; the others count in
     * {@code medic_scrape_omitted_label_values{group="registered_processes"}}. Default
     * {@value #DEFAULT_MAX_REGISTERED}.
     */
    public int maxRegisteredProcesses() {
        return maxRegisteredProcesses;
    }

    /**
     * Behaviour classes exported at most, those with the most processes; the others are summed under
     * {@code behaviour="_other"} and counted in {@code medic_scrape_omitted_label_values{group="behaviours"}}.
     * Default {@value #DEFAULT_MAX_BEHAVIOURS}.
     */
    public int maxBehaviours() {
        return maxBehaviours;
    }

    /** Processes exported by pid for each of {@link #topKAttributes()}, the largest first; 0: none. Default {@value #DEFAULT_TOP_K}. */
    public int topK() {
        return topK;
    }

    /** The attributes of the top-K series ({@code recon:proc_count/2}'s). Default message_queue_len and memory_bytes. */
    public List<ProcessAttribute> topKAttributes() {
        return topKAttributes;
    }

    /** Whether a scrape walks the supervision tree for the supervisor and application series. Default on. */
    public boolean supervisors() {
        return supervisors;
    }

    /**
     * Supervisors exported at most, in tree order; the others count in
     * {@code medic_scrape_omitted_label_values{group="supervisors"}}. Default {@value #DEFAULT_MAX_SUPERVISORS}.
     */
    public int maxSupervisors() {
        return maxSupervisors;
    }

    /**
     * How long a scrape waits for the supervision tree (one call per supervisor, bounded by
     * {@code medic.http.supervision}); past it the scrape goes on without the supervisor series and says
     * so in {@code medic_scrape_supervision_timed_out}. Default 2 s.
     */
    public Duration supervisionTimeout() {
        return supervisionTimeout;
    }

    // ================================================================== copies

    /** A copy with {@link #jvm()}. */
    public MetricsSettings withJvm(boolean on) {
        return new MetricsSettings(on, maxLabelLength, registeredProcesses, maxRegisteredProcesses, maxBehaviours, topK,
                topKAttributes, supervisors, maxSupervisors, supervisionTimeout);
    }

    /** A copy with {@link #maxLabelLength()}, 16 to 1000. */
    public MetricsSettings withMaxLabelLength(int n) {
        check("max-label-length", n, 16, MAX_LABEL_LENGTH);
        return new MetricsSettings(jvm, n, registeredProcesses, maxRegisteredProcesses, maxBehaviours, topK,
                topKAttributes, supervisors, maxSupervisors, supervisionTimeout);
    }

    /** A copy with {@link #registeredProcesses()} and {@link #maxRegisteredProcesses()} (0 to 10000). */
    public MetricsSettings withRegisteredProcesses(boolean on, int max) {
        check("max-registered-processes", max, 0, MAX_SERIES_GROUP);
        return new MetricsSettings(jvm, maxLabelLength, on, max, maxBehaviours, topK, topKAttributes, supervisors,
                maxSupervisors, supervisionTimeout);
    }

    /** A copy with {@link #maxBehaviours()}, 1 to 10000. */
    public MetricsSettings withMaxBehaviours(int n) {
        check("max-behaviours", n, 1, MAX_SERIES_GROUP);
        return new MetricsSettings(jvm, maxLabelLength, registeredProcesses, maxRegisteredProcesses, n, topK,
                topKAttributes, supervisors, maxSupervisors, supervisionTimeout);
    }

    /** A copy with {@link #topK()} (0 to 100) and {@link #topKAttributes()} (distinct). */
    public MetricsSettings withTopK(int k, List<ProcessAttribute> attributes) {
        check("top-k", k, 0, MAX_TOP_K);
        Objects.requireNonNull(attributes, "attributes");
        if (attributes.stream().anyMatch(Objects::isNull) || attributes.stream().distinct().count() != attributes.size()) {
            throw new IllegalArgumentException("top-k-attributes: bad value " + attributes + ", expected distinct attributes");
        }
        return new MetricsSettings(jvm, maxLabelLength, registeredProcesses, maxRegisteredProcesses, maxBehaviours, k,
                attributes, supervisors, maxSupervisors, supervisionTimeout);
    }

    /** A copy with {@link #supervisors()}, {@link #maxSupervisors()} (0 to 10000) and {@link #supervisionTimeout()} (1 ms to 30 s). */
    public MetricsSettings withSupervisors(boolean on, int max, Duration timeout) {
        check("max-supervisors", max, 0, MAX_SERIES_GROUP);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_SUPERVISION_TIMEOUT) > 0) {
            throw new IllegalArgumentException("supervision-timeout: bad value " + timeout + ", expected 1 ms to 30 s");
        }
        return new MetricsSettings(jvm, maxLabelLength, registeredProcesses, maxRegisteredProcesses, maxBehaviours, topK,
                topKAttributes, on, max, timeout);
    }

    @Override
    public String toString() {
        return "MetricsSettings(jvm=" + jvm + ", maxLabelLength=" + maxLabelLength + ", registeredProcesses="
                + registeredProcesses + ", maxRegisteredProcesses=" + maxRegisteredProcesses + ", maxBehaviours="
                + maxBehaviours + ", topK=" + topK + ", topKAttributes=" + topKAttributes + ", supervisors=" + supervisors
                + ", maxSupervisors=" + maxSupervisors + ", supervisionTimeout=" + supervisionTimeout + ")";
    }

    // ================================================================== helpers

    /**
     * The attribute named as {@code GET /medic/processes?sort=} names it ({@code memory_bytes}, recon's
     * {@code memory}, {@code message_queue_len} ...), or null.
     */
    static ProcessAttribute attribute(String name) {
        if (name != null && name.trim().toLowerCase(Locale.ROOT).equals("memory_bytes")) {
            return ProcessAttribute.MEMORY;
        }
        return ProcessAttribute.parse(name).orElse(null);
    }

    private static String attributeNames() {
        return ProcessAttribute.wireNames().replace("memory", "memory_bytes");
    }

    private static boolean flag(Config c, SettingsReader r, String path) {
        try {
            return c.getBoolean(path);
        } catch (ConfigException e) {
            r.error(path, (c.hasPath(path) ? "bad value '" + c.getValue(path).unwrapped() + "'" : "missing")
                    + ", expected on or off");
            return false;
        }
    }

    private static void check(String name, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + ": bad value " + v + ", expected an integer from " + min + " to " + max);
        }
    }
}
