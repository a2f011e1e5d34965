package io.medic.runtime;

import akka.actor.typed.javadsl.ActorContext;
import io.medic.runtime.internal.Call;
import io.medic.runtime.internal.Messages;
import io.medic.runtime.internal.NodeServices;
import io.medic.runtime.internal.ProcessRecord;
import io.medic.runtime.internal.Request;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The caller's side of calls, casts, sys requests and stops: fail fast on dead processes, time out,
 * unwrap. Package-private; the public faces are {@link GenServer}, {@link Sys} and {@link Medic}.
 */
final class Clients {
    private Clients() {
    }

    static Duration defaultCallTimeout(Pid pid) {
        if (pid instanceof RemotePid r) {
            return r.localNode().settings().callTimeout();
        }
        return ProcessRecord.of(pid).node().settings.callTimeout();
    }

    static Duration defaultSysTimeout(Pid pid) {
        return ProcessRecord.of(pid).node().settings.sysTimeout();
    }

    static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: bad value " + timeout + ", expected a positive duration");
        }
        return timeout;
    }

    // ------------------------------------------------------------------ requests

    static <R> CompletionStage<R> call(Pid server, Object request, Duration timeout) {
        return call(server, request, timeout, false);
    }

    /**
     * {@link #call}; {@code awaited}: its caller blocks for the reply (no dependent stage of the caller's
     * runs where it completes), so a remote call may complete on the transport's thread instead of handing
     * the reply to another thread first ({@link RemotePid#remoteCallAwaited}).
     */
    static <R> CompletionStage<R> call(Pid server, Object request, Duration timeout, boolean awaited) {
        Objects.requireNonNull(request, "request");
        checkTimeout(timeout);
        if (server instanceof RemotePid r) {
            return awaited ? r.remoteCallAwaited(request, timeout) : r.remoteCall(request, timeout);
        }
        ProcessRecord record = ProcessRecord.of(server);
        if (record.isAlive() && record.currentThread().orElse(null) == Thread.currentThread()) {
            return failed(new IllegalStateException("process " + server
                    + " called itself: the call would deadlock (Erlang's calling_self)"));
        }
        return send(server, record, new Call(request, record), "call", timeout);
    }

    /** Sends a request unless the target is dead, fails it if the target died meanwhile, and times it. */
    static <R> CompletionStage<R> send(Pid target, ProcessRecord record, Request<?> request, String what,
                                       Duration timeout) {
        if (!record.isAlive()) {
            return failed(new NoProcessException(target.toString()));
        }
        target.ref().tell(request);
        if (!record.isAlive()) {
            // it stopped around our send: the message may sit in a closed mailbox; fail now, not at timeout
            request.failBecauseDead();
        }
        return timed(request.future(), target, what, timeout);
    }

    /**
     * Arms the request's timeout and hands out its own future. The timeout runs on Akka's scheduler
     * (cancelling it is one compare-and-set) and fails the future with a {@link CallTimeoutException}
     * directly: the process that answers completes one future and cancels one timer, not a JDK delayed
     * task (a lock, a heap removal and often a signal) plus a second future mapped from the first.
     */
    @SuppressWarnings("unchecked")
    static <R> CompletionStage<R> timed(CompletableFuture<?> f, Pid target, String what, Duration timeout) {
        if (f.isDone()) {
            return (CompletionStage<R>) f;
        }
        arm(ProcessRecord.of(target).node().system, f, timeout,
                () -> f.completeExceptionally(new CallTimeoutException(target.toString(), what, timeout)));
        return (CompletionStage<R>) f;
    }

    /**
     * Akka's scheduler refuses delays beyond 2^31 ticks (~24 days with a 1 ms tick): a longer timeout
     * (a year standing for Erlang's infinity) is armed in legs of at most a day.
     */
    private static final Duration MAX_TIMER_LEG = Duration.ofDays(1);

    private static void arm(akka.actor.ActorSystem system, CompletableFuture<?> f, Duration left, Runnable expire) {
        boolean last = left.compareTo(MAX_TIMER_LEG) <= 0;
        akka.actor.Cancellable timer = system.scheduler().scheduleOnce(last ? left : MAX_TIMER_LEG,
                last ? expire : () -> arm(system, f, left.minus(MAX_TIMER_LEG), expire), system.dispatcher());
        f.whenComplete((v, e) -> timer.cancel());
    }

    static void cast(Pid server, Object message) {
        Objects.requireNonNull(message, "message");
        if (Objects.requireNonNull(server, "server") instanceof RemotePid r) {
            r.remoteCast(message);
            return;
        }
        server.ref().tell(new Messages.Cast(message));
    }

    static CompletionStage<ExitReason> stop(Pid server, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        checkTimeout(timeout);
        if (server instanceof RemotePid r) {
            return stopRemote(r, reason, timeout);
        }
        ProcessRecord record = ProcessRecord.of(server);
        if (!record.isAlive()) {
            return failed(new NoProcessException(server.toString()));
        }
        CompletableFuture<ExitReason> done = new CompletableFuture<>();
        MonitorRef m = record.monitor(null, down -> done.complete(down.reason()));
        server.ref().tell(new Messages.ExitSignal(reason, null));
        CompletionStage<ExitReason> result = timed(done, server, "stop", timeout);
        result.whenComplete((r, e) -> m.demonitor());
        return result;
    }

    /** {@code gen_server:stop} of a remote process: a monitor, then the exit signal; done when the monitor fires. */
    private static CompletionStage<ExitReason> stopRemote(RemotePid server, ExitReason reason, Duration timeout) {
        CompletableFuture<ExitReason> done = new CompletableFuture<>();
        MonitorRef m = server.remoteMonitor(down -> done.complete(down.reason()));
        server.remoteExit(null, reason);
        arm(server.localNode().classicSystem(), done, timeout,
                () -> done.completeExceptionally(new CallTimeoutException(server.toString(), "stop", timeout)));
        return done.whenComplete((r, e) -> m.demonitor());
    }

    // ------------------------------------------------------------------ spawning

    static Spawned<Object> spawnGenServer(Node node, ActorContext<?> parent, GenServer<?> server, SpawnOptions options) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(options, "options");
        NodeServices services = node != null ? node.services() : NodeServices.get(parent.getSystem());
        return services.spawn(parent, server.processKind(), server.getClass().getName(),
                server.getClass().getSimpleName(), options, process -> GenServerProcess.create(server, process));
    }

    /** The start's outcome as a pid, or a {@link StartException}. */
    static CompletionStage<Pid> started(Spawned<?> spawned) {
        return spawned.initialized().thenApply(result -> {
            if (result instanceof InitResult.Started s) {
                return s.pid();
            }
            if (result instanceof InitResult.Failed f) {
                throw new StartException("start of " + spawned.pid() + " (" + spawned.pid().entry().initialCall()
                        + ") failed: " + f.reason(), f.reason());
            }
            throw new StartException("start of " + spawned.pid() + " (" + spawned.pid().entry().initialCall()
                    + ") returned ignore", ExitReason.NORMAL);
        });
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Waits for a stage that already carries its own timeout; the margin here only guards against a
     * stage that never completes.
     */
    static <R> R await(CompletionStage<R> stage, String what, Duration timeout) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new CompletionException(cause);
        } catch (TimeoutException e) {
            throw new CallTimeoutException("?", what, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    static Throwable unwrap(Throwable e) {
        return Jvm.unwrap(e);
    }

    static <R> CompletionStage<R> failed(Throwable t) {
        return CompletableFuture.failedFuture(t);
    }
}
