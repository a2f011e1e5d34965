package io.medic.introspection.internal;

import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Route;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.InetAttribute;
import io.medic.runtime.ports.PortEntry;
import io.medic.runtime.ports.PortInfo;
import io.medic.runtime.ports.PortSample;
import io.medic.runtime.ports.Ports;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API
 *
 * <p>The {@code /medic/ports} routes: recon's port functions over the node's port table
 * ({@link Ports}): inet_count, inet_window, port_types, port_info. Read-only.
 */
final class PortRoutes extends AllDirectives {
    private final MedicRoutes routes;
    private final Ports ports;

    private PortRoutes(MedicRoutes routes) {
        this.routes = routes;
        this.ports = Ports.of(routes.services().node);
    }

    static Route route(MedicRoutes routes) {
        return new PortRoutes(routes).route();
    }

    private Route route() {
        return pathPrefix("ports", () -> concat(
                pathEnd(() -> get(() -> parameterMap(p -> routes.sync(() -> top(p))))),
                path("window", () -> get(() -> parameterMap(p -> routes.async(() -> window(p))))),
                path("types", () -> get(() -> routes.sync(this::types))),
                path(PathMatchers.segment(), ref -> get(() -> routes.sync(() -> info(ref))))));
    }

    /** recon:inet_count/2. Cost: one pass over the port table with a bounded heap. */
    private Answers.PortTop top(Map<String, String> p) {
        InetAttribute a = attribute(p, "sort");
        int n = routes.limit(p);
        return new Answers.PortTop(a, n, rows(ports.inetCount(a, n)));
    }

    /** recon:inet_window/3. */
    private CompletionStage<Answers.PortWindow> window(Map<String, String> p) {
        InetAttribute a = attribute(p, "attr");
        int n = routes.limit(p);
        Duration w = routes.window(p);
        return ports.inetWindow(a, n, w).thenApply(list -> new Answers.PortWindow(a, n, w.toMillis(), rows(list)));
    }

    /** recon:port_types/0. */
    private Answers.PortTypes types() {
        return new Answers.PortTypes(ports.count(), ports.types(), ports.fileDescriptors());
    }

    /** recon:port_info/1. */
    private Answers.PortReport info(String ref) {
        PortInfo i;
        try {
            i = ports.info(ref).orElseThrow(() -> HttpError.notFound("no_port", "no such port: " + MedicRoutes.cut(ref)));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("bad_port", e.getMessage());
        }
        Map<String, Long> stats = new LinkedHashMap<>();
        stats.put("recv_oct", i.recvOct());
        stats.put("send_oct", i.sendOct());
        stats.put("recv_cnt", i.recvCnt());
        stats.put("send_cnt", i.sendCnt());
        return new Answers.PortReport(i.ref(), i.open(),
                new Answers.PortMeta(i.id(), i.name(), i.openedAt()),
                new Answers.PortSignals(i.owner(), nameOf(i.owner())),
                new Answers.PortIo(i.recvOct(), i.sendOct()),
                new Answers.PortType(stats, i.localAddress(), i.peerAddress(), i.path()));
    }

    private static List<Answers.PortRow> rows(List<PortSample> samples) {
        return samples.stream().map(s -> {
            PortEntry e = s.port();
            PortInfo i = e.info();
            return new Answers.PortRow(i.ref(), i.id(), i.name(), i.owner(), nameOf(i.owner()), s.value(), s.details(),
                    i.localAddress(), i.peerAddress());
        }).toList();
    }

    private static String nameOf(Pid pid) {
        return pid == null ? null : pid.entry().registeredName().orElse(null);
    }

    private static InetAttribute attribute(Map<String, String> p, String name) {
        return MedicRoutes.attribute(p, name, InetAttribute::parse, InetAttribute.wireNames());
    }
}
