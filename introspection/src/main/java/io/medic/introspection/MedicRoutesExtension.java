package io.medic.introspection;

import java.util.List;

/**
 * A module's routes under {@code /medic}: the extension point through which modules outside
 * introspection (metrics, the dashboard, the cluster) add rows to Medic's one route table, so that their
 * routes go through everything Medic's own routes go through — Medic's Basic authentication, the
 * {@code admin} role, the read-only switch, the audit log, JSON errors and rejections — and are listed
 * by the index ({@code GET /medic}) with their docs page. The analog of an Akka Management
 * {@code ManagementRouteProvider}, one level down: a provider of rows of {@code /medic} rather than of a
 * whole route (OTP has no HTTP server; observer's and recon's extension point is a module of functions).
 *
 * <p>An extension is named in configuration, usually by the {@code reference.conf} of the module that
 * ships it, so that putting the module on the classpath is enough:
 *
 * <pre>{@code
 * medic.http.extensions {
 *   metrics = "io.medic.metrics.MetricsRoutes"
 * }
 * }</pre>
 *
 * <p>An empty string turns an extension off ({@code medic.http.extensions.metrics = ""}). The class
 * needs a public constructor taking an {@link io.medic.runtime.Node} or none, and is constructed once
 * each time the {@code /medic} route tree is built (once per management server start). Its rows are
 * tried after Medic's own, extensions in the order of their names; a row that Medic's or another
 * extension's rows would shadow (same method, a path both match) is refused when the tree is built,
 * naming both. A class that cannot be loaded or constructed, or rows that break these rules, make the
 * server's start fail with a message naming the {@code medic.http.extensions} key, its value and what
 * was expected.
 *
 * <p>See docs/introspection.md, "Extending /medic".
 */
public interface MedicRoutesExtension {

    /**
     * The rows this extension adds, in matching order. Called once per route tree, on the thread that
     * builds it; the returned endpoints and their handlers are then used for every request, from the
     * HTTP server's threads (so handlers must be thread-safe).
     *
     * @param context the node, the dispatcher for costly work, and whether mutating routes and
     *                authentication are on
     */
    List<MedicEndpoint> endpoints(MedicRoutesContext context);
}
