package io.medic.metrics;

import io.medic.introspection.MedicEndpoint;
import io.medic.introspection.MedicRoutesContext;
import io.medic.introspection.MedicRoutesExtension;
import io.medic.metrics.internal.Exposition;
import io.medic.runtime.Node;
import java.util.List;

/**
 * {@code GET /medic/metrics}: the node's {@link MedicMetrics} in the Prometheus text format (or
 * OpenMetrics, when the scraper asks for it), a read route of Medic's {@code /medic} table — the same
 * authentication as every other read, listed by {@code GET /medic}. Registered by the metrics module's
 * {@code reference.conf} as {@code medic.http.extensions.metrics}: putting the module on the classpath
 * is enough. The analog of the {@code /metrics} endpoint the Erlang {@code prometheus_httpd} serves.
 * Reference: docs/metrics.md.
 */
public final class MetricsRoutes implements MedicRoutesExtension {
    private final MedicMetrics metrics;

    /**
     * Called when the {@code /medic} route tree is built.
     *
     * @throws IllegalArgumentException listing every bad {@code medic.metrics} value
     */
    public MetricsRoutes(Node node) {
        this.metrics = MedicMetrics.of(node);
    }

    @Override
    public List<MedicEndpoint> endpoints(MedicRoutesContext context) {
        return List.of(MedicEndpoint.read("metrics", "metrics.md#route", r ->
                metrics.scrapeAsync(Exposition.names(r.httpRequest()), context.executor())
                        .thenApply(snapshots -> Exposition.response(snapshots, r.httpRequest()))));
    }
}
