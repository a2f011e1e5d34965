package io.medic.metrics.internal;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * INTERNAL API
 *
 * <p>The metric families of one scrape, built into the Prometheus client's snapshots: each family is a
 * name, a help text, a type and its data points. A family the scrape's name filter ({@code name[]})
 * excludes is never built, and a group of families none of which is wanted is not even computed
 * ({@link #wantsAny}). Families without data points are left out. Not thread-safe: one per scrape.
 */
final class Families {
    private final Predicate<String> names;
    private final List<Family> families = new ArrayList<>();
    private final List<MetricSnapshot> prebuilt = new ArrayList<>();

    Families(Predicate<String> names) {
        this.names = names;
    }

    /** One family being filled. */
    static final class Family {
        private final String name;
        private final String help;
        private final boolean counter;
        private final List<Labels> labels = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();

        private Family(String name, String help, boolean counter) {
            this.name = name;
            this.help = help;
            this.counter = counter;
        }

        /** Adds a data point: its value and its labels as name, value, name, value ... */
        Family point(double value, String... labelPairs) {
            labels.add(labelPairs.length == 0 ? Labels.EMPTY : Labels.of(labelPairs));
            values.add(value);
            return this;
        }

        String name() {
            return name;
        }

        private MetricSnapshot build() {
            if (counter) {
                CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help);
                for (int i = 0; i < values.size(); i++) {
                    b.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(Math.max(0, values.get(i)))
                            .labels(labels.get(i)).build());
                }
                return b.build();
            }
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help);
            for (int i = 0; i < values.size(); i++) {
                b.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(values.get(i)).labels(labels.get(i)).build());
            }
            return b.build();
        }
    }

    /** Whether the scrape wants the family {@code name} (a counter also under its {@code _total} name). */
    boolean wants(String name, boolean counter) {
        return names.test(name) || (counter && names.test(name + "_total"));
    }

    /** Whether the scrape wants any of {@code names} (gauges or counters). */
    boolean wantsAny(List<String> familyNames) {
        for (String n : familyNames) {
            if (wants(n, true)) {
                return true;
            }
        }
        return false;
    }

    /** A gauge family; its points are kept only if the scrape wants it. */
    Family gauge(String name, String help) {
        return add(new Family(name, help, false));
    }

    /** A counter family (exposed as {@code <name>_total}); kept only if the scrape wants it. */
    Family counter(String name, String help) {
        return add(new Family(name, help, true));
    }

    /** A snapshot built elsewhere (a state set), kept only if the scrape wants it. */
    void snapshot(MetricSnapshot snapshot) {
        if (names.test(snapshot.getMetadata().getPrometheusName()) && !snapshot.getDataPoints().isEmpty()) {
            prebuilt.add(snapshot);
        }
    }

    private Family add(Family f) {
        if (wants(f.name, f.counter)) {
            families.add(f);
        }
        return f;
    }

    /** The wanted families that have data points. */
    MetricSnapshots build() {
        MetricSnapshots.Builder b = MetricSnapshots.builder();
        for (Family f : families) {
            if (!f.values.isEmpty()) {
                b.metricSnapshot(f.build());
            }
        }
        prebuilt.forEach(b::metricSnapshot);
        return b.build();
    }
}
