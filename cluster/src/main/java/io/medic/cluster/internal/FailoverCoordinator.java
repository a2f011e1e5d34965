package io.medic.cluster.internal;

import akka.actor.AbstractActor;
import akka.actor.ActorRef;
import akka.actor.Address;
import akka.cluster.Cluster;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import io.medic.cluster.FailoverStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * INTERNAL API
 *
 * <p>The cluster's one decider of where each failover application runs (an Akka Cluster Singleton:
 * at most one at a time, on the oldest node, restarted by Akka on the next oldest when that node goes):
 * OTP's {@code dist_ac}, centralised. It knows what each node may run and runs from the nodes' reports,
 * and the membership from Akka Cluster's events, and after each change:
 * <ul>
 *   <li>an application assigned to no node, or to a node that has left the cluster, is started on the best
 *       candidate (failover);</li>
 *   <li>with takeover, an application running on a node while a better candidate is up is stopped there,
 *       then started on the better one;</li>
 *   <li>an application running on an unreachable node is left alone until that node is downed and removed;</li>
 *   <li>an application that stopped on its node (by itself, by hand) stays stopped;</li>
 *   <li>a start that failed on a node makes the next candidate be tried.</li>
 * </ul>
 * A new coordinator asks every node to report, and rebuilds its view from the reports.
 */
final class FailoverCoordinator extends AbstractActor {
    private final Cluster cluster = Cluster.get(getContext().getSystem());

    /** What a node reported last. */
    private record Report(ActorRef agent, Map<String, Wire.AppSpec> apps, Set<String> running, Set<String> failed) {
    }

    private enum Phase { STARTING, RUNNING, STOPPING, STOPPED }

    /** Where an application is, and, in a takeover, where it goes next. */
    private static final class Assignment {
        Address node;
        Phase phase;
        Address next;

        Assignment(Address node, Phase phase) {
            this.node = node;
            this.phase = phase;
        }
    }

    private final Map<Address, Report> reports = new HashMap<>();
    private final Map<String, Assignment> assigned = new TreeMap<>();
    /** Nodes where an application's start failed, until the membership changes. */
    private final Map<String, Set<Address>> failedOn = new HashMap<>();
    private final Map<Address, Member> members = new LinkedHashMap<>();
    private final Set<Address> unreachable = new HashSet<>();
    /** Members that have not reported yet, and since when (nanoTime) they are waited for. */
    private final Map<Address, Long> waiting = new HashMap<>();
    private final long syncNanos;
    private boolean tickArmed;

    /** Decide again: a member's sync timeout has passed. */
    private enum Tick { TICK }

    FailoverCoordinator(java.time.Duration syncTimeout) {
        this.syncNanos = syncTimeout.toNanos();
    }

    @Override
    public void preStart() {
        cluster.subscribe(getSelf(), ClusterEvent.initialStateAsEvents(), ClusterEvent.MemberEvent.class,
                ClusterEvent.ReachabilityEvent.class);
    }

    @Override
    public void postStop() {
        cluster.unsubscribe(getSelf());
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(ClusterEvent.MemberRemoved.class, e -> {
                    Address a = e.member().address();
                    members.remove(a);
                    unreachable.remove(a);
                    reports.remove(a);
                    waiting.remove(a);
                    assigned.values().removeIf(x -> x.node.equals(a)); // what ran there runs nowhere now: failover
                    for (Assignment x : assigned.values()) {
                        if (a.equals(x.next)) {
                            x.next = null; // a takeover towards the node that went: decided again once stopped
                        }
                    }
                    failedOn.clear();
                    decide();
                })
                .match(ClusterEvent.MemberEvent.class, e -> {
                    boolean isNew = !members.containsKey(e.member().address());
                    members.put(e.member().address(), e.member());
                    if (isNew || e instanceof ClusterEvent.MemberUp) {
                        hello(e.member().address());
                        if (!reports.containsKey(e.member().address())) {
                            waiting.putIfAbsent(e.member().address(), System.nanoTime());
                        }
                    }
                    failedOn.clear();
                    decide();
                })
                .match(ClusterEvent.UnreachableMember.class, e -> {
                    unreachable.add(e.member().address());
                    decide();
                })
                .match(ClusterEvent.ReachableMember.class, e -> {
                    unreachable.remove(e.member().address());
                    decide();
                })
                .match(Wire.FailoverReport.class, this::report)
                .matchEquals(Tick.TICK, t -> {
                    tickArmed = false;
                    decide();
                })
                .match(Wire.FailoverStatusReq.class, r -> r.replyTo().tell(new Wire.FailoverStatusRes(status()), getSelf()))
                .build();
    }

