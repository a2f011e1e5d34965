package io.medic.introspection.internal;

import io.medic.runtime.LogText;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.overload.Breaker;
import io.medic.runtime.overload.BreakerSettings;
import io.medic.runtime.overload.BreakerStats;
import io.medic.runtime.overload.Breakers;
import io.medic.runtime.overload.Valve;
import io.medic.runtime.overload.ValveSettings;
import io.medic.runtime.overload.ValveStats;
import io.medic.runtime.overload.Valves;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * INTERNAL API
 *
 * <p>The overload routes (chapter 3 of <i>Erlang in Anger</i>): the node's load-shedding state in one
 * answer ({@code GET /medic/overload}: the node's dropped total and the processes with a bounded
 * mailbox, those that dropped the most first), the circuit breakers ({@code GET /medic/breakers},
 * {@code /medic/breakers/{name}}) and the valves ({@code GET /medic/valves}, {@code /medic/valves/{name}}),
 * each with its settings and counters, from runtime's {@link Breakers} and {@link Valves}. Read-only;
 * never messages a process. A listing is bounded by {@code limit}; {@code owner} narrows it to one
 * process's breakers or valves.
 */
final class OverloadRoutes {
    private final Introspection services;
    private final Params params;

    private OverloadRoutes(Introspection services, Params params) {
        this.services = services;
        this.params = params;
    }

    static List<Endpoint> endpoints(RouteSupport routes, Params params, Introspection services) {
        OverloadRoutes o = new OverloadRoutes(services, params);
        return List.of(
                routes.get("overload", "introspection.md#overload", r -> o.overview(r.params())),
                routes.get("breakers", "introspection.md#breakers", r -> o.breakers(r.params())),
                routes.get("breakers/{name}", "introspection.md#breaker", r -> o.breaker(r.arg())),
                routes.get("valves", "introspection.md#valves", r -> o.valves(r.params())),
                routes.get("valves/{name}", "introspection.md#valve", r -> o.valve(r.arg())));
    }

    // ------------------------------------------------------------------ answers

    /**
     * {@code GET /medic/overload}.
     *
     * @param node            the node
     * @param droppedMessages messages bounded mailboxes refused or dropped since the node started
     * @param boundedMailboxes live processes with a bounded mailbox or a stack
     * @param limit           at most this many rows in {@code mailboxes}
     * @param mailboxes       those processes, the most dropped first (then by pid)
     * @param breakers        breakers listed on the node
     * @param openBreakers    of those, open or half-open now
     * @param valves          valves listed on the node
     */
    record Overview(String node, long droppedMessages, int boundedMailboxes, int limit, List<MailboxRow> mailboxes,
                    int breakers, int openBreakers, int valves) {
    }

    /** One process with a bounded mailbox: {@code max_queue_len} is its capacity (the JSON rule retired "capacity"). */
    record MailboxRow(Pid pid, String registeredName, String mailbox, String kind, Integer maxQueueLen, String overflow,
                      long messageQueueLen, long dropped, long messagesIn) {
        static MailboxRow of(ProcessEntry e) {
            MailboxPolicy p = e.mailboxPolicy();
            return new MailboxRow(e.pid(), e.registeredName().orElse(null), p.toString(), p.kind().wireName(),
                    p.capacity().orElse(null), p.overflow().map(MailboxPolicy.Overflow::wireName).orElse(null),
                    e.messageQueueLen(), e.dropped(), e.messagesIn());
        }
    }

    /** {@code GET /medic/breakers}: at most {@code limit}, by name; {@code count} on the node (or of the owner). */
    record BreakerList(int limit, Pid owner, int count, List<BreakerRow> breakers) {
    }

    /** One breaker: its state and counters ({@link BreakerStats}) and its settings. */
    record BreakerRow(String name, Pid owner, String state, int failureCount, Instant stateChangedAt, long calls,
                      long succeeded, long failed, long timedOut, long rejected, long inFlight, long opened,
                      int maxFailures, long callTimeoutMs, long resetTimeoutMs, Long maxResetTimeoutMs,
                      double backoffFactor, double randomFactor) {
        static BreakerRow of(Breaker b) {
            BreakerStats s = b.stats();
            BreakerSettings c = b.settings();
            return new BreakerRow(b.name(), b.owner().orElse(null), s.state().wireName(), s.failureCount(), s.since(),
                    s.calls(), s.succeeded(), s.failed(), s.timedOut(), s.rejected(), s.inFlight(), s.opened(),
                    c.maxFailures(), c.callTimeout().toMillis(), c.resetTimeout().toMillis(),
                    c.maxResetTimeout().map(d -> d.toMillis()).orElse(null), c.backoffFactor(), c.randomFactor());
        }
    }

