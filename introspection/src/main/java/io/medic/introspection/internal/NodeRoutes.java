package io.medic.introspection.internal;

import io.medic.introspection.Recon;
import java.util.List;

/**
 * INTERNAL API
 *
 * <p>The {@code /medic/node} routes: node stats ({@code recon:node_stats_list/2}), memory
 * ({@code recon_alloc:memory/1}) and scheduler usage ({@code recon:scheduler_usage/1}), through
 * {@link Recon}. Read-only.
 */
final class NodeRoutes {
    private NodeRoutes() {
    }

    static List<Endpoint> endpoints(RouteSupport routes, Params params, Recon recon) {
        return List.of(
                routes.get("node", "introspection.md#node-stats", r -> recon.nodeStats()),
                routes.get("node/memory", "introspection.md#node-memory", r -> recon.memory()),
                routes.getAsync("node/schedulers", "introspection.md#scheduler-usage", routes.settings().maxWindow(),
                        r -> recon.schedulerUsage(params.window(r.params()))));
    }
}
