package io.medic.cluster.internal;

import akka.actor.ActorRef;
import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.Member;
import akka.cluster.UniqueAddress;
import akka.cluster.ddata.DistributedData;
import akka.cluster.ddata.Key;
import akka.cluster.ddata.ORMultiMap;
import akka.cluster.ddata.ORMultiMapKey;
import akka.cluster.ddata.Replicator;
import akka.cluster.ddata.SelfUniqueAddress;
import akka.serialization.Serialization;
import io.medic.cluster.Global;
import io.medic.cluster.GlobalNameConflict;
import io.medic.cluster.NodeDownException;
import io.medic.runtime.AlreadyRegisteredException;
import io.medic.runtime.Down;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Medic;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.Registry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API
 *
 * <p>Global names ({@code global}) on Akka's Distributed Data: one replicated {@link ORMultiMap} from
 * name to its registrations. A name normally has one; it has two when two nodes registered it at the
 * same time, or when a partition heals with it registered on both sides. Every node then computes the
 * same winner ({@link GlobalEntry#WINNER_FIRST}: the first registered), and the node of each loser
 * applies the winner's rule to it (kill it, or unregister and notify it) and removes it. The node of a
 * registered process monitors it and removes its registrations when it exits; the registrations of a
 * node that leaves the cluster are removed by every node that sees it go. Reads are local (the replica
 * of this node, as fresh as Akka's notifications of changes); registrations and unregistrations write
 * to a majority. Used from any thread; the map's changes and the monitors' {@code Down}s are handled on
 * the agent.
 */
public final class GlobalRegistry {
    static final Key<ORMultiMap<String, GlobalEntry>> KEY = ORMultiMapKey.create("medic-global-names");

    private final ClusterServices cluster;
    private final ActorRef replicator;
    private final SelfUniqueAddress selfUnique;
    private final String selfNode;
    private final long selfIncarnation;
    /** This node's replica, as of the last change notified: name → its registrations. */
    private volatile Map<String, Set<GlobalEntry>> names = Map.of();
    /** The agent's: monitors of this node's registered processes. */
    private final Map<MonitorRef, GlobalEntry> monitors = new HashMap<>();
    private final Map<GlobalEntry, MonitorRef> monitored = new HashMap<>();
    /** The agent's: incarnations of nodes seen removed, whose registrations are swept if they show up late. */
    private final Set<Long> removed = new LinkedHashSet<>();

    GlobalRegistry(ClusterServices cluster) {
        this.cluster = cluster;
        DistributedData dd = DistributedData.get(cluster.system);
        this.replicator = dd.replicator();
        this.selfUnique = dd.selfUniqueAddress();
        this.selfNode = cluster.self.toString();
        this.selfIncarnation = selfUnique.uniqueAddress().longUid();
    }

    /** The agent subscribes to the map's changes. */
    void subscribe(ActorRef agent) {
        replicator.tell(new Replicator.Subscribe<>(KEY, agent), agent);
    }

    // ================================================================== the API (any thread)

    public CompletionStage<Void> register(String name, Pid pid, Global.Conflict conflict) {
        Registry.validateName(name);
        GlobalEntry entry;
        try {
            entry = entryOf(pid, conflict);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        Optional<Pid> holder = whereis(name);
        if (holder.isPresent()) {
            return CompletableFuture.failedFuture(new AlreadyRegisteredException(name, holder.get()));
        }
        Duration timeout = cluster.settings.globalWriteTimeout();
        return update(m -> m.addBinding(selfUnique, name, entry), timeout)
                .thenCompose(written -> read(name, timeout))
                .thenCompose(entries -> {
                    GlobalEntry winner = winner(entries);
                    if (winner == null || winner.equals(entry)) {
                        return refreshed(); // whereis on this node sees it once register returns
                    }
                    // a registration made before ours, that we had not seen yet: ours goes
                    return update(m -> m.removeBinding(selfUnique, name, entry), timeout).<Void>thenApply(x -> {
                        throw new AlreadyRegisteredException(name, pidOf(winner));
                    });
                });
    }

    public Optional<Pid> whereis(String name) {
        GlobalEntry winner = winner(names.get(name));
        return winner == null ? Optional.empty() : Optional.of(pidOf(winner));
    }

    public CompletionStage<Boolean> unregister(String name) {
        boolean was = names.containsKey(name);
        return update(m -> m.remove(selfUnique, name), cluster.settings.globalWriteTimeout())
                .thenCompose(x -> refreshed()).thenApply(x -> was);
    }

    /**
     * Completes once this node's view ({@link #names}) has the replica's value as of now: the agent reads
     * it (after any change notified before) and completes the stage. Akka notifies a subscriber of changes
     * only every {@code akka.cluster.distributed-data.notify-subscribers-interval}; without this a name
     * just registered here would not be found here for up to that long.
     */
    private CompletionStage<Void> refreshed() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        replicator.tell(new Replicator.Get<>(KEY, Replicator.readLocal(), Optional.of(done)), cluster.agent);
        return done;
    }

    public Map<String, Pid> registered() {
        Map<String, Pid> out = new TreeMap<>();
        names.forEach((name, entries) -> {
            GlobalEntry w = winner(entries);
            if (w != null) {
                out.put(name, pidOf(w));
            }
        });
        return out;
    }

    /** The pids a name has now on this node's replica: one, or several while a conflict is being resolved. */
    public List<Pid> registrations(String name) {
        Set<GlobalEntry> entries = names.getOrDefault(name, Set.of());
        return entries.stream().sorted(GlobalEntry.WINNER_FIRST).map(this::pidOf).toList();
    }

    private GlobalEntry entryOf(Pid pid, Global.Conflict conflict) {
        String rule = conflict.name().toLowerCase(Locale.ROOT).replace('_', '-');
        long now = System.currentTimeMillis();
        if (pid instanceof ClusterPid c) {
            Member m = cluster.members.get(c.address);
            if (m == null || !cluster.isUp(c.address)) {
                throw new NodeDownException(c.toString(), c.node(), cluster.downWhy(c.address));
            }
            akka.actor.typed.ActorRef<Object> ref = c.refOrNull();
            return new GlobalEntry(c.address.toString(), m.uniqueAddress().longUid(), c.number,
                    ref == null ? "" : Serialization.serializedActorPath(Adapter.toClassic(ref)), now, rule);
        }
        if (!pid.isAlive()) {
            throw new NoProcessException(pid.toString());
        }
        return new GlobalEntry(selfNode, selfIncarnation, pid.number(),
                Serialization.serializedActorPath(Adapter.toClassic(pid.ref())), now, rule);
    }

    Pid pidOf(GlobalEntry e) {
        Address a = AddressFromURIString.parse(e.node());
        akka.actor.typed.ActorRef<Object> ref = e.ref().isEmpty() ? null
                : Adapter.toTyped(cluster.system.provider().resolveActorRef(e.ref()));
        return cluster.pid(a, e.number(), ref);
    }

    /**
     * The registration that holds the name: the first registered, among those not known dead here (a
     * process of this node that has exited, whose registration its removal has not reached yet).
     */
    private GlobalEntry winner(Set<GlobalEntry> entries) {
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        return entries.stream().filter(g -> !isMine(g) || cluster.node.processes().byNumber(g.number()).isPresent())
                .min(GlobalEntry.WINNER_FIRST).orElse(null);
    }

    /** The winner of a conflict, dead or alive: what every node computes alike. */
    private static GlobalEntry first(Set<GlobalEntry> entries) {
        return entries.stream().min(GlobalEntry.WINNER_FIRST).orElseThrow();
    }

    // ================================================================== the replicated map

    @SuppressWarnings("unchecked")
    private CompletionStage<Object> update(java.util.function.Function<ORMultiMap<String, GlobalEntry>,
            ORMultiMap<String, GlobalEntry>> modify, Duration timeout) {
        Replicator.Update<ORMultiMap<String, GlobalEntry>> u = new Replicator.Update<>(KEY, ORMultiMap.emptyWithValueDeltas(),
                new Replicator.WriteMajority(timeout), modify::apply);
        return Asks.ask(replicator, replyTo -> u, timeout.plusSeconds(1), dispatcher()).thenApply(r -> {
            if (r instanceof Replicator.UpdateSuccess<?> || r instanceof Replicator.UpdateTimeout<?>) {
                return r; // a timeout: no majority reachable; the write stands here and spreads when it can (as OTP's global on its side of a netsplit)
            }
            throw new IllegalStateException("global name registry: the update failed: " + r);
        });
    }

    /** The name's registrations as a majority has them, or as this node has them if no majority answers. */
    @SuppressWarnings("unchecked")
    private CompletionStage<Set<GlobalEntry>> read(String name, Duration timeout) {
        return Asks.ask(replicator, replyTo -> new Replicator.Get<>(KEY, new Replicator.ReadMajority(timeout)),
                        timeout.plusSeconds(1), dispatcher())
                .thenCompose(r -> {
                    if (r instanceof Replicator.GetSuccess<?> g) {
                        return CompletableFuture.completedFuture(entriesOf(((Replicator.GetSuccess<ORMultiMap<String, GlobalEntry>>) g)
                                .get(KEY), name));
                    }
                    return Asks.ask(replicator, replyTo -> new Replicator.Get<>(KEY, Replicator.readLocal()), timeout, dispatcher())
                            .thenApply(l -> l instanceof Replicator.GetSuccess<?> g
                                    ? entriesOf(((Replicator.GetSuccess<ORMultiMap<String, GlobalEntry>>) g).get(KEY), name)
                                    : Set.<GlobalEntry>of());
                });
    }

    /** Where the replicator's answers are handled (and the callers' dependent stages run). */
    private java.util.concurrent.Executor dispatcher() {
        return cluster.system.dispatcher();
    }

    private static Set<GlobalEntry> entriesOf(ORMultiMap<String, GlobalEntry> map, String name) {
        Set<GlobalEntry> s = map.getEntries().get(name);
        return s == null ? Set.of() : s;
    }

    // ================================================================== on the agent

    /** Handles the map's changes and the monitors' Downs; false if {@code m} is neither. */
    @SuppressWarnings("unchecked")
    boolean handle(Object m, ActorRef agent) {
        if (m instanceof Replicator.Changed<?> c && c.key().equals(KEY)) {
            changed(((Replicator.Changed<ORMultiMap<String, GlobalEntry>>) c).dataValue(), agent);
            return true;
        }
        if (m instanceof Replicator.GetSuccess<?> g && g.key().equals(KEY)
                && g.getRequest().orElse(null) instanceof CompletableFuture<?> done) {
            changed(((Replicator.GetSuccess<ORMultiMap<String, GlobalEntry>>) g).get(KEY), agent);
            done.complete(null);
            return true;
        }
        if (m instanceof Replicator.NotFound<?> nf && nf.key().equals(KEY)
                && nf.getRequest().orElse(null) instanceof CompletableFuture<?> done) {
            done.complete(null); // nothing was ever registered: the view is empty already
            return true;
        }
        if (m instanceof Down d && monitors.containsKey(d.monitor())) {
            GlobalEntry e = monitors.remove(d.monitor());
            monitored.remove(e);
            removeLocal(e, agent);
            return true;
        }
        return m instanceof Replicator.UpdateResponse<?>; // the answers to the agent's own removals
    }

    private void changed(ORMultiMap<String, GlobalEntry> map, ActorRef agent) {
        Map<String, Set<GlobalEntry>> now = new HashMap<>();
        map.getEntries().forEach((k, v) -> now.put(k, Set.copyOf(v)));
        names = Map.copyOf(now);
        Set<GlobalEntry> mine = new HashSet<>();
        for (Map.Entry<String, Set<GlobalEntry>> e : now.entrySet()) {
            for (GlobalEntry g : e.getValue()) {
                if (removed.contains(g.incarnation())) {
                    removeEntry(e.getKey(), g, agent);
                } else if (isMine(g)) {
                    mine.add(g);
                    watch(e.getKey(), g, agent);
                }
            }
            if (e.getValue().size() > 1) {
                resolve(e.getKey(), e.getValue(), agent);
            }
        }
        // registrations that are gone (unregistered, resolved): their monitors go too
        monitored.keySet().removeIf(g -> {
            if (!mine.contains(g)) {
                MonitorRef ref = monitored.get(g);
                monitors.remove(ref);
                ref.demonitor();
                return true;
            }
            return false;
        });
    }

    private boolean isMine(GlobalEntry g) {
        return g.incarnation() == selfIncarnation && g.node().equals(selfNode);
    }

    /** Monitors a process of this node registered under a name; removes the registration if it is gone already. */
    private void watch(String name, GlobalEntry g, ActorRef agent) {
        if (monitored.containsKey(g)) {
            return;
        }
        Optional<Pid> pid = cluster.node.processes().byNumber(g.number());
        if (pid.isEmpty()) {
            removeEntry(name, g, agent);
            return;
        }
        MonitorRef ref = Medic.monitor(Adapter.toTyped(agent), pid.get());
        monitors.put(ref, g);
        monitored.put(g, ref);
    }

    /** A name registered twice: the losers of this node (and, for notify-both, its winner) are dealt with. */
    private void resolve(String name, Set<GlobalEntry> entries, ActorRef agent) {
        GlobalEntry winner = first(entries);
        String rule = winner.conflict();
        for (GlobalEntry g : entries) {
            boolean loser = !g.equals(winner);
            if (!isMine(g) || (!loser && !rule.equals("notify-both"))) {
                continue;
            }
            Optional<Pid> pid = cluster.node.processes().byNumber(g.number());
            removeEntry(name, g, agent);
            if (pid.isEmpty()) {
                continue;
            }
            GlobalEntry other = loser ? winner : entries.stream().filter(x -> !x.equals(winner)).min(GlobalEntry.WINNER_FIRST).orElse(winner);
            ClusterServices.LOG.warn("global name {} was registered to both {} and {}: {} ({})", name,
                    cluster.qualified(pidOf(winner)), cluster.qualified(pid.get()),
                    rule.equals("exit-loser") ? "killing the loser" : "unregistering and notifying", rule);
            if (rule.equals("exit-loser")) {
                Medic.exit(pid.get(), ExitReason.KILLED);
            } else {
                Medic.send(pid.get(), new GlobalNameConflict(name, pidOf(other)));
            }
        }
    }

    private void removeLocal(GlobalEntry e, ActorRef agent) {
        names.forEach((name, entries) -> {
            if (entries.contains(e)) {
                removeEntry(name, e, agent);
            }
        });
    }

    private void removeEntry(String name, GlobalEntry e, ActorRef agent) {
        replicator.tell(new Replicator.Update<>(KEY, ORMultiMap.<String, GlobalEntry>emptyWithValueDeltas(),
                new Replicator.WriteMajority(cluster.settings.globalWriteTimeout()),
                (ORMultiMap<String, GlobalEntry> m) -> m.removeBinding(selfUnique, name, e)), agent);
    }

    /** A node left the cluster: its registrations go (every node that sees it go removes them). */
    void memberRemoved(UniqueAddress node, ActorRef agent) {
        long uid = node.longUid();
        removed.add(uid);
        if (removed.size() > 1000) {
            removed.remove(removed.iterator().next());
        }
        names.forEach((name, entries) -> {
            for (GlobalEntry g : entries) {
                if (g.incarnation() == uid) {
                    removeEntry(name, g, agent);
                }
            }
        });
    }

}
