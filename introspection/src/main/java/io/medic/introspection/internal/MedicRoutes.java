package io.medic.introspection.internal;

import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Route;
import io.medic.introspection.Recon;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API
 *
 * <p>The {@code /medic} route tree, built from one table: each area of the API contributes its rows
 * ({@link ProcessRoutes}, {@link CrashRoutes}, {@link PortRoutes}, {@link MonitorRoutes}, {@link NodeRoutes},
 * {@link SupervisionRoutes}, {@link OverloadRoutes}, {@link TraceRoutes}, {@link DumpRoutes}; a new area
 * adds a file and a line here), other modules theirs through the public SPI ({@link Extensions}, after
 * Medic's own), the index ({@link IndexRoutes}, {@code GET /medic}) lists the same rows,
 * and the tree is the rows in table order, under the shared exception
 * and rejection handlers and the authentication of {@link RouteSupport}. The order matters where paths
 * overlap: {@code processes/window} comes before {@code processes/{pid}}.
 */
public final class MedicRoutes extends AllDirectives {
    private final RouteSupport support;
    private final List<Endpoint> table;

    public MedicRoutes(Introspection services, BasicAuth auth, boolean readOnly) {
        this.support = new RouteSupport(services, auth, readOnly);
        Params params = new Params(services);
        Recon recon = Recon.of(services.node);
        List<Endpoint> rows = new ArrayList<>();
        rows.addAll(IndexRoutes.endpoints(support, services, this::table));
        rows.addAll(NodeRoutes.endpoints(support, params, recon));
        rows.addAll(ProcessRoutes.endpoints(support, params, recon, services));
        rows.addAll(CrashRoutes.endpoints(support, params, recon, services));
        rows.addAll(SupervisionRoutes.endpoints(support, recon));
        rows.addAll(PortRoutes.endpoints(support, params, services));
        rows.addAll(MonitorRoutes.endpoints(support, params, services));
        rows.addAll(OverloadRoutes.endpoints(support, params, services));
        rows.addAll(TraceRoutes.endpoints(support, params, services));
        rows.addAll(DumpRoutes.endpoints(support, services));
        rows.addAll(Extensions.endpoints(support, services, rows)); // other modules' rows (medic.http.extensions), last
        this.table = List.copyOf(rows);
    }

    /** The route table, in matching order. */
    List<Endpoint> table() {
        return table;
    }

    /** The /medic tree: every row of the table, for the authenticated caller. */
    public Route route() {
        return pathPrefix("medic", () ->
                handleExceptions(support.exceptions(), () ->
                        handleRejections(support.rejections(), () ->
                                support.authenticated(this::rows))));
    }

    /** Every row of the table for {@code caller}, tried in table order. */
    private Route rows(RouteSupport.Caller caller) {
        Route[] others = new Route[table.size() - 1];
        for (int i = 1; i < table.size(); i++) {
            others[i - 1] = support.route(table.get(i), caller);
        }
        return concat(support.route(table.get(0), caller), others);
    }
}
