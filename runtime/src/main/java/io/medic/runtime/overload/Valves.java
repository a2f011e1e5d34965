package io.medic.runtime.overload;

import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.internal.NodeServices;
import io.medic.runtime.overload.internal.OverloadSettings;
import io.medic.runtime.overload.internal.OwnedTable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's named valves: where {@link Valve}s are made and listed, like jobs' {@code jobs:add_queue/2},
 * {@code jobs:delete_queue/1} and {@code jobs:queue_info/1}, or safetyvalve's {@code sv:new/2}. One per
 * node ({@link #of}).
 *
 * <pre>{@code
 * Valves valves = Valves.of(node);
 * Valve db = valves.create(ValveSettings.of("db", 8, 100, Duration.ofMillis(500)));   // lives until removed
 * Valve mine = valves.create(ValveSettings.of("export", 1, 10, Duration.ofSeconds(5)), self()); // dies with the process
 * valves.list().forEach(v -> System.out.println(v.stats()));
 * }</pre>
 *
 * <p>A valve is either the node's (listed until {@link #remove}d) or a process's (unlisted when that
 * process stops). An unlisted valve still works for whoever holds it. A node lists at most
 * {@code medic.overload.max-valves} valves (default 10,000). Thread-safe.
 */
public final class Valves {
    private final NodeServices services;
    private final OwnedTable<Valve> table;

    private Valves(NodeServices services) {
        this.services = services;
        this.table = new OwnedTable<>("valve", OverloadSettings.PATH + ".max-valves",
                OverloadSettings.fromConfig(services.system.settings().config()).maxValves(), services.system.name());
    }

    /** The valves of {@code node} (created with the node's first use of them). */
    public static Valves of(Node node) {
        Objects.requireNonNull(node, "node");
        NodeServices services = NodeServices.get(node.classicSystem());
        return (Valves) services.attachments.computeIfAbsent(Valves.class, k -> new Valves(services));
    }

    /**
     * Makes a valve that belongs to the node and lists it under its name until {@link #remove}.
     *
     * @throws IllegalStateException naming the name if a listed valve has it, or naming the limit
     */
    public Valve create(ValveSettings settings) {
        return add(settings, null);
    }

    /**
     * Makes a valve owned by {@code owner}: listed under its name and under its owner ({@link #forOwner})
     * until the owner stops.
     *
     * @throws IllegalStateException               naming the name (and its owner) if taken, or the limit
     * @throws io.medic.runtime.NoProcessException if {@code owner} is not alive
     */
    public Valve create(ValveSettings settings, Pid owner) {
        return add(settings, Objects.requireNonNull(owner, "owner"));
    }

    /** The valve listed under {@code name}. Cost: O(1). */
    public Optional<Valve> get(String name) {
        return table.get(name);
    }

    /** Every listed valve, by name. Cost: one pass over the valves and a sort. */
    public List<Valve> list() {
        return table.list();
    }

    /** The valves {@code owner} made, by name: what its process info shows. Cost: one pass over the node's valves. */
    public List<Valve> forOwner(Pid owner) {
        return table.forOwner(owner);
    }

    /** Unlists the valve named {@code name}; returns whether there was one. It keeps working for its holders. */
    public boolean remove(String name) {
        return table.remove(name);
    }

    /** How many valves are listed. Cost: O(1). */
    public int count() {
        return table.size();
    }

    private Valve add(ValveSettings settings, Pid owner) {
        Objects.requireNonNull(settings, "settings");
        return table.add(settings.name(), owner,
                () -> new Valve(settings, owner, services.system.scheduler(), services.system.dispatcher()));
    }
}
