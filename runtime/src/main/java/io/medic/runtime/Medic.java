package io.medic.runtime;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import io.medic.runtime.internal.Messages;
import io.medic.runtime.internal.NodeServices;
import io.medic.runtime.internal.PlainProcess;
import io.medic.runtime.internal.ProcessRecord;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The runtime's front door for processes that are not GenServers, and for signals between processes:
 * spawn a plain Akka behaviour as a Medic process ({@code erlang:spawn}), send, exit, monitor.
 *
 * <p>A plain behaviour spawned here gets a table entry, a counting mailbox, accounting, a registered
 * name, sys status/statistics/log/suspend/resume/terminate and exit notification, from a Medic wrapper
 * behaviour that interprets it (what it sees and returns is what Akka would show it and do); its state
 * stays in Akka's closures, so {@link Sys#getState} says it cannot read it rather than guessing. Its
 * failures keep Akka's semantics (the exception reaches its parent), and whatever it throws is its
 * exit reason — an error Akka would treat as fatal to the JVM (a {@link LinkageError}) reaches the
 * parent wrapped in a {@link ContainedErrorException}, so only this process fails.
 */
public final class Medic {
    private Medic() {
    }

    /** Spawns a plain behaviour as a top-level Medic process. */
    public static <T> Spawned<T> spawn(Node node, Behavior<T> behavior, SpawnOptions options) {
        return spawnPlain(node.services(), null, behavior, options);
    }

    /** Spawns a plain behaviour as a Medic child of the actor owning {@code parent} (call from that actor). */
    public static <T> Spawned<T> spawn(ActorContext<?> parent, Behavior<T> behavior, SpawnOptions options) {
        return spawnPlain(NodeServices.get(parent.getSystem()), parent, behavior, options);
    }

    private static <T> Spawned<T> spawnPlain(NodeServices node, ActorContext<?> parent, Behavior<T> behavior,
                                             SpawnOptions options) {
        Objects.requireNonNull(behavior, "behavior");
        Objects.requireNonNull(options, "options");
        return node.spawn(parent, "behavior", behavior.getClass().getName(), "behavior", options,
                process -> PlainProcess.create(behavior, process));
    }

    /** {@code Pid ! Message}: a GenServer gets it in {@code handleInfo}. Never throws for a dead process. */
    public static void send(Pid pid, Object message) {
        Objects.requireNonNull(message, "message");
        if (pid instanceof RemotePid r) {
            r.remoteSend(message);
            return;
        }
        pid.ref().tell(message);
    }

    /**
     * {@code erlang:exit(Pid, Reason)}. With {@link ExitReason#KILLED} the process is stopped out of
     * band (Akka's stop: it finishes the message it is handling, then stops without running
     * {@code terminate}; the JVM cannot pre-empt a running handler). With any other reason the process
     * gets an exit signal in mailbox order, as a process that traps exits would: a GenServer runs
     * {@link GenServer#handleExit} (by default: terminate, then stop with that reason), a plain
     * behaviour stops. Does nothing to a dead process.
     */
    public static void exit(Pid pid, ExitReason reason) {
        exit(null, pid, reason);
    }

    /** {@link #exit(Pid, ExitReason)} naming the sender of the signal. */
    public static void exit(Pid from, Pid pid, ExitReason reason) {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(reason, "reason");
        if (pid instanceof RemotePid r) {
            r.remoteExit(from, reason);
            return;
        }
        ProcessRecord record = ProcessRecord.of(pid);
        if (!record.isAlive()) {
            return;
        }
        if (reason instanceof ExitReason.Killed) {
            record.kill();
        } else {
            pid.ref().tell(new Messages.ExitSignal(reason, from));
        }
    }

    /**
     * {@code erlang:monitor(process, Pid)} for a Medic process: {@code watcher} gets a {@link Down}
     * message once {@code target} stops (at once if it already has).
     */
    public static MonitorRef monitor(Pid watcher, Pid target) {
        Objects.requireNonNull(watcher, "watcher");
        if (target instanceof RemotePid r) {
            return r.remoteMonitor(down -> send(watcher, down));
        }
        return ProcessRecord.of(target).monitor(watcher, down -> watcher.ref().tell(down));
    }

    /** Monitors {@code target} on behalf of any actor. */
    public static MonitorRef monitor(ActorRef<? super Down> watcher, Pid target) {
        Objects.requireNonNull(watcher, "watcher");
        if (target instanceof RemotePid r) {
            return r.remoteMonitor(watcher::tell);
        }
        return ProcessRecord.of(target).monitor(null, watcher::tell);
    }

    /** Completes with the exit reason once {@code target} has stopped (at once if it has already). */
    public static CompletionStage<ExitReason> whenExited(Pid target) {
        CompletableFuture<ExitReason> f = new CompletableFuture<>();
        if (target instanceof RemotePid r) {
            r.remoteMonitor(down -> f.complete(down.reason()));
            return f;
        }
        ProcessRecord.of(target).monitor(null, down -> f.complete(down.reason()));
        return f;
    }

    /**
     * Waits for one of Medic's asynchronous results (a {@code ...Async} call, cast, sys request, start)
     * the way Medic's own blocking forms do: returns its value; rethrows its failure as it is (a
     * {@link MedicException} such as {@link NoProcessException} or {@link CallTimeoutException}, not
     * wrapped in an {@code ExecutionException}); throws {@link CallTimeoutException} if nothing came
     * within {@code timeout} plus one second (the operation's own timeout normally answers first).
     *
     * @param what names the operation in a timeout's message, e.g. {@code "supervisor call"}
     */
    public static <R> R await(CompletionStage<R> stage, String what, Duration timeout) {
        return Clients.await(stage, what, timeout);
    }
}
