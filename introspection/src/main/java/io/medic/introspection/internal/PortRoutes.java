package io.medic.introspection.internal;

import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;

/**
 * INTERNAL API
 *
 * <p>The {@code /medic/ports} routes, over the node's port table.
 */
final class PortRoutes extends AllDirectives {
    private final MedicRoutes routes;

    private PortRoutes(MedicRoutes routes) {
        this.routes = routes;
    }

    static Route route(MedicRoutes routes) {
        return new PortRoutes(routes).route();
    }

    private Route route() {
        return reject();
    }
}