    private Address addressOf(ActorRef ref) {
        Address a = ref.path().address();
        return a.hasLocalScope() ? cluster.selfAddress() : a;
    }

    private void hello(Address node) {
        getContext().getSystem().actorSelection(node + "/system/" + ClusterServices.AGENT_NAME)
                .tell(new Wire.FailoverHello(getSelf()), getSelf());
    }

    private void report(Wire.FailoverReport r) {
        Address node = addressOf(r.agent());
        waiting.remove(node);
        Map<String, Wire.AppSpec> apps = new TreeMap<>();
        r.apps().forEach(s -> apps.put(s.name(), s));
        reports.put(node, new Report(r.agent(), apps, new HashSet<>(r.running()), new HashSet<>(r.failed())));
        for (String app : r.running()) {
            Assignment a = assigned.get(app);
            if (a == null || a.phase == Phase.STOPPED) {
                assigned.put(app, new Assignment(node, Phase.RUNNING));
            } else if (a.node.equals(node)) {
                if (a.phase == Phase.STARTING) {
                    a.phase = Phase.RUNNING;
                }
            } else if (a.phase == Phase.RUNNING || a.phase == Phase.STARTING) {
                // running twice (a coordinator that did not know, a race): the better node keeps it
                Address keep = better(app, a.node, node);
                Address drop = keep.equals(node) ? a.node : node;
                a.node = keep;
                a.phase = Phase.RUNNING;
                tell(drop, new Wire.FailoverStop(app));
            }
        }
        for (Map.Entry<String, Assignment> e : assigned.entrySet()) {
            Assignment a = e.getValue();
            if (!a.node.equals(node) || r.running().contains(e.getKey())) {
                continue;
            }
            if (a.phase == Phase.STOPPING) { // the takeover's first half is done: start it on the better node
                if (a.next != null && members.containsKey(a.next)) {
                    start(e.getKey(), a, a.next);
                } else {
                    a.phase = null;
                }
            } else if (a.phase == Phase.RUNNING) {
                a.phase = Phase.STOPPED; // stopped on its node, by itself or by hand: it stays stopped
            } else if (a.phase == Phase.STARTING && r.failed().contains(e.getKey())) {
                failedOn.computeIfAbsent(e.getKey(), k -> new HashSet<>()).add(node);
                a.phase = null;
            }
        }
        assigned.values().removeIf(x -> x.phase == null);
        decide();
    }

    /**
     * Whether an up, reachable member has not reported yet and is still waited for: then nothing is
     * decided (a tick comes back when its wait ends), so that the first placement sees every candidate.
     */
    private boolean syncing() {
        long now = System.nanoTime();
        long soonest = Long.MAX_VALUE;
        for (Map.Entry<Address, Long> w : waiting.entrySet()) {
            Member m = members.get(w.getKey());
            long left = syncNanos - (now - w.getValue());
            if (m != null && m.status() == MemberStatus.up() && !unreachable.contains(w.getKey()) && left > 0) {
                soonest = Math.min(soonest, left);
            }
        }
        if (soonest == Long.MAX_VALUE) {
            return false;
        }
        if (!tickArmed) {
            tickArmed = true;
            getContext().getSystem().scheduler().scheduleOnce(java.time.Duration.ofNanos(soonest), getSelf(), Tick.TICK,
                    getContext().getDispatcher(), getSelf());
        }
        return true;
    }

