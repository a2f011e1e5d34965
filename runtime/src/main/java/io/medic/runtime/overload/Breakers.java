package io.medic.runtime.overload;

import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.internal.NodeServices;
import io.medic.runtime.overload.internal.OverloadSettings;
import io.medic.runtime.overload.internal.OwnedTable;
import io.medic.runtime.overload.internal.SerialDelivery;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * A node's named circuit breakers: where {@link Breaker}s are made and listed, like fuse's
 * {@code fuse:install/2}, {@code fuse:remove/1} and the fuse table. One per node ({@link #of}).
 *
 * <pre>{@code
 * Breakers breakers = Breakers.of(node);
 * Breaker b = breakers.create(BreakerSettings.named("payments"));           // lives until removed
 * Breaker mine = breakers.create(BreakerSettings.named("ledger"), self());  // inside a process: dies with it
 * breakers.forOwner(pid);                                                    // the breakers a process made
 * breakers.addListener(e -> log.info("{} {} -> {}", e.breaker(), e.from(), e.to()));
 * }</pre>
 *
 * <p>A breaker is either the node's (made with {@link #create(BreakerSettings)}, listed until
 * {@link #remove}d) or a process's (made with {@link #create(BreakerSettings, Pid)}, unlisted when that
 * process stops, so that its restarted incarnation can make it again: its failure count starts afresh,
 * as a restarted process's state does). An unlisted breaker still works for whoever holds it. A node
 * lists at most {@code medic.overload.max-breakers} breakers (default 10,000). Thread-safe.
 */
public final class Breakers {
    private final NodeServices services;
    private final OwnedTable<Breaker> table;
    private final SerialDelivery delivery;
    private final List<Consumer<? super BreakerEvent>> listeners = new CopyOnWriteArrayList<>();

    private Breakers(NodeServices services) {
        OverloadSettings settings = OverloadSettings.fromConfig(services.system.settings().config());
        this.services = services;
        this.table = new OwnedTable<>("breaker", OverloadSettings.PATH + ".max-breakers", settings.maxBreakers(),
                services.system.name());
        this.delivery = new SerialDelivery(services.system.dispatcher(), settings.maxPendingEvents(),
                LoggerFactory.getLogger("io.medic.overload"), "breaker events");
    }

    /** The breakers of {@code node} (created with the node's first use of them). */
    public static Breakers of(Node node) {
        Objects.requireNonNull(node, "node");
        NodeServices services = NodeServices.get(node.classicSystem());
        return (Breakers) services.attachments.computeIfAbsent(Breakers.class, k -> new Breakers(services));
    }

    /**
     * Makes a breaker that belongs to the node and lists it under its name until {@link #remove}.
     *
     * @throws IllegalArgumentException naming every problem of {@link BreakerSettings#validate()}
     * @throws IllegalStateException    naming the name if a listed breaker has it, or naming the limit
     */
    public Breaker create(BreakerSettings settings) {
        return add(settings, null);
    }

    /**
     * Makes a breaker owned by {@code owner} (typically {@code self()} in a GenServer's {@code init}):
     * it is listed under its name and under its owner ({@link #forOwner}) until the owner stops.
     *
     * @throws IllegalArgumentException             naming every problem of {@link BreakerSettings#validate()}
     * @throws IllegalStateException                naming the name (and its owner) if taken, or the limit
     * @throws io.medic.runtime.NoProcessException  if {@code owner} is not alive
     */
    public Breaker create(BreakerSettings settings, Pid owner) {
        return add(settings, Objects.requireNonNull(owner, "owner"));
    }

    /** The breaker listed under {@code name}. Cost: O(1). */
    public Optional<Breaker> get(String name) {
        return table.get(name);
    }

    /** Every listed breaker, by name. Cost: one pass over the breakers and a sort. */
    public List<Breaker> list() {
        return table.list();
    }

    /**
     * The breakers {@code owner} made, by name: what its process info shows. Cost: one pass over the
     * node's breakers.
     */
    public List<Breaker> forOwner(Pid owner) {
        return table.forOwner(owner);
    }

    /** Unlists the breaker named {@code name}; returns whether there was one. It keeps working for its holders. */
    public boolean remove(String name) {
        return table.remove(name);
    }

    /** How many breakers are listed. Cost: O(1). */
    public int count() {
        return table.size();
    }

    /**
     * Adds a listener of every breaker's transitions on this node (after each breaker's own listeners).
     * Listeners run on the node's dispatcher, one event at a time, in the order of the transitions; at
     * most {@code medic.overload.max-pending-events} (default 1,000) events wait for slow listeners, and
     * events beyond that are dropped and counted in a warning.
     */
    public void addListener(Consumer<? super BreakerEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a node-wide listener; returns whether it was there. */
    public boolean removeListener(Consumer<? super BreakerEvent> listener) {
        return listeners.remove(listener);
    }

    private Breaker add(BreakerSettings settings, Pid owner) {
        Objects.requireNonNull(settings, "settings");
        List<String> problems = settings.validate();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("breaker " + settings.name() + ": " + String.join("; ", problems));
        }
        return table.add(settings.name(), owner, () -> new Breaker(settings, owner, services.system.scheduler(),
                services.system.dispatcher(), delivery, listeners));
    }
}
