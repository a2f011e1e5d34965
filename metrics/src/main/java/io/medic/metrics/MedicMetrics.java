package io.medic.metrics;

import io.medic.metrics.internal.JvmRegistry;
import io.medic.metrics.internal.MedicCollector;
import io.medic.runtime.Node;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * A Medic node's metrics for Prometheus, through the official Prometheus Java client: node statistics
 * (recon's {@code node_stats}: processes, ports, run queues, messages), per-supervisor restarts and
 * restart budgets, per-process metrics behind a cardinality guard ({@link MetricsSettings}), and the
 * JVM's own metrics. The Erlang analog is the {@code prometheus.erl} library's VM collectors plus a
 * recon-driven exporter; served as {@code GET /medic/metrics} by {@link MetricsRoutes}.
 *
 * <pre>{@code
 * MedicMetrics metrics = MedicMetrics.of(node);
 * PrometheusRegistry.defaultRegistry.register(metrics.collector());  // in your own registry, or
 * MetricSnapshots now = metrics.scrape();                              // Medic's and the JVM's, now
 * }</pre>
 *
 * <p>Everything is collected when scraped, from Medic's Java API ({@code Recon}, the process table, the
 * supervision tree): nothing is kept between scrapes and nothing runs between them. What a scrape costs
 * is in docs/metrics.md ("What a scrape costs"). Thread-safe.
 */
public final class MedicMetrics {
    private final MetricsSettings settings;
    private final MedicCollector collector;

    private MedicMetrics(Node node, MetricsSettings settings) {
        this.settings = settings;
        this.collector = new MedicCollector(node, settings);
    }

    /**
     * The metrics of {@code node}, with the settings of its configuration ({@code medic.metrics}).
     *
     * @throws IllegalArgumentException listing every bad {@code medic.metrics} value
     */
    public static MedicMetrics of(Node node) {
        Objects.requireNonNull(node, "node");
        return new MedicMetrics(node, MetricsSettings.fromConfig(node.classicSystem().settings().config()));
    }

    /** The metrics of {@code node}, with {@code settings}. */
    public static MedicMetrics of(Node node, MetricsSettings settings) {
        return new MedicMetrics(Objects.requireNonNull(node, "node"), Objects.requireNonNull(settings, "settings"));
    }

    /** The settings in force. */
    public MetricsSettings settings() {
        return settings;
    }

    /**
     * Medic's metrics (not the JVM's) as a collector to register in a registry of your own; each
     * {@code collect} waits for the supervision tree at most {@link MetricsSettings#supervisionTimeout()}
     * on the caller's thread. Register the JVM's with the client's {@code JvmMetrics} yourself if you want
     * them.
     */
    public MultiCollector collector() {
        return collector;
    }

    /**
     * Everything a scrape of {@code GET /medic/metrics} holds, now: Medic's metrics and (when
     * {@link MetricsSettings#jvm()}) the JVM's. Waits for the supervision tree at most
     * {@link MetricsSettings#supervisionTimeout()} on the caller's thread.
     */
    public MetricSnapshots scrape() {
        return merge(collector.collect(), n -> true);
    }

    /**
     * A scrape of the families {@code names} accepts, its costly part run on {@code executor}: the
     * supervision tree is awaited without blocking a thread, for at most the supervision timeout.
     */
    CompletionStage<MetricSnapshots> scrapeAsync(Predicate<String> names, Executor executor) {
        return collector.walk(names).thenApplyAsync(w -> merge(collector.collect(w, names), names), executor);
    }

    /** Medic's snapshots and the JVM's (those {@code names} accepts), as one scrape. */
    private MetricSnapshots merge(MetricSnapshots medic, Predicate<String> names) {
        if (!settings.jvm()) {
            return medic;
        }
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        for (MetricSnapshot s : medic) {
            all.metricSnapshot(s);
        }
        for (MetricSnapshot s : JvmRegistry.get().scrape(names)) {
            all.metricSnapshot(s);
        }
        return all.build();
    }
}
