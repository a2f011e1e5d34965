package io.medic.introspection.internal;

import io.medic.introspection.IntrospectionBusyException;
import io.medic.introspection.PortReport;
import io.medic.introspection.PortSample;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.InetAttribute;
import io.medic.runtime.ports.PortEntry;
import io.medic.runtime.ports.Ports;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * INTERNAL API
 *
 * <p>The port side of recon, beside {@link ProcessSampler} and on the same library: port_types,
 * inet_count and inet_window (over inet ports, or every port: files rank too), port_info. Reads the
 * node's port table ({@link Ports#entries()}) and the ports' lock-free counters only; never touches a
 * socket or messages a process. Thread-safe.
 */
public final class PortSampler {
    /** Every port. */
    public static final Predicate<PortEntry> ALL = p -> true;
    /** recon's inet ports: sockets and listeners. */
    public static final Predicate<PortEntry> INET = PortEntry::isInet;

    private final Introspection services;

    PortSampler(Introspection services) {
        this.services = services;
    }

    private Collection<PortEntry> table() {
        return Ports.of(services.node).entries();
    }

    // ------------------------------------------------------------------ port_types

    /** recon:port_types/0: open ports by type, most numerous first (ties by name). Cost: one pass over the table. */
    public Map<String, Integer> types() {
        Map<String, Integer> counts = new HashMap<>();
        for (PortEntry p : table()) {
            counts.merge(p.name(), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        Map<String, Integer> result = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : sorted) {
            result.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(result);
    }

    // ------------------------------------------------------------------ the table, a page at a time

    /**
     * {@code erlang:ports()} a page at a time: the first {@code n} open ports {@code which} accepts whose
     * number is above {@code after}, by number, and how many it accepts in all. Cost: one pass over the
     * table with a bounded heap of n + 1.
     */
    public Page<PortEntry> list(long after, int n, Predicate<PortEntry> which) {
        Limits.n(n);
        TopN<PortEntry> top = new TopN<>(n + 1, PortEntry::id);
        int total = 0;
        for (PortEntry p : table()) {
            if (which.test(p)) {
                total++;
                if (p.id() > after) {
                    top.offer(-p.id(), p);
                }
            }
        }
        return Page.of(top, n).withTotal(total);
    }

    // ------------------------------------------------------------------ inet_count

    /**
     * recon:inet_count/2 over the ports {@code which} accepts: top n by {@code attribute}, largest first,
     * ties by port number. Cost: one pass over the table with a bounded heap of n.
     */
    public List<PortSample> top(InetAttribute attribute, int n, Predicate<PortEntry> which) {
        Limits.attribute(attribute, InetAttribute.wireNames());
        Limits.n(n);
        TopN<Ranked> top = new TopN<>(n, Ranked::order);
        int width = attribute.parts().size();
        for (PortEntry p : table()) {
            if (which.test(p)) {
                long[] parts = new long[width];
                read(attribute, p, parts, 0);
                top.offer(sum(parts), new Ranked(p, parts));
            }
        }
        return samples(attribute, top);
    }

    // ------------------------------------------------------------------ inet_window

    /**
     * recon:inet_window/3 over the ports {@code which} accepts: a snapshot now, another after
     * {@code window}, top n by increase. A port opened during the window counts from 0; one closed during
     * it counts until it closed (a closed port keeps its counters). Unlike recon, a sample's details are
     * increases too. Fails with {@link IntrospectionBusyException} if another port window is running on
     * this node.
     *
     * <p>Cost: two passes over the table and a snapshot of a few words per port held for the window.
     */
    public CompletionStage<List<PortSample>> window(InetAttribute attribute, int n, Duration window,
                                                    Predicate<PortEntry> which) {
        Limits.attribute(attribute, InetAttribute.wireNames());
        Limits.n(n);
        Limits.window(window);
        int width = attribute.parts().size();
        return services.exclusive(services.portWindow, "port", () -> {
            List<PortEntry> chosen = table().stream().filter(which).toList();
            WindowSnapshot<PortEntry> first = WindowSnapshot.take(chosen, width, PortEntry::id,
                    (p, into, at) -> read(attribute, p, into, at));
            return services.after(window).thenApply(x -> {
                TopN<Ranked> top = new TopN<>(n, Ranked::order);
                first.deltas(table(), which, (p, delta) -> top.offer(sum(delta), new Ranked(p, delta.clone())));
                return samples(attribute, top);
            });
        });
    }

    // ------------------------------------------------------------------ port_info

    /**
     * recon:port_info/1 of the open port named by {@code ref} ({@code #Port<0.N>}, {@code <0.N>} or {@code N}).
     *
     * @throws IllegalArgumentException naming the bad value if {@code ref} is none of those forms
     */
    public Optional<PortReport> info(String ref) {
        return Ports.of(services.node).lookup(ref).map(PortSampler::report);
    }

    /** A snapshot of {@code p}, grouped like recon:port_info/1. */
    static PortReport report(PortEntry p) {
        Map<String, Long> statistics = new LinkedHashMap<>();
        statistics.put("recv_oct", p.recvOct());
        statistics.put("send_oct", p.sendOct());
        statistics.put("recv_cnt", p.recvCnt());
        statistics.put("send_cnt", p.sendCnt());
        Pid owner = p.owner();
        return new PortReport(p.toString(), p.isOpen(),
                new PortReport.Meta(p.id(), p.name(), p.openedAt()),
                new PortReport.Signals(owner, nameOf(owner), owner == null ? 0 : owner.entry().ports()),
                new PortReport.Io(statistics.get("recv_oct"), statistics.get("send_oct")),
                new PortReport.Type(Collections.unmodifiableMap(statistics), address(p.localAddress()),
                        address(p.peerAddress()), p.path().map(Object::toString).orElse(null)));
    }

    /** The registered name of a port's owner, or null. */
    static String nameOf(Pid pid) {
        return pid == null ? null : pid.entry().registeredName().orElse(null);
    }

    /** {@code 127.0.0.1:5000}, {@code [::1]:5000}; null when absent. */
    static String address(Optional<InetSocketAddress> a) {
        if (a.isEmpty()) {
            return null;
        }
        InetSocketAddress s = a.get();
        String host = s.getAddress() != null ? s.getAddress().getHostAddress() : s.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + s.getPort();
    }

    // ------------------------------------------------------------------ helpers

    /** A port and the single counters its value sums. */
    private record Ranked(PortEntry port, long[] parts) {
        long order() {
            return port.id();
        }
    }

    private static void read(InetAttribute attribute, PortEntry p, long[] into, int at) {
        List<InetAttribute> parts = attribute.parts();
        for (int i = 0; i < parts.size(); i++) {
            into[at + i] = parts.get(i).read(p);
        }
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }

    private static List<PortSample> samples(InetAttribute attribute, TopN<Ranked> top) {
        List<InetAttribute> names = attribute.parts();
        List<PortSample> out = new ArrayList<>(top.size());
        for (TopN.Entry<Ranked> t : top.descending()) {
            Map<String, Long> details = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                details.put(names.get(i).wireName(), t.item().parts()[i]);
            }
            out.add(new PortSample(t.item().port(), t.value(), details));
        }
        return List.copyOf(out);
    }
}