    private void decide() {
        if (syncing()) {
            return;
        }
        for (String app : knownApps()) {
            Assignment a = assigned.get(app);
            List<Address> candidates = candidates(app);
            if (a == null) {
                if (!candidates.isEmpty()) {
                    ClusterServices.LOG.info("failover application {}: starting on {} (candidates, best first: {})", app,
                            ClusterServices.nodeName(candidates.get(0)), candidates.stream().map(ClusterServices::nodeName).toList());
                    Assignment s = new Assignment(candidates.get(0), Phase.STARTING);
                    assigned.put(app, s);
                    start(app, s, candidates.get(0));
                }
                continue;
            }
            Wire.AppSpec spec = spec(app);
            if (a.phase == Phase.RUNNING && spec != null && spec.takeover() && !candidates.isEmpty()
                    && !unreachable.contains(a.node) && !candidates.get(0).equals(a.node)
                    && rank(spec, candidates.get(0)) < rank(spec, a.node)) {
                a.phase = Phase.STOPPING;
                a.next = candidates.get(0);
                ClusterServices.LOG.info("failover application {}: taking over from {} to {}", app,
                        ClusterServices.nodeName(a.node), ClusterServices.nodeName(a.next));
                tell(a.node, new Wire.FailoverStop(app));
            }
        }
    }

    private void start(String app, Assignment a, Address node) {
        a.node = node;
        a.phase = Phase.STARTING;
        a.next = null;
        tell(node, new Wire.FailoverStart(app));
    }

    private void tell(Address node, Object message) {
        Report r = reports.get(node);
        if (r != null) {
            r.agent().tell(message, getSelf());
        }
    }

    private Set<String> knownApps() {
        Set<String> names = new java.util.TreeSet<>();
        reports.values().forEach(r -> names.addAll(r.apps().keySet()));
        return names;
    }

    /** The spec of {@code app} as the oldest node that declares it has it. */
    private Wire.AppSpec spec(String app) {
        for (Address m : members.keySet()) {
            Report r = reports.get(m);
            if (r != null && r.apps().containsKey(app)) {
                return r.apps().get(app);
            }
        }
        return null;
    }

    /** The nodes that may run {@code app} now, best first. */
    private List<Address> candidates(String app) {
        Wire.AppSpec spec = spec(app);
        List<Member> up = new ArrayList<>();
        for (Member m : members.values()) {
            Report r = reports.get(m.address());
            if (r != null && r.apps().containsKey(app) && m.status() == MemberStatus.up()
                    && !unreachable.contains(m.address())
                    && !failedOn.getOrDefault(app, Set.of()).contains(m.address())
                    && rank(spec, m.address()) < Integer.MAX_VALUE) {
                up.add(m);
            }
        }
        up.sort((x, y) -> {
            int c = Integer.compare(rank(spec, x.address()), rank(spec, y.address()));
            return c != 0 ? c : x.isOlderThan(y) ? -1 : y.isOlderThan(x) ? 1 : 0;
        });
        return up.stream().map(Member::address).toList();
    }

    /** A node's place in the application's list: 0 first; all equal without a list; MAX_VALUE if not listed. */
    private static int rank(Wire.AppSpec spec, Address node) {
        if (spec == null || spec.nodes().isEmpty()) {
            return 0;
        }
        int i = spec.nodes().indexOf(ClusterServices.nodeName(node));
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private Address better(String app, Address a, Address b) {
        Wire.AppSpec spec = spec(app);
        int c = Integer.compare(rank(spec, a), rank(spec, b));
        if (c != 0) {
            return c < 0 ? a : b;
        }
        Member ma = members.get(a);
        Member mb = members.get(b);
        return ma == null ? b : mb == null ? a : ma.isOlderThan(mb) ? a : b;
    }

    private List<FailoverStatus> status() {
        List<FailoverStatus> out = new ArrayList<>();
        for (String app : knownApps()) {
            Assignment a = assigned.get(app);
            Wire.AppSpec spec = spec(app);
            List<String> candidates = candidates(app).stream().map(ClusterServices::nodeName).toList();
            out.add(new FailoverStatus(app, a == null ? null : ClusterServices.nodeName(a.node),
                    a == null ? "waiting" : a.phase.name().toLowerCase(java.util.Locale.ROOT), candidates,
                    spec != null && spec.takeover()));
        }
        return out;
    }
}
