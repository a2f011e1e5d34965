package io.medic.metrics.internal;

import io.medic.introspection.NodeStats;
import io.medic.introspection.ProcessSample;
import io.medic.introspection.Recon;
import io.medic.introspection.SupervisionTree;
import io.medic.metrics.MetricsSettings;
import io.medic.runtime.Node;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.ProcessEntry;
import io.medic.supervision.ApplicationInfo;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * INTERNAL API
 *
 * <p>Medic's metrics of one node, collected on scrape from its Java API — {@link Recon#nodeStats()}
 * (recon's {@code node_stats}), one pass over the process table, {@link Recon#procCount} for the top-K
 * and {@link Recon#supervisionTree()} — into the Prometheus client's snapshots, behind the cardinality
 * guard of {@link MetricsSettings}: no series per anonymous process. Every family is a row of one of
 * the tables below ({@link #NODE}, {@link #DISPATCHER}, {@link #PROCESS}), so adding a metric that
 * Medic's API already offers is one line. Nothing here messages a process; only the supervision walk
 * asks each supervisor, bounded in time by the caller. Thread-safe (each scrape builds its own state).
 *
 * <p>Cost of a scrape with {@code P} processes: three passes over the process table (node stats, the
 * aggregates, one top-K per attribute: a bounded heap each, no sort), a pass over the port table, a few
 * MXBean reads, and the supervision walk (one call per supervisor). Memory: one aggregate per behaviour
 * class and at most {@code max-registered-processes} registered rows, whatever {@code P} is.
 */
public final class MedicCollector implements MultiCollector {

    /** A node-wide gauge read from {@link NodeStats}. */
    private record NodeMetric(String name, String help, ToDoubleFunction<NodeStats> read) {
    }

    /** A per-dispatcher gauge read from {@link NodeStats.DispatcherStats}, labelled {@code dispatcher}. */
    private record DispatcherMetric(String name, String help, ToDoubleFunction<NodeStats.DispatcherStats> read) {
    }

    /**
     * A process attribute, exported as {@code medic_registered_process_<suffix>} (a counter when it only
     * grows during a process's life) and summed per behaviour as {@code medic_behaviour_<suffix>}
     * (a gauge: a sum over live processes falls when one exits), with a {@code _max} per behaviour when
     * {@code max} is set.
     */
    private record ProcessMetric(String suffix, String help, boolean counter, boolean max, ToDoubleFunction<ProcessEntry> read) {
    }

    static final List<NodeMetric> NODE = List.of(
            new NodeMetric("medic_processes", "Live Medic processes (length(processes())).", NodeStats::processCount),
            new NodeMetric("medic_ports", "Open Medic ports: sockets, listeners and files (length(erlang:ports())).",
                    NodeStats::portCount),
            new NodeMetric("medic_run_queue", "Actors with messages waiting for a thread, summed over the observed "
                    + "dispatchers (erlang:statistics(run_queue)).", NodeStats::runQueue),
            new NodeMetric("medic_processes_with_messages", "Live processes running now or with a non-empty queue "
                    + "(runnable or running).", NodeStats::processesWithMessages),
            new NodeMetric("medic_message_queue_len", "Messages waiting, summed over live processes.",
                    NodeStats::messageQueueLen),
            new NodeMetric("medic_messages_handled", "Messages handled, summed over live processes: falls when a "
                    + "process exits (a gauge, not a counter).", NodeStats::messagesHandled),
            new NodeMetric("medic_dropped_messages", "Messages bounded mailboxes refused or dropped since the node "
                    + "started, exited processes' included: only grows (rate() it).", NodeStats::droppedMessages));

    static final List<DispatcherMetric> DISPATCHER = List.of(
            new DispatcherMetric("medic_dispatcher_run_queue", "Mailboxes with messages waiting for a thread of the "
                    + "dispatcher; -1 if unknown.", NodeStats.DispatcherStats::runQueue),
            new DispatcherMetric("medic_dispatcher_threads", "Threads in the dispatcher's pool.",
                    NodeStats.DispatcherStats::threads),
            new DispatcherMetric("medic_dispatcher_active_threads", "Threads of the dispatcher running a mailbox now.",
                    NodeStats.DispatcherStats::activeThreads),
            new DispatcherMetric("medic_dispatcher_parallelism", "The dispatcher's target parallelism (fork-join) or "
                    + "maximum pool size; -1 if unknown.", NodeStats.DispatcherStats::parallelism),
            new DispatcherMetric("medic_dispatcher_actors", "Actors attached to the dispatcher.",
                    NodeStats.DispatcherStats::actors));

    static final List<ProcessMetric> PROCESS = List.of(
            new ProcessMetric("message_queue_len", "messages waiting in the mailbox (and held back while suspended "
                    + "or initializing)", false, true, ProcessEntry::messageQueueLen),
            new ProcessMetric("memory_bytes", "bytes attributed: retained state plus queue (an estimate)", false, true,
                    ProcessEntry::memory),
            new ProcessMetric("reductions", "reductions: one per message handled plus one per microsecond in handlers",
                    true, false, ProcessEntry::reductions),
            new ProcessMetric("messages_handled", "messages handled", true, false, ProcessEntry::messagesHandled),
            new ProcessMetric("busy_seconds", "time spent in handlers", true, false, e -> e.busyTimeMicros() / 1e6),
            new ProcessMetric("restarts", "restarts by the supervisor before this incarnation", false, false,
                    ProcessEntry::restarts),
            new ProcessMetric("ports", "ports owned: sockets, listeners and files", false, false, ProcessEntry::ports));

    @SuppressWarnings("unchecked")
    private static final ToDoubleFunction<ProcessEntry>[] READERS = PROCESS.stream().map(ProcessMetric::read)
            .toArray(ToDoubleFunction[]::new);
    private static final List<String> NODE_FAMILIES = names(NODE.stream().map(NodeMetric::name),
            DISPATCHER.stream().map(DispatcherMetric::name));
    private static final List<String> PROCESS_FAMILIES = processFamilies();
    private static final List<String> SUPERVISION_FAMILIES = List.of("medic_supervisor_up", "medic_supervisor_children",
            "medic_supervisor_restarts", "medic_supervisor_restart_budget_used", "medic_supervisor_restart_intensity",
            "medic_supervisor_restart_period_seconds", "medic_application_status");
    private static final String[] GROUPS = {"registered_processes", "behaviours", "supervisors"};

    private final Node node;
    private final Recon recon;
    private final MetricsSettings settings;

    public MedicCollector(Node node, MetricsSettings settings) {
        this.node = node;
        this.recon = Recon.of(node);
        this.settings = settings;
    }

    /** The outcome of the supervision walk a scrape waited for: the tree, or null and whether it timed out. */
    public record Walk(SupervisionTree tree, boolean timedOut) {
        /** No walk: supervisor metrics are off or not wanted. */
        public static final Walk NONE = new Walk(null, false);
    }

    // ================================================================== MultiCollector (blocking)

    /** Everything, waiting for the supervision tree at most {@code supervision-timeout}. */
    @Override
    public MetricSnapshots collect() {
        return collect(n -> true, null);
    }

    @Override
    public MetricSnapshots collect(Predicate<String> names, PrometheusScrapeRequest request) {
        return collect(awaitWalk(names), names);
    }

    /** Whether a scrape for {@code names} needs the supervision tree. */
    public boolean wantsSupervision(Predicate<String> names) {
        return settings.supervisors() && new Families(names).wantsAny(SUPERVISION_FAMILIES);
    }

    /**
     * The supervision walk a scrape for {@code names} needs, completed at most
     * {@code supervision-timeout} from now (timed out then) without holding a thread meanwhile; a walk
     * that fails counts as timed out. {@link Walk#NONE} at once when the scrape needs no walk.
     */
    public CompletableFuture<Walk> walk(Predicate<String> names) {
        if (!wantsSupervision(names)) {
            return CompletableFuture.completedFuture(Walk.NONE);
        }
        return recon.supervisionTree().toCompletableFuture()
                .thenApply(tree -> new Walk(tree, false))
                .completeOnTimeout(new Walk(null, true), settings.supervisionTimeout().toNanos(), TimeUnit.NANOSECONDS)
                .exceptionally(err -> new Walk(null, true));
    }

    private Walk awaitWalk(Predicate<String> names) {
        return walk(names).join();
    }

    // ================================================================== one scrape

    /** The families {@code names} wants, with the supervision tree a caller has waited for. */
    public MetricSnapshots collect(Walk walk, Predicate<String> names) {
        long start = System.nanoTime();
        Families out = new Families(names);
        int[] omitted = new int[GROUPS.length];
        if (out.wantsAny(NODE_FAMILIES)) {
            node(recon.nodeStats(), out);
        }
        if (out.wants("medic_ports_by_type", false)) {
            Families.Family types = out.gauge("medic_ports_by_type", "Open ports by type (recon:port_types/0).");
            recon.portTypes().forEach((type, n) -> types.point(n, "type", clean(type)));
        }
        if (out.wantsAny(PROCESS_FAMILIES)) {
            processes(out, omitted);
        }
        for (ProcessAttribute a : settings.topKAttributes()) {
            if (settings.topK() > 0 && out.wants(topName(a), false)) {
                top(a, out);
            }
        }
        if (settings.supervisors()) {
            if (walk.tree() != null) {
                supervision(walk.tree(), out, omitted);
            }
            out.gauge("medic_scrape_supervision_timed_out", "1 when this scrape's walk of the supervision tree did "
                    + "not answer within medic.metrics.supervision-timeout, or failed (its series are missing), else 0.")
                    .point(walk.timedOut() ? 1 : 0);
        }
        Families.Family left = out.gauge("medic_scrape_omitted_label_values", "Label values this scrape left out "
                + "by the cardinality guard (medic.metrics): registered names and supervisors beyond their cap, "
                + "behaviour classes folded into _other.");
        for (int g = 0; g < GROUPS.length; g++) {
            left.point(omitted[g], "group", GROUPS[g]);
        }
        out.gauge("medic_scrape_duration_seconds", "How long collecting Medic's metrics took in this scrape "
                + "(the JVM's and the supervision walk's wait not included).").point((System.nanoTime() - start) / 1e9);
        return out.build();
    }

    private static void node(NodeStats stats, Families out) {
        for (NodeMetric m : NODE) {
            out.gauge(m.name(), m.help()).point(m.read().applyAsDouble(stats));
        }
        for (DispatcherMetric m : DISPATCHER) {
            Families.Family f = out.gauge(m.name(), m.help());
            for (NodeStats.DispatcherStats d : stats.dispatchers()) {
                f.point(m.read().applyAsDouble(d), "dispatcher", d.id());
            }
        }
    }

    // ================================================================== processes: the guard

    /** Sums and maxima of one behaviour class. */
    private static final class Aggregate {
        long count;
        final double[] sum = new double[PROCESS.size()];
        final double[] max = new double[PROCESS.size()];

        void add(double[] values) {
            count++;
            for (int i = 0; i < values.length; i++) {
                sum[i] += values[i];
                max[i] = Math.max(max[i], values[i]);
            }
        }

        void merge(Aggregate other) {
            count += other.count;
            for (int i = 0; i < sum.length; i++) {
                sum[i] += other.sum[i];
                max[i] = Math.max(max[i], other.max[i]);
            }
        }
    }

    /** One pass over the process table: aggregates per behaviour, rows of registered processes (bounded). */
    private void processes(Families out, int[] omitted) {
        Map<String, Aggregate> behaviours = new HashMap<>();
        TreeMap<String, double[]> registered = new TreeMap<>();
        int cap = settings.maxRegisteredProcesses();
        double restarts = 0;
        ToDoubleFunction<ProcessEntry>[] readers = READERS;
        double[] values = new double[readers.length];
        String lastBehaviour = null;
        Aggregate last = null;
        for (ProcessEntry e : node.processes().entries()) {
            for (int i = 0; i < values.length; i++) {
                values[i] = readers[i].applyAsDouble(e);
            }
            String behaviour = e.initialCall();
            if (behaviour != lastBehaviour) { // neighbours in the table are often of one class: skip the hash lookup
                last = behaviours.computeIfAbsent(behaviour, k -> new Aggregate());
                lastBehaviour = behaviour;
            }
            last.add(values);
            restarts += e.restarts();
            String name = settings.registeredProcesses() ? e.registeredName().orElse(null) : null;
            if (name != null) {
                registered.put(name, values.clone());
                if (registered.size() > cap) {
                    registered.pollLastEntry();
                    omitted[0]++;
                }
            }
        }
        out.gauge("medic_restarts", "Restarts of the live processes, summed (each counts how many times its "
                + "supervisor restarted it before this incarnation).").point(restarts);
        behaviours(behaviours, out, omitted);
        if (settings.registeredProcesses()) {
            registered(registered, out, omitted);
        }
    }

    private void behaviours(Map<String, Aggregate> all, Families out, int[] omitted) {
        List<Map.Entry<String, Aggregate>> byCount = new ArrayList<>(all.entrySet());
        byCount.sort(Comparator.comparingLong((Map.Entry<String, Aggregate> e) -> -e.getValue().count)
                .thenComparing(Map.Entry::getKey));
        Map<String, Aggregate> shown = new LinkedHashMap<>();
        Aggregate other = new Aggregate();
        for (int i = 0; i < byCount.size(); i++) {
            Map.Entry<String, Aggregate> e = byCount.get(i);
            if (i < settings.maxBehaviours()) {
                shown.computeIfAbsent(clean(e.getKey()), k -> new Aggregate()).merge(e.getValue());
            } else {
                other.merge(e.getValue());
                omitted[1]++;
            }
        }
        if (other.count > 0) {
            shown.computeIfAbsent(LabelValues.OTHER, k -> new Aggregate()).merge(other);
        }
        Families.Family count = out.gauge("medic_behaviour_processes", "Live processes by behaviour class "
                + "(initial_call).");
        shown.forEach((b, a) -> count.point(a.count, "behaviour", b));
        for (int i = 0; i < PROCESS.size(); i++) {
            ProcessMetric m = PROCESS.get(i);
            int at = i;
            Families.Family sum = out.gauge("medic_behaviour_" + m.suffix(), "Sum over the live processes of a "
                    + "behaviour class: " + m.help() + ".");
            shown.forEach((b, a) -> sum.point(a.sum[at], "behaviour", b));
            if (m.max()) {
                Families.Family max = out.gauge("medic_behaviour_" + m.suffix() + "_max", "Largest over the live "
                        + "processes of a behaviour class: " + m.help() + ".");
                shown.forEach((b, a) -> max.point(a.max[at], "behaviour", b));
            }
        }
    }

    private void registered(TreeMap<String, double[]> rows, Families out, int[] omitted) {
        Map<String, double[]> byLabel = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> r : rows.entrySet()) {
            if (byLabel.putIfAbsent(clean(r.getKey()), r.getValue()) != null) {
                omitted[0]++; // two names that read the same once cut: the first by name order stays
            }
        }
        for (int i = 0; i < PROCESS.size(); i++) {
            ProcessMetric m = PROCESS.get(i);
            String name = "medic_registered_process_" + m.suffix();
            String help = "A registered process's " + m.help() + ".";
            Families.Family f = m.counter() ? out.counter(name, help) : out.gauge(name, help);
            int at = i;
            byLabel.forEach((label, values) -> f.point(values[at], "name", label));
        }
    }

    /** {@code recon:proc_count(Attribute, K)}: the top K processes, labelled by pid. */
    private void top(ProcessAttribute a, Families out) {
        Families.Family f = out.gauge(topName(a), "The top " + settings.topK() + " processes by "
                + topSuffix(a) + " (recon:proc_count/2), labelled by pid; name is the registered name, if any.");
        double scale = a == ProcessAttribute.BUSY_TIME_US ? 1e-6 : 1;
        for (ProcessSample s : recon.procCount(a, settings.topK())) {
            f.point(s.value() * scale, "pid", s.pid().toString(), "name", clean(s.registeredName()),
                    "behaviour", clean(s.initialCall()));
        }
    }

    static String topName(ProcessAttribute a) {
        return "medic_top_process_" + topSuffix(a);
    }

    private static String topSuffix(ProcessAttribute a) {
        return switch (a) {
            case MEMORY -> "memory_bytes";
            case BUSY_TIME_US -> "busy_seconds";
            default -> a.name().toLowerCase(Locale.ROOT);
        };
    }

    // ================================================================== supervisors

    /** The supervision families, filled while walking the tree. */
    private final class Supervision {
        final Families.Family up;
        final Families.Family children;
        final Families.Family restarts;
        final Families.Family used;
        final Families.Family intensity;
        final Families.Family period;
        final Set<String> seen = new HashSet<>();
        final int[] omitted;

        Supervision(Families out, int[] omitted) {
            this.omitted = omitted;
            up = out.gauge("medic_supervisor_up", "1 when the supervisor answered this scrape's walk, 0 when it did not "
                    + "(its other series are then missing).");
            children = out.gauge("medic_supervisor_children", "Children of the supervisor (supervisor:count_children/1).");
            restarts = out.gauge("medic_supervisor_restarts", "Restarts of the supervisor's listed children, summed "
                    + "(which_children's restart counts; at most medic.http.supervision.max-children listed).");
            used = out.gauge("medic_supervisor_restart_budget_used", "Restarts within the supervisor's last period: "
                    + "the restart budget used; the supervisor shuts down when it exceeds the intensity.");
            intensity = out.gauge("medic_supervisor_restart_intensity", "Restarts the supervisor allows within its "
                    + "period (intensity).");
            period = out.gauge("medic_supervisor_restart_period_seconds", "The supervisor's restart period.");
        }

        void walk(String path, SupervisionTree.SupervisorNode s) {
            String label = clean(path);
            if (seen.size() >= settings.maxSupervisors() || !seen.add(label)) {
                omitted[2]++;
            } else {
                up.point(s.error() == null ? 1 : 0, "supervisor", label);
                if (s.error() == null) {
                    children.point(s.childrenTotal(), "supervisor", label);
                    restarts.point(s.children().stream().mapToLong(SupervisionTree.ChildNode::restarts).sum(),
                            "supervisor", label);
                    if (s.budget() != null) {
                        used.point(s.budget().restarts(), "supervisor", label);
                        intensity.point(s.budget().intensity(), "supervisor", label);
                        period.point(s.budget().periodMs() / 1000.0, "supervisor", label);
                    }
                }
            }
            for (SupervisionTree.ChildNode c : s.children()) {
                if (c.supervisor() != null) {
                    walk(path + "/" + c.id(), c.supervisor());
                }
            }
        }
    }

    /**
     * Supervisors labelled by a path that survives restarts (a pid does not): an application's top
     * supervisor by the application's name, a top-level supervisor outside applications by its
     * registered name (or pid), and a child supervisor by its parent's path and its child id.
     */
    private void supervision(SupervisionTree tree, Families out, int[] omitted) {
        Supervision s = new Supervision(out, omitted);
        StateSetSnapshot.Builder apps = StateSetSnapshot.builder().name("medic_application_status")
                .help("The state of each application: starting, running, stopping, stopped or failed.");
        for (SupervisionTree.ApplicationNode app : tree.applications()) {
            StateSetSnapshot.StateSetDataPointSnapshot.Builder p = StateSetSnapshot.StateSetDataPointSnapshot.builder()
                    .labels(Labels.of("application", clean(app.name())));
            for (ApplicationInfo.Status status : ApplicationInfo.Status.values()) {
                p.state(status.name().toLowerCase(Locale.ROOT), status == app.status());
            }
            apps.dataPoint(p.build());
            if (app.supervisor() != null) {
                s.walk(app.name(), app.supervisor());
            }
        }
        out.snapshot(apps.build());
        for (SupervisionTree.SupervisorNode top : tree.supervisors()) {
            s.walk(top.registeredName() != null ? top.registeredName() : top.pid().toString(), top);
        }
    }

    // ================================================================== helpers

    private String clean(String raw) {
        return LabelValues.clean(raw, settings.maxLabelLength());
    }

    @SafeVarargs
    private static List<String> names(java.util.stream.Stream<String>... streams) {
        List<String> out = new ArrayList<>();
        for (java.util.stream.Stream<String> s : streams) {
            s.forEach(out::add);
        }
        return List.copyOf(out);
    }

    private static List<String> processFamilies() {
        List<String> out = new ArrayList<>(List.of("medic_restarts", "medic_behaviour_processes"));
        for (ProcessMetric m : PROCESS) {
            out.add("medic_behaviour_" + m.suffix());
            out.add("medic_registered_process_" + m.suffix());
            if (m.max()) {
                out.add("medic_behaviour_" + m.suffix() + "_max");
            }
        }
        return List.copyOf(out);
    }
}