    /** {@code GET /medic/valves}. */
    record ValveList(int limit, Pid owner, int count, List<ValveRow> valves) {
    }

    /** One valve: its limits and counters ({@link ValveStats}). */
    record ValveRow(String name, Pid owner, int maxConcurrent, int maxQueue, long maxQueueTimeMs, long submitted,
                    long admitted, int running, int queued, long completed, long failed, long rejectedFull,
                    long rejectedTimeout) {
        static ValveRow of(Valve v) {
            ValveStats s = v.stats();
            ValveSettings c = v.settings();
            return new ValveRow(v.name(), v.owner().orElse(null), c.maxConcurrent(), c.maxQueue(),
                    c.maxQueueTime().toMillis(), s.submitted(), s.admitted(), s.running(), s.queued(), s.completed(),
                    s.failed(), s.rejectedFull(), s.rejectedTimeout());
        }
    }

    // ------------------------------------------------------------------ routes

    private Overview overview(Map<String, String> p) {
        int limit = params.limit(p);
        Comparator<ProcessEntry> order = Comparator.comparingLong(ProcessEntry::dropped)
                .thenComparing(e -> -e.pid().number());
        PriorityQueue<ProcessEntry> top = new PriorityQueue<>(order); // the smallest of the kept at its head
        int bounded = 0;
        for (ProcessEntry e : services.node.processes().entries()) {
            if (e.mailboxPolicy().isUnbounded()) {
                continue;
            }
            bounded++;
            top.add(e);
            if (top.size() > limit) {
                top.poll();
            }
        }
        List<ProcessEntry> kept = new ArrayList<>(top);
        kept.sort(order.reversed());
        int open = 0;
        List<Breaker> breakers = Breakers.of(services.node).list();
        for (Breaker b : breakers) {
            if (b.state() != io.medic.runtime.overload.BreakerState.CLOSED) {
                open++;
            }
        }
        return new Overview(services.node.name(), services.node.processes().droppedMessages(), bounded, limit,
                kept.stream().map(MailboxRow::of).toList(), breakers.size(), open, Valves.of(services.node).count());
    }

    private BreakerList breakers(Map<String, String> p) {
        int limit = params.limit(p);
        Pid owner = owner(p);
        Breakers all = Breakers.of(services.node);
        List<Breaker> list = new ArrayList<>(owner == null ? all.list() : all.forOwner(owner));
        list.sort(Comparator.comparing(Breaker::name));
        return new BreakerList(limit, owner, list.size(),
                list.stream().limit(limit).map(BreakerRow::of).toList());
    }

    private BreakerRow breaker(String name) {
        return Breakers.of(services.node).get(name).map(BreakerRow::of).orElseThrow(() -> HttpError.notFound(
                "no_breaker", "no breaker " + LogText.quoted(name) + " on node " + services.node.name()
                        + ": GET /medic/breakers lists them"));
    }

    private ValveList valves(Map<String, String> p) {
        int limit = params.limit(p);
        Pid owner = owner(p);
        Valves all = Valves.of(services.node);
        List<Valve> list = new ArrayList<>(owner == null ? all.list() : all.forOwner(owner));
        list.sort(Comparator.comparing(Valve::name));
        return new ValveList(limit, owner, list.size(), list.stream().limit(limit).map(ValveRow::of).toList());
    }

    private ValveRow valve(String name) {
        return Valves.of(services.node).get(name).map(ValveRow::of).orElseThrow(() -> HttpError.notFound(
                "no_valve", "no valve " + LogText.quoted(name) + " on node " + services.node.name()
                        + ": GET /medic/valves lists them"));
    }

    /** {@code owner}: a live process (any form {@code recon:info/1} takes), or null when not given. */
    private Pid owner(Map<String, String> p) {
        String v = p.get("owner");
        return v == null ? null : params.pid(v);
    }
}
