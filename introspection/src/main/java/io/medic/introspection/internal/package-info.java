/**
 * INTERNAL API: what stands behind {@link io.medic.introspection.Recon} and
 * {@link io.medic.introspection.MedicRouteProvider}. Not for use outside Medic; changes without notice.
 *
 * <ul>
 *   <li>recon's library: the process, port, node and scheduler samplers, over one top-N
 *       ({@code TopN}), one window snapshot ({@code WindowSnapshot}), one set of bounds and errors
 *       ({@code Limits}), one busy rule ({@code Introspection.exclusive}); the supervision walker; the
 *       bounded state renderer.</li>
 *   <li>The HTTP routes, one file per area ({@code ProcessRoutes}, {@code PortRoutes},
 *       {@code NodeRoutes}, {@code SupervisionRoutes}), each contributing rows ({@code Endpoint}) to
 *       the one route table that {@code MedicRoutes} builds the tree from; their arguments parsed by
 *       {@code Params}; what they share (answering, errors, rejections, authentication, roles, audit)
 *       in {@code RouteSupport}. A new area adds a file and a line in {@code MedicRoutes}. Other modules'
 *       rows come through the public SPI and {@code Extensions}, after Medic's own.</li>
 *   <li>Authentication ({@code BasicAuth}), the {@code medic.http} settings and the isolated
 *       management server.</li>
 * </ul>
 */
package io.medic.introspection.internal;
