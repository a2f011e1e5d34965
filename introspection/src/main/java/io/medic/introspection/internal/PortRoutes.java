package io.medic.introspection.internal;

import io.medic.introspection.PortReport;
import io.medic.introspection.PortSample;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.InetAttribute;
import io.medic.runtime.ports.PortEntry;
import io.medic.runtime.ports.Ports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>The {@code /medic/ports} routes: recon's port functions over the node's port table, through the
 * port sampler behind {@link io.medic.introspection.Recon}: inet_count, inet_window (every port, files
 * included, unless {@code type} narrows them), port_types, port_info. Read-only.
 */
final class PortRoutes {
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Params params;
    private final Introspection services;

    private PortRoutes(Params params, Introspection services) {
        this.params = params;
        this.services = services;
    }

    static List<Endpoint> endpoints(RouteSupport routes, Params params, Introspection services) {
        PortRoutes ports = new PortRoutes(params, services);
        return List.of(
                routes.get("ports", "introspection.md#inet-count", r -> ports.topOrList(r.params())),
                routes.getAsync("ports/window", "introspection.md#inet-window", routes.settings().maxWindow(),
                        r -> ports.window(r.params())),
                routes.get("ports/types", "introspection.md#port-types", r -> ports.types()),
                routes.get("ports/{id}", "introspection.md#port-info", r -> ports.info(r.arg())));
    }

    /** {@code GET /medic/ports}: inet_count with {@code sort}, the table a page at a time without. */
    private Object topOrList(Map<String, String> p) {
        return p.containsKey("sort") ? top(p) : list(p);
    }

    /** erlang:ports() a page at a time, by number, filtered by {@code type} and {@code owner}. */
    private Answers.PortList list(Map<String, String> p) {
        Long after = Params.after(p, Params.PORT_CURSOR, "a port such as #Port<0.42>, <0.42> or its number 42");
        int n = params.limit(p);
        Predicate<PortEntry> which = type(p);
        String ownerRef = p.get("owner");
        if (ownerRef != null) {
            Pid owner = params.pid(ownerRef);
            which = which.and(port -> owner.equals(port.owner()));
        }
        Page<PortEntry> page = services.ports.list(after == null ? 0 : after, n, which);
        List<Answers.PortListRow> rows = page.items().stream().map(port -> {
            PortReport r = PortSampler.report(port);
            return new Answers.PortListRow(r.port(), port.id(), port.name(), r.signals().owner(), r.signals().ownerName(),
                    port.openedAt(), r.type().localAddress(), r.type().peerAddress(), r.type().path(),
                    port.recvOct(), port.sendOct(), port.recvCnt(), port.sendCnt());
        }).toList();
        return new Answers.PortList(n, after, rows, page.next(PortEntry::id), page.total());
    }

    /** recon:inet_count/2. Cost: one pass over the port table with a bounded heap. */
    private Answers.PortTop top(Map<String, String> p) {
        if (p.containsKey("after") || p.containsKey("owner")) {
            throw HttpError.badRequest("bad_request", "after, owner: page and filter the listing without sort; "
                    + "a ranking (sort=" + Params.cut(p.get("sort")) + ") takes type and limit");
        }
        InetAttribute a = attribute(p, "sort");
        int n = params.limit(p);
        return new Answers.PortTop(a.wireName(), n, rows(services.ports.top(a, n, type(p))));
    }

    /** recon:inet_window/3. */
    private CompletionStage<Answers.PortWindow> window(Map<String, String> p) {
        InetAttribute a = attribute(p, "attr");
        int n = params.limit(p);
        Duration w = params.window(p);
        return services.ports.window(a, n, w, type(p))
                .thenApply(list -> new Answers.PortWindow(a.wireName(), n, w.toMillis(), rows(list)));
    }

    /** recon:port_types/0. */
    private Answers.PortTypes types() {
        Answers.FileDescriptors fds = services.nodeSampler.fileDescriptors();
        return new Answers.PortTypes(Ports.of(services.node).count(), services.ports.types(), fds.open(), fds.max());
    }

    /** recon:port_info/1. */
    private PortReport info(String ref) {
        try {
            return services.ports.info(ref)
                    .orElseThrow(() -> HttpError.notFound("no_port", "no such port: " + Params.cut(ref)));
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("bad_port", e.getMessage());
        }
    }

    private static List<Answers.PortRow> rows(List<PortSample> samples) {
        return samples.stream().map(s -> {
            PortReport r = PortSampler.report(s.port());
            return new Answers.PortRow(r.port(), r.meta().id(), r.meta().name(), r.signals().owner(),
                    r.signals().ownerName(), s.value(), s.details(), r.type().localAddress(), r.type().peerAddress(),
                    r.type().path());
        }).toList();
    }

    /** The {@code type} parameter: every port (default, {@code all}), {@code inet} ports, or one port type. */
    private static Predicate<PortEntry> type(Map<String, String> p) {
        String v = p.get("type");
        if (v == null || v.equals("all")) {
            return PortSampler.ALL;
        }
        if (v.equals("inet")) {
            return PortSampler.INET;
        }
        if (!TYPE.matcher(v).matches()) {
            throw HttpError.badRequest("bad_type", "type: bad value '" + Params.cut(v)
                    + "', expected all, inet or a port type such as tcp_inet or efile");
        }
        return port -> port.name().equals(v);
    }

    private static InetAttribute attribute(Map<String, String> p, String name) {
        return Params.attribute(p, name, InetAttribute::parse, InetAttribute.wireNames());
    }
}
