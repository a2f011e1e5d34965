package io.medic.cluster.internal;

import akka.actor.Address;
import io.medic.runtime.Down;
import io.medic.runtime.ExitReason;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.RemotePid;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * INTERNAL API
 *
 * <p>The pid of a process of another node of the cluster: the node's address, the process's number
 * there and, when known (a pid that arrived in a message or from the global registry), its
 * {@code ActorRef}. Everything sent to it goes to the agent of its node, which hands it to the process,
 * so that what one node sends another arrives in the order it was sent. Thread-safe.
 */
final class ClusterPid extends RemotePid {
    final ClusterServices cluster;
    final Address address;
    final long number;
    private final akka.actor.typed.ActorRef<Object> ref;
    private final String node;
    /** The exit this node has learnt of (a call answered noproc or exit, a monitor that fired); null if none. */
    private volatile ExitReason exit;

    ClusterPid(ClusterServices cluster, Address address, long number, akka.actor.typed.ActorRef<Object> ref) {
        this.cluster = cluster;
        this.address = address;
        this.number = number;
        this.ref = ref;
        this.node = ClusterServices.nodeName(address);
    }

    @Override
    public long number() {
        return number;
    }

    /**
     * The process's actor, when this pid came with it (in a message, from the global registry); a pid
     * parsed from its text ({@code <0.42.0>@node}) has only its node and number, like Erlang's
     * {@code list_to_pid/1}, and throws here — calls, casts, sends, exits and monitors reach it all the same.
     */
    @Override
    public akka.actor.typed.ActorRef<Object> ref() {
        if (ref == null) {
            throw new UnsupportedOperationException(this + " was made from its text: its ActorRef is not known on this "
                    + "node (a pid received in a message or from the global registry carries it); calls, casts, sends, "
                    + "exits and monitors reach it all the same");
        }
        return ref;
    }

    /** The actor, if known. */
    akka.actor.typed.ActorRef<Object> refOrNull() {
        return ref;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    protected Node localNode() {
        return cluster.node;
    }

    @Override
    public boolean isAlive() {
        return exit == null && cluster.isUp(address);
    }

    @Override
    public Optional<ExitReason> exitReason() {
        return Optional.ofNullable(exit);
    }

    void exited(ExitReason reason) {
        if (exit == null) {
            exit = reason;
        }
    }

    @Override
    protected boolean sameProcess(RemotePid other) {
        return other instanceof ClusterPid o && o.number == number && o.address.equals(address);
    }

    @Override
    protected <R> CompletionStage<R> remoteCall(Object request, Duration timeout) {
        return cluster.call(this, request, timeout, false);
    }

    @Override
    protected <R> CompletionStage<R> remoteCallAwaited(Object request, Duration timeout) {
        return cluster.call(this, request, timeout, true);
    }

    @Override
    protected void remoteCast(Object message) {
        cluster.cast(this, message);
    }

    @Override
    protected void remoteSend(Object message) {
        cluster.send(this, message);
    }

    @Override
    protected void remoteExit(Pid from, ExitReason reason) {
        cluster.exit(this, from, reason);
    }

    @Override
    protected MonitorRef remoteMonitor(Consumer<Down> deliver) {
        return cluster.monitor(this, deliver);
    }
}
