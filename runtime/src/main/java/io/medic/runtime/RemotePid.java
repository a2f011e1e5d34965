package io.medic.runtime;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The pid of a process of another node: Erlang's remote pid ({@code <N.M.0>} with N &ne; 0), printed by
 * Medic with its node, {@code <0.M.0>@node}. A distribution module makes them (the cluster module:
 * {@code io.medic.cluster}, see docs/cluster.md) and installs the {@link Node.Distribution} that
 * {@link Node#lookup} parses them with; this class is the runtime's side of that contract.
 *
 * <p>What reaches a remote process goes through the runtime's usual front doors, which hand it to the
 * distribution: {@link GenServer#call} and {@link GenServer#callAsync} (failing fast with the
 * distribution's {@code nodedown} when its node is down or unreachable, as OTP does), {@link GenServer#cast},
 * {@link GenServer#stop}, {@link Medic#send}, {@link Medic#exit}, {@link Medic#monitor} and
 * {@link Medic#whenExited}. What reads the process's record — {@link #entry()}, {@link Sys}, the local
 * {@link Registry} — throws {@link UnsupportedOperationException} naming the pid and its node: the record
 * lives on that node (ask it, as {@code rpc:call(node(Pid), ...)} would).
 *
 * <p>Two remote pids are equal when they name the same process ({@link #sameProcess}). Thread-safe.
 * Only distribution modules extend it.
 */
public abstract class RemotePid extends Pid {

    /** For distribution modules. */
    protected RemotePid() {
    }

    /** The node the process runs on, as printed after the {@code @}: e.g. {@code 127.0.0.1:25521}. */
    public abstract String node();

    /** The local node this pid was made on: its settings give the default timeouts of calls to it. */
    protected abstract Node localNode();

    /**
     * Best knowledge, without asking the other node: false once its node is down or unreachable, or once
     * this node has learnt that the process exited (a call answered {@code noproc}, a monitor fired).
     * Erlang's {@code is_process_alive/1} refuses remote pids; this never waits for the network.
     */
    @Override
    public abstract boolean isAlive();

    /** The exit reason, if this node has learnt it (from a monitor); empty otherwise. */
    @Override
    public abstract Optional<ExitReason> exitReason();

    /** A remote process's record lives on its node. */
    @Override
    public final ProcessEntry entry() {
        throw unsupported("its process record (process_info)");
    }

    /** Whether {@code other} names the same process (same node incarnation and pid number). */
    protected abstract boolean sameProcess(RemotePid other);

    /** {@code gen_server:call}: the stage fails at once when the node is down or unreachable. */
    protected abstract <R> CompletionStage<R> remoteCall(Object request, Duration timeout);

    /**
     * {@link #remoteCall} for {@link GenServer#call}, whose caller only waits for the stage: the stage may
     * complete on the distribution's own thread (where no user code must run), saving a hand-off per
     * call. By default {@link #remoteCall}.
     */
    protected <R> CompletionStage<R> remoteCallAwaited(Object request, Duration timeout) {
        return remoteCall(request, timeout);
    }

    /** {@code gen_server:cast}: never throws, even for a node that is down. */
    protected abstract void remoteCast(Object message);

    /** {@code Pid ! Message}: never throws, even for a node that is down. */
    protected abstract void remoteSend(Object message);

    /** {@code erlang:exit(Pid, Reason)} from {@code from} (or nobody). */
    protected abstract void remoteExit(Pid from, ExitReason reason);

    /**
     * {@code erlang:monitor(process, Pid)}: {@code deliver} gets the {@link Down} once the process exits,
     * or with reason {@code noconnection} once its node is down or unreachable (Erlang's monitor of a
     * remote process does the same).
     */
    protected abstract MonitorRef remoteMonitor(Consumer<Down> deliver);

    /** The error of an operation that needs the process's record, naming the pid and its node. */
    public final UnsupportedOperationException unsupported(String what) {
        return new UnsupportedOperationException(this + " is a process of node " + node() + ": " + what
                + " is on that node; only calls, casts, sends, exits and monitors reach a remote process (see docs/cluster.md)");
    }
}
