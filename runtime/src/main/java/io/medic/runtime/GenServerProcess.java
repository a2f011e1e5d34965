package io.medic.runtime;

import akka.actor.Cancellable;
import akka.actor.typed.Behavior;
import akka.actor.typed.ExtensibleBehavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.Signal;
import akka.actor.typed.Terminated;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.runtime.internal.AkkaInternals;
import io.medic.runtime.internal.Call;
import io.medic.runtime.internal.CrashLog;
import io.medic.runtime.internal.Messages;
import io.medic.runtime.internal.NodeServices;
import io.medic.runtime.internal.ProcessCore;
import io.medic.runtime.internal.ProcessTracer;
import io.medic.runtime.internal.Render;
import io.medic.runtime.internal.Request;
import io.medic.runtime.internal.SysRequest;
import io.medic.runtime.internal.UserCode;
import io.medic.runtime.trace.TraceEventKind;
import java.time.Duration;
import java.util.function.Function;

/**
 * The actor that runs one {@link GenServer}: dispatch, results, accounting, sys, exit. Package-private:
 * users see {@link GenServer} only.
 */
final class GenServerProcess<S> extends ExtensibleBehavior<Object>
        implements ProcessCore.SysCallbacks, AkkaInternals.Starter {
    private final GenServer<S> server;
    private final ProcessCore core;
    private S state;
    /** init returned ok: terminate may run. */
    private boolean started;

    private GenServerProcess(GenServer<S> server, ProcessCore core) {
        this.server = server;
        this.core = core;
    }

    /** The process's initial behaviour: runs init when the actor starts (one small object, see {@link AkkaInternals#startWith}). */
    static <S> Behavior<Object> create(GenServer<S> server, ProcessCore core) {
        return AkkaInternals.startWith(new GenServerProcess<>(server, core));
    }

    // ------------------------------------------------------------------ accessors for GenServer

    Pid pid() {
        return core;
    }

    ActorContext<Object> context() {
        return core.context();
    }

    Node node() {
        return Node.of(core.node());
    }

    void setSensitive(boolean sensitive) {
        core.setSensitive(sensitive);
    }

    Cancellable sendAfter(Duration delay, Object message) {
        return core.context().scheduleOnce(delay, core.context().getSelf(), message);
    }

    void ackInit() {
        if (!core.isInitializing()) {
            throw new IllegalStateException("ackInit: the start of " + core + " was already acknowledged");
        }
        core.acked();
    }

    // ------------------------------------------------------------------ start

    /** Runs init when the actor starts. */
    @Override
    public Behavior<Object> start(TypedActorContext<Object> context) {
        core.bindContext(context.asJava());
        GenServer.Init<S> init;
        long token = core.beginInit();
        try {
            // inside the try: a throw out of this setup would stop the actor before it could ever see
            // PostStop, leaving the start unanswered and the record in the table for good
            server.bindProcess(this);
            init = server.init();
            if (init == null) {
                throw new IllegalStateException(server.getClass().getName() + ".init() returned null");
            }
        } catch (Throwable t) {
            core.endInit(token);
            return initFailed(ExitReason.exception(t));
        }
        if (init.kind() == GenServer.Init.Kind.OK) {
            state = init.state();
            started = true;
            if (!init.deferredAck()) {
                core.acked();
            }
        }
        core.endInit(token); // shows the phase init left: waiting, or initializing until a deferred ack
        switch (init.kind()) {
            case STOP:
                return initFailed(init.reason());
            case IGNORE:
                finish(ExitReason.NORMAL, new InitResult.Ignored(), CrashLog.IN_INIT);
                return Behaviors.stopped();
            default:
                break;
        }
        core.maybeRefreshMemory(state);
        Behavior<Object> next = this;
        if (init.continueTerm() != null) {
            next = runContinue(init.continueTerm());
        }
        if (next == this && init.timeout() != null) {
            armTimeout(init.timeout());
        }
        return next;
    }

    private Behavior<Object> initFailed(ExitReason reason) {
        finish(reason, CrashLog.IN_INIT); // answers the starter, after the process has left the table and the registry
        return Behaviors.stopped();
    }

    // ------------------------------------------------------------------ receive

    /**
     * Returns {@code Behaviors.same()} rather than {@code this} while the server keeps running: Akka
     * treats both alike, but a wrapper around this behaviour (the stop supervisor {@code Adapter.spawn}
     * puts around every top-level actor) re-wraps itself for every new behaviour object it is handed,
     * 88 bytes per message.
     */
    @Override
    public Behavior<Object> receive(TypedActorContext<Object> c, Object msg) {
        Behavior<Object> next;
        try {
            next = handle(msg);
            while (next == this && core.releaseHeld()) {
                while (next == this && core.hasHeld() && !holding()) {
                    next = handle(core.nextHeld());
                }
            }
        } catch (Throwable t) {
            // nothing gets here but a fatal error, or a fault of Medic's own: the process is spawned
            // without a supervisor around it (see AkkaInternals.spawnTopLevel), so it never lets Akka decide
            UserCode.rethrowIfFatal(t);
            return crash(t, null, userMessage(msg));
        }
        return next == this ? Behaviors.same() : next;
    }

    /** One message: untraced (the hook is null, one check), or traced. */
    private Behavior<Object> handle(Object msg) {
        ProcessTracer t = core.tracer();
        return t == null ? handleNow(msg) : handleTraced(msg, t);
    }

    /**
     * A message while trace sessions concern this process: timed, and a call, cast or info handled (not
     * held) told to the sessions with its outcome and the state after it.
     */
    private Behavior<Object> handleTraced(Object msg, ProcessTracer t) {
        if (!t.timesHandlers()) {
            return handleNow(msg); // a bystander (for sends), or a session of arrivals and sends only
        }
        TraceEventKind handled = handles(msg) ? ProcessTracer.handledKind(msg) : null;
        Object user = msg instanceof Messages.IdleTimeout ? GenServer.Timeout.TIMEOUT : userMessage(msg);
        if (handled == null || !t.wantsHandled(user)) {
            return handleNow(msg);
        }
        long start = System.nanoTime();
        Behavior<Object> next = handleNow(msg);
        t.handled(handled, user, msg instanceof Call c ? c : null, System.nanoTime() - start, state, t.wantsState());
        return next;
    }

    /** Whether {@code msg} will be handled by a user callback now, rather than held or taken as a system message. */
    private boolean handles(Object msg) {
        if (msg instanceof SysRequest || msg instanceof Messages.ExitSignal) {
            return false;
        }
        if (msg instanceof Call || msg instanceof Messages.Cast) {
            return !holding();
        }
        if (msg instanceof Messages.IdleTimeout i && i != core.armedIdleTimeout()) {
            return false;
        }
        return !core.isSuspended();
    }

    private Behavior<Object> handleNow(Object msg) {
        long token = core.beginHandler(userMessage(msg));
        Behavior<Object> next;
        try {
            next = dispatch(msg);
        } finally {
            core.endHandler(token);
        }
        if (next == this) {
            core.maybeRefreshMemory(state);
        }
        return next;
    }

    private boolean holding() {
        return core.isHolding();
    }

    private Behavior<Object> dispatch(Object msg) {
        if (msg instanceof SysRequest r) {
            try {
                core.handleSys(r, this);
            } catch (VirtualMachineError e) { // only a fatal one gets out (see UserCode)
                return crash(e, r, r);
            }
            return core.isAlive() ? this : Behaviors.stopped();
        }
        if (msg instanceof Messages.ExitSignal e) {
            return onExit(e);
        }
        if (msg instanceof Call c) {
            if (holding()) {
                core.hold(c);
                return this;
            }
            return onCall(c);
        }
        if (msg instanceof Messages.Cast c) {
            if (holding()) {
                core.hold(c);
                return this;
            }
            return onCast(c.message());
        }
        if (msg instanceof Messages.IdleTimeout t) {
            if (t != core.armedIdleTimeout()) {
                return this; // stale: a message arrived since
            }
            core.disarmIdleTimeout();
            msg = GenServer.Timeout.TIMEOUT;
        }
        if (core.isSuspended()) {
            core.hold(msg);
            return this;
        }
        return onInfo(msg);
    }

    private Behavior<Object> onCall(Call c) {
        disarmIdle();
        core.event("call", c.request);
        GenServer.Result<S> r;
        try {
            r = server.handleCall(c.request, c, state);
        } catch (Throwable t) {
            return crash(t, c, c.request);
        }
        return apply(r, c, "handleCall", c.request);
    }

    private Behavior<Object> onCast(Object message) {
        disarmIdle();
        core.event("cast", message);
        GenServer.Result<S> r;
        try {
            r = server.handleCast(message, state);
        } catch (Throwable t) {
            return crash(t, null, message);
        }
        return apply(r, null, "handleCast", message);
    }

    private Behavior<Object> onInfo(Object message) {
        disarmIdle();
        core.event("info", message);
        GenServer.Result<S> r;
        try {
            r = server.handleInfo(message, state);
        } catch (Throwable t) {
            return crash(t, null, message);
        }
        return apply(r, null, "handleInfo", message);
    }

    private Behavior<Object> onExit(Messages.ExitSignal e) {
        core.event("system", "exit signal " + e.reason() + (e.from() == null ? "" : " from " + e.from()));
        GenServer.Result<S> r;
        try {
            r = server.handleExit(e.reason(), e.from(), state);
        } catch (Throwable t) {
            return crash(t, null, e);
        }
        return apply(r, null, "handleExit", e);
    }

    private Behavior<Object> runContinue(Object term) {
        core.event("continue", term);
        GenServer.Result<S> r;
        try {
            r = server.handleContinue(term, state);
        } catch (Throwable t) {
            return crash(t, null, term);
        }
        return apply(r, null, "handleContinue", term);
    }

    /** Any user message cancels a pending idle timeout, as a receive ... after would. */
    private void disarmIdle() {
        core.disarmIdleTimeout();
    }

    /** What a message means to the server: a call's request, a cast's message, or the message itself. */
    private static Object userMessage(Object msg) {
        return ProcessTracer.userMessage(msg);
    }

    private void armTimeout(Duration timeout) {
        Messages.IdleTimeout t = new Messages.IdleTimeout();
        t.arm(core.context().scheduleOnce(timeout, core.context().getSelf(), t));
        core.armIdleTimeout(t);
    }

    // ------------------------------------------------------------------ results

    /** Applies a callback's result; {@code message} is what the callback handled (for a crash report). */
    private Behavior<Object> apply(GenServer.Result<S> r, Call call, String callback, Object message) {
        if (r == null) {
            return crash(new IllegalStateException("bad return value: " + server.getClass().getName() + "."
                    + callback + " returned null"), call, message);
        }
        switch (r.kind()) {
            case REPLY:
                if (call == null) {
                    return crash(new IllegalStateException("bad return value: " + server.getClass().getName() + "."
                            + callback + " returned reply(...), which only handleCall may return"), null, message);
                }
                state = r.state();
                call.reply(r.reply());
                core.event("reply", r.reply());
                break;
            case NOREPLY:
                state = r.state();
                if (call != null && !call.isDone()) { // answered already through From: nothing to keep
                    core.keepPending(call);
                }
                core.event("noreply", state);
                break;
            case STOP_REPLY:
                if (call == null) {
                    return crash(new IllegalStateException("bad return value: " + server.getClass().getName() + "."
                            + callback + " returned stop with a reply, which only handleCall may return"), null, message);
                }
                state = r.state();
                call.reply(r.reply());
                core.event("reply", r.reply());
                return stop(r.reason(), null, message);
            case STOP:
                state = r.state();
                return stop(r.reason(), call, message);
            case ABORT_INIT:
                if (!core.isInitializing()) {
                    return crash(new IllegalStateException("bad return value: abortInit(" + r.reason()
                            + ") outside a deferred init"), call, message);
                }
                finish(r.reason(), message);
                return Behaviors.stopped();
            default:
                throw new IllegalStateException(r.kind().toString());
        }
        if (r.continueTerm() != null) {
            return runContinue(r.continueTerm());
        }
        if (r.timeout() != null) {
            armTimeout(r.timeout());
        }
        return this;
    }

    // ------------------------------------------------------------------ stopping

    /**
     * Crash: terminate runs, the process stops, the request being answered fails with the crash.
     * {@code message} is what it was handling (see {@link #finish(ExitReason, InitResult, Object)}).
     */
    private Behavior<Object> crash(Throwable t, Request<?> request, Object message) {
        return stop(ExitReason.exception(t), request, message);
    }

    /**
     * Stops: terminate runs, the process exits (its exit reason is terminate's failure if it threw),
     * then {@code request}, if any, fails with that reason. A {@linkplain UserCode#isFatal fatal} error
     * behind the reason is thrown on to Akka once all that is done.
     */
    private Behavior<Object> stop(ExitReason reason, Request<?> request, Object message) {
        ExitReason finalReason = stopNow(reason, message);
        if (request != null) {
            // after finish: whoever sees the failure also sees the process dead
            request.fail(new ProcessExitException(core, finalReason));
        }
        if (finalReason instanceof ExitReason.Exception e) {
            UserCode.rethrowIfFatal(e.cause());
        }
        return Behaviors.stopped();
    }

    /** Runs terminate and finishes; returns the reason the process exited with. */
    private ExitReason stopNow(ExitReason reason, Object message) {
        if (!core.isAlive()) {
            return core.exitReason().orElse(reason); // a fatal error out of a terminate that already ran
        }
        ExitReason finalReason = runTerminate(reason);
        finish(finalReason, message);
        return finalReason;
    }

    /** Runs terminate; if it throws, that becomes the exit reason (as in OTP). */
    private ExitReason runTerminate(ExitReason reason) {
        try {
            server.terminate(reason, state);
            return reason;
        } catch (Throwable t) {
            core.context().getLog().error("{} {}: terminate({}) threw", server.getClass().getName(), core, reason, t);
            return ExitReason.exception(t);
        }
    }

    private void finish(ExitReason reason, Object message) {
        finish(reason, new InitResult.Failed(reason), message);
    }

    /**
     * The process is done: its crash report if the reason calls for one (written here, on its own
     * thread, with {@code message} — what it was handling, {@link CrashLog#NO_MESSAGE} or
     * {@link CrashLog#IN_INIT} — and its state through formatStatus), then it leaves the table and the
     * registry, fires its monitors, fails what waits, and only then answers a start still waiting with
     * {@code initOutcome} (whoever sees the start fail can at once reuse the name).
     */
    private void finish(ExitReason reason, InitResult initOutcome, Object message) {
        if (!core.isAlive()) {
            return;
        }
        core.disarmIdleTimeout();
        core.exit(reason, message, this);
        core.failHeld(reason);
        core.failPending(reason);
        core.answerStart(initOutcome);
    }

    // ------------------------------------------------------------------ signals

    @Override
    public Behavior<Object> receiveSignal(TypedActorContext<Object> c, Signal signal) {
        if (signal == PostStop.instance()) {
            if (core.isAlive()) {
                ExitReason requested = core.killRequested();
                ExitReason reason = requested != null ? requested : ExitReason.SHUTDOWN;
                if (reason != ExitReason.KILLED && started) {
                    reason = runTerminate(reason);
                }
                finish(reason, CrashLog.NO_MESSAGE);
            }
            return this;
        }
        if (signal instanceof PreRestart) {
            return this;
        }
        if (signal instanceof Terminated && core.isAlive()) {
            // the user watched an actor through context(): deliver like an info
            return receive(c, signal);
        }
        return this;
    }

    // ------------------------------------------------------------------ sys

    /** {@code stateSnapshot}: if it throws, the caller gets {@code callback_failed}; the process goes on. */
    @Override
    public Object state() {
        try {
            return server.stateSnapshot(state);
        } catch (Throwable t) {
            UserCode.rethrowIfFatal(t);
            throw new CallbackFailedException(core, server.getClass().getName() + ".stateSnapshot", t);
        }
    }

    /** {@code formatStatus}: if it throws, the status shows that instead of the state; the process goes on. */
    @Override
    public Object formattedState() {
        try {
            return server.formatStatus(state);
        } catch (Throwable t) {
            UserCode.rethrowIfFatal(t);
            return "formatStatus failed: " + Render.bounded(t, maxChars());
        }
    }

    /**
     * The function's result becomes the state; if it throws (anything, an Error included), the state
     * is unchanged and the caller gets {@code callback_failed}.
     */
    @Override
    @SuppressWarnings("unchecked")
    public Object replaceState(Function<Object, Object> fn) {
        Object fresh;
        try {
            fresh = fn.apply(state);
        } catch (Throwable t) {
            UserCode.rethrowIfFatal(t);
            throw new ReplaceStateException(core, t);
        }
        state = (S) fresh;
        core.event("system", "state replaced");
        return fresh;
    }

    /**
     * {@code sys:terminate}: terminate runs with {@code reason} (if init returned ok), then the process
     * exits; returns the reason it exited with (terminate's failure, if it threw).
     */
    @Override
    public ExitReason terminate(ExitReason reason) {
        core.event("system", "terminate " + reason);
        ExitReason finalReason;
        if (started) {
            finalReason = stopNow(reason, CrashLog.NO_MESSAGE);
        } else {
            finish(reason, CrashLog.NO_MESSAGE);
            finalReason = reason;
        }
        if (finalReason instanceof ExitReason.Exception e) {
            UserCode.rethrowIfFatal(e.cause());
        }
        return finalReason;
    }

    /**
     * The message of a default handler that has no clause for {@code value}: the callback, the value
     * (bounded, escaped; never for a sensitive process) and its type — Erlang's {@code function_clause}.
     */
    String noClause(String callback, Object value) {
        String type = value == null ? "null" : value.getClass().getName();
        String shown = core.isSensitive() ? "a " + type + " (value not shown: sensitive process)"
                : Render.quoted(value, maxChars()) + " (" + type + ")";
        return server.getClass().getName() + "." + callback + " has no clause for " + shown;
    }

    private int maxChars() {
        return core.node().settings.sysEventMaxChars();
    }

    @Override
    public String stateNote() {
        return null;
    }

    @Override
    public String toString() {
        return "GenServer(" + server.getClass().getName() + ", " + core + ")";
    }

    static NodeServices services(Node node) {
        return node.services();
    }
}
