package io.medic.introspection.internal;

import io.medic.introspection.Recon;
import java.util.List;

/**
 * INTERNAL API
 *
 * <p>The {@code /medic/supervision} route: the supervision tree, through {@link Recon#supervisionTree()}.
 * Read-only.
 */
final class SupervisionRoutes {
    private SupervisionRoutes() {
    }

    static List<Endpoint> endpoints(RouteSupport routes, Recon recon) {
        return List.of(routes.getAsync("supervision", "introspection.md#supervision-tree",
                routes.settings().longestWalk(), r -> recon.supervisionTree()));
    }
}
