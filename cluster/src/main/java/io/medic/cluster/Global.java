package io.medic.cluster;

import io.medic.cluster.internal.ClusterServices;
import io.medic.runtime.AlreadyRegisteredException;
import io.medic.runtime.Medic;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Global names: Erlang's {@code global} ({@code register_name/2,3}, {@code whereis_name/1},
 * {@code unregister_name/1}, {@code registered_names/0}, {@code send/2}) on Akka's Distributed Data. A
 * name is registered to one process of any node of the cluster, found from every node, and released
 * when its process exits or its node leaves the cluster.
 *
 * <pre>{@code
 * Global global = MedicCluster.get(node).global();
 * global.registerName("chair", pid);                       // {error, ...} as AlreadyRegisteredException
 * Optional<Pid> chair = global.whereisName("chair");     // from any node: a remote pid elsewhere
 * global.send("chair", new Motion("adjourn"));
 * }</pre>
 *
 * <p><b>Consistency.</b> {@code whereisName} reads this node's replica: no message is sent, and a
 * registration made on another node is seen here once Akka has replicated it (a majority of nodes has it
 * when {@code registerName} returns). {@code registerName} refuses a name this node sees registered,
 * writes to a majority of the nodes, then reads a majority and gives the name up if a registration made
 * earlier shows up there. In a partition, each side registers on its own side (the write to a majority
 * waits {@code medic.cluster.global.write-timeout}, then stands locally), as OTP's {@code global} does
 * on each side of a netsplit; two nodes registering the same name within the same moment can also both
 * succeed. <b>When the sides meet again</b> every node sees both registrations and keeps the same one —
 * the first registered (the registering nodes' clocks; ties: the lower node address, then the lower pid
 * number) — and the loser's node applies the winner's {@link Conflict} rule. OTP decides with a resolve
 * function, {@code random_exit_name} by default, which kills one of the two at random; Medic's choice is
 * deterministic so that every node agrees without a round of messages. See docs/cluster.md#global-names.
 *
 * <p>Thread-safe.
 */
public final class Global {
    private final ClusterServices services;

    Global(ClusterServices services) {
        this.services = services;
    }

    /** What happens to the loser when a name turns out to be registered twice. */
    public enum Conflict {
        /** The losing process is killed ({@code exit(Pid, kill)}): OTP's default, {@code random_exit_name}. */
        EXIT_LOSER,
        /** The loser is unregistered and sent a {@link GlobalNameConflict}: OTP's {@code random_notify_name}. */
        NOTIFY_LOSER,
        /** Both are unregistered and sent a {@link GlobalNameConflict}: OTP's {@code notify_all_names}. */
        NOTIFY_BOTH
    }

    /** {@code medic.cluster.global.conflict}: the rule of a registration that names none. */
    public Conflict defaultConflict() {
        return Conflict.valueOf(services.settings().globalConflict().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    }

    /**
     * {@code global:register_name(Name, Pid)} with the configured conflict rule. The stage fails with
     * {@link AlreadyRegisteredException} (OTP's {@code no}) if the name is registered,
     * {@link NoProcessException} if the process is not alive, {@link NodeDownException} for a process of a
     * node that is down.
     *
     * @throws io.medic.runtime.BadProcessReferenceException if the name is not a valid name
     */
    public CompletionStage<Void> registerNameAsync(String name, Pid pid) {
        return registerNameAsync(name, pid, defaultConflict());
    }

    /** {@code global:register_name(Name, Pid, Resolve)}: the rule applied to the loser if the name is registered twice. */
    public CompletionStage<Void> registerNameAsync(String name, Pid pid, Conflict onConflict) {
        return services.global.register(name, Objects.requireNonNull(pid, "pid"), Objects.requireNonNull(onConflict, "onConflict"));
    }

    /** {@link #registerNameAsync(String, Pid)}, waiting for it (at most the write timeout, twice, and a second). */
    public void registerName(String name, Pid pid) {
        registerName(name, pid, defaultConflict());
    }

    /** {@link #registerNameAsync(String, Pid, Conflict)}, waiting for it. */
    public void registerName(String name, Pid pid, Conflict onConflict) {
        Medic.await(registerNameAsync(name, pid, onConflict), "global register_name " + name, waitLimit());
    }

    /** {@code global:whereis_name(Name)}: read from this node's replica, no message sent. */
    public Optional<Pid> whereisName(String name) {
        return services.global.whereis(Objects.requireNonNull(name, "name"));
    }

    /** {@code global:unregister_name(Name)}: completes with whether this node saw it registered. */
    public CompletionStage<Boolean> unregisterNameAsync(String name) {
        return services.global.unregister(Objects.requireNonNull(name, "name"));
    }

    /** {@link #unregisterNameAsync}, waiting for it. */
    public boolean unregisterName(String name) {
        return Medic.await(unregisterNameAsync(name), "global unregister_name " + name, waitLimit());
    }

    /** {@code global:registered_names()} with their holders, as this node's replica has them. */
    public Map<String, Pid> registeredNames() {
        return services.global.registered();
    }

    /**
     * Every registration this node's replica holds for {@code name}, the holder first: one, or two while a
     * conflict is being resolved (for diagnosis; no OTP analog).
     */
    public List<Pid> registrations(String name) {
        return services.global.registrations(Objects.requireNonNull(name, "name"));
    }

    /**
     * {@code global:send(Name, Msg)}: sends to the process registered under {@code name}, wherever it runs.
     *
     * @throws NoProcessException if the name is not registered (OTP exits with {@code {badarg, {Name, Msg}}})
     */
    public Pid send(String name, Object message) {
        Pid pid = whereisName(name).orElseThrow(() -> new NoProcessException(name));
        Medic.send(pid, message);
        return pid;
    }

    private Duration waitLimit() {
        return services.settings().globalWriteTimeout().multipliedBy(3);
    }
}
