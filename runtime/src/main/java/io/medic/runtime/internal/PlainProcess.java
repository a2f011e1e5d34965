package io.medic.runtime.internal;

import akka.actor.UnhandledMessage;
import akka.actor.typed.Behavior;
import akka.actor.typed.ExtensibleBehavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.PreRestart;
import akka.actor.typed.Signal;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.runtime.ExitReason;
import io.medic.runtime.InitResult;
import io.medic.runtime.ProcessExitException;
import io.medic.runtime.UnsupportedSysRequestException;
import java.util.function.Function;

/**
 * INTERNAL API
 *
 * <p>The behaviour that makes a plain Akka behaviour a Medic process: it wraps the behaviour and
 * interprets it itself — with Akka's public {@code Behavior.start}, {@code interpretMessage} and
 * {@code interpretSignal}, as Akka's own actor adapter does — around Medic's accounting, sys requests,
 * suspension, exit signals and exit notification. One object per process, where a
 * {@code BehaviorInterceptor} costs Akka's interceptor structures (~200 bytes) and a second level of
 * interpretation on every message.
 *
 * <p>What the wrapped behaviour sees is what it would see without Medic: its setup runs when the actor
 * starts; every message and signal reaches it; what it returns is followed ({@code same},
 * {@code unhandled} — passed on to Akka, which publishes it —, a new behaviour, started at once if it
 * is deferred, {@code stopped} with its post-stop callback, Akka's failed behaviour); {@code PostStop}
 * reaches its last behaviour. Its failures keep Akka's semantics: the process records the throwable as
 * its exit reason and rethrows it, so it reaches the parent (see {@link UserCode#forAkka}); a
 * top-level process, which Medic spawns without the stop supervisor Akka's {@code Adapter.spawn} would
 * put around it, does what that supervisor does instead: logs the failure and stops.
 *
 * <p>While suspended, user messages are held in arrival order; on resume they are handled, in that
 * order, before the next message from the mailbox.
 */
public final class PlainProcess<T> extends ExtensibleBehavior<Object>
        implements ProcessCore.SysCallbacks, AkkaInternals.Starter {

    private static final Behavior<Object> SAME = Behaviors.same();

    private final ProcessCore core;
    /** The wrapped behaviour: as given until the actor starts, then the current one (always started). */
    private Behavior<T> behavior;

    private PlainProcess(Behavior<T> behavior, ProcessCore core) {
        this.behavior = behavior;
        this.core = core;
    }

    /** The process's initial behaviour: one small object that starts the wrapper (see {@link AkkaInternals#startWith}). */
    public static <T> Behavior<Object> create(Behavior<T> behavior, ProcessCore core) {
        return AkkaInternals.startWith(new PlainProcess<>(behavior, core));
    }

    // ------------------------------------------------------------------ start

    /** Starts the wrapped behaviour (runs its setup): its init. */
    @Override
    public Behavior<Object> start(TypedActorContext<Object> context) {
        core.bindContext(context.asJava());
        long token = core.beginInit();
        Behavior<T> first;
        try {
            first = Behavior.validateAsInitial(Behavior.start(behavior, typed(context)));
        } catch (Throwable t) {
            core.endInit(token);
            return crash(t, CrashLog.IN_INIT);
        }
        if (!SizeEstimator.isJdk(first.getClass())) {
            core.nameInitialCall(first.getClass().getName());
        }
        behavior = first;
        core.acked();
        core.endInit(token);
        if (!Behavior.isAlive(first)) {
            // stopped (or failed) at once: Akka stops the actor without a PostStop for this wrapper
            Throwable cause = AkkaInternals.failureCause(first);
            finish(cause != null ? ExitReason.exception(cause) : ExitReason.NORMAL, CrashLog.IN_INIT);
            return untyped(first);
        }
        return this;
    }

    // ------------------------------------------------------------------ messages

    @Override
    public Behavior<Object> receive(TypedActorContext<Object> context, Object msg) {
        if (msg instanceof SysRequest r) {
            return onSys(context, r);
        }
        if (msg instanceof Messages.ExitSignal e) {
            core.endHandler(core.beginHandler(e));
            finish(e.reason(), e);
            return Behaviors.stopped();
        }
        if (msg instanceof Call c) {
            long token = core.beginHandler(c.request);
            c.fail(new UnsupportedSysRequestException(core + " is a plain Akka behaviour, not a GenServer:"
                    + " it does not answer calls"));
            core.endHandler(token);
            return SAME;
        }
        if (core.isSuspended()) {
            core.hold(msg); // held as it came (a Cast stays wrapped), so its sys event kind is known
            return SAME;
        }
        return deliver(context, msg);
    }

    private Behavior<Object> onSys(TypedActorContext<Object> context, SysRequest r) {
        long token = core.beginHandler(r);
        try {
            core.handleSys(r, this);
        } catch (VirtualMachineError e) { // only a fatal one gets out (see UserCode)
            finish(ExitReason.exception(e), r);
            r.fail(new ProcessExitException(core, ExitReason.exception(e)));
            throw e;
        } finally {
            core.endHandler(token);
        }
        if (!core.isAlive()) {
            return Behaviors.stopped(); // sys:terminate
        }
        if (!core.releaseHeld()) {
            return SAME;
        }
        Behavior<Object> next = SAME;
        while (next == SAME && core.hasHeld() && !core.isSuspended()) {
            Object m = core.nextHeld();
            next = deliver(context, m);
            if (Behavior.isUnhandled(next)) {
                unhandled(context, m); // Akka would report the sys request instead
                next = SAME;
            }
        }
        return next;
    }

    /** Hands one user message (a cast unwrapped) to the wrapped behaviour: untraced (one check), or traced. */
    private Behavior<Object> deliver(TypedActorContext<Object> context, Object msg) {
        ProcessTracer t = core.tracer();
        if (t == null) {
            return deliverNow(context, msg);
        }
        Object user = ProcessTracer.userMessage(msg);
        if (!t.timesHandlers() || !t.wantsHandled(user)) {
            return deliverNow(context, msg);
        }
        long start = System.nanoTime();
        Behavior<Object> next = deliverNow(context, msg);
        t.handled(ProcessTracer.handledKind(msg), user, null, System.nanoTime() - start, null, false);
        return next;
    }

    @SuppressWarnings("unchecked")
    private Behavior<Object> deliverNow(TypedActorContext<Object> context, Object msg) {
        boolean cast = msg instanceof Messages.Cast;
        Object user = cast ? ((Messages.Cast) msg).message() : msg;
        core.event(cast ? "cast" : "info", user);
        long token = core.beginHandler(user);
        Behavior<T> current = behavior;
        Behavior<T> next;
        try {
            // an extensible behaviour (what most handlers are) is called directly: this call site then
            // sees the application's behaviour classes only, and the JIT can inline them
            next = current instanceof ExtensibleBehavior<T> e
                    ? e.receive(typed(context), (T) user)
                    : Behavior.interpretMessage(current, typed(context), (T) user);
        } catch (Throwable t) {
            return crash(t, user);
        } finally {
            core.endHandler(token);
        }
        return follow(next, context, user);
    }

    // ------------------------------------------------------------------ signals

    @Override
    public Behavior<Object> receiveSignal(TypedActorContext<Object> context, Signal signal) {
        if (signal == PostStop.instance()) {
            return onPostStop(context);
        }
        boolean counted = !(signal instanceof PreRestart); // the others came through the mailbox
        long token = counted ? core.beginHandler(signal) : -1;
        Behavior<T> next;
        try {
            next = Behavior.interpretSignal(behavior, typed(context), signal);
        } catch (Throwable t) {
            return crash(t, signal); // a DeathPactException for an unhandled Terminated among them
        } finally {
            if (counted) {
                core.endHandler(token);
            }
        }
        return follow(next, context, signal);
    }

    private Behavior<Object> onPostStop(TypedActorContext<Object> context) {
        try {
            if (!core.isInitializing() && Behavior.isAlive(behavior)) { // started: never start it now
                Behavior.interpretSignal(behavior, typed(context), PostStop.instance());
            }
        } catch (Throwable t) {
            finish(stopReason(t), PostStop.instance());
            throw UserCode.forAkka(t); // Akka logs it; the actor is stopping anyway
        }
        finish(stopReason(null), CrashLog.NO_MESSAGE);
        return SAME;
    }

    /**
     * Why the process stops at PostStop, if it has not finished yet (the behaviour returned stopped
     * or failed, or threw, or got an exit signal: it finished then): a kill, else its PostStop
     * handler's throw, else {@code shutdown} (stopped from outside: by its parent, or its node).
     */
    private ExitReason stopReason(Throwable postStopFailure) {
        ExitReason killed = core.killRequested();
        if (killed != null) {
            return killed;
        }
        return postStopFailure != null ? ExitReason.exception(postStopFailure) : ExitReason.SHUTDOWN;
    }

    // ------------------------------------------------------------------ results

    /**
     * Follows what the wrapped behaviour returned: {@code same} stays {@code same} (so Akka allocates
     * nothing), {@code unhandled} goes to Akka, a new behaviour replaces the current one (started first
     * if it is deferred, as Akka does), {@code stopped} and Akka's failed behaviour go to Akka, which
     * stops the actor and then delivers PostStop here. The process finishes at once, as a GenServer
     * does: {@code normal} for stopped, the cause for a failed behaviour (as a throw would be).
     */
    private Behavior<Object> follow(Behavior<T> next, TypedActorContext<Object> context, Object message) {
        if (next == (Object) SAME) {
            return SAME;
        }
        if (next == null) {
            return crash(new IllegalStateException(behavior + " returned null instead of a behavior"), message);
        }
        if (Behavior.isUnhandled(next)) {
            return untyped(next);
        }
        if (!Behavior.isAlive(next)) {
            Throwable cause = AkkaInternals.failureCause(next);
            finish(cause != null ? ExitReason.exception(cause) : ExitReason.NORMAL, message);
            return untyped(next);
        }
        Behavior<T> started;
        try {
            started = Behavior.start(next, typed(context));
        } catch (Throwable t) {
            return crash(t, message);
        }
        if (started != next) {
            return follow(started, context, message); // a setup may return same, stopped... like any handler
        }
        behavior = started;
        return SAME;
    }

    /**
     * A throw from the wrapped behaviour while handling {@code message}: the process exits with it
     * (writing its crash report); then Akka gets it (the parent sees it), or, at the top of the node,
     * the process stops, as the stop supervisor Akka puts around a top-level typed actor would do — the
     * crash report is the one log entry of the failure. A fatal error always goes to Akka.
     */
    private Behavior<Object> crash(Throwable t, Object message) {
        finish(ExitReason.exception(t), message);
        if (!core.isTopLevel() || UserCode.isFatal(t)) {
            throw UserCode.forAkka(t);
        }
        return Behaviors.stopped();
    }

    /** The process exits with {@code reason}, after its crash report if the reason calls for one. */
    private void finish(ExitReason reason, Object message) {
        if (!core.exit(reason, message, this)) {
            return;
        }
        core.failHeld(reason);
        core.answerStart(new InitResult.Failed(reason));
    }

    private static void unhandled(TypedActorContext<Object> context, Object message) {
        akka.actor.ActorRef self = Adapter.toClassic(context.asJava().getSelf());
        Adapter.toClassic(context.asJava().getSystem()).eventStream()
                .publish(new UnhandledMessage(message, akka.actor.ActorRef.noSender(), self));
    }

    @SuppressWarnings("unchecked")
    private static <T> TypedActorContext<T> typed(TypedActorContext<Object> context) {
        return (TypedActorContext<T>) (TypedActorContext<?>) context;
    }

    @SuppressWarnings("unchecked")
    private static Behavior<Object> untyped(Behavior<?> behavior) {
        return (Behavior<Object>) behavior;
    }

    // ------------------------------------------------------------------ sys

    @Override
    public Object state() {
        throw new UnsupportedSysRequestException(stateNote());
    }

    @Override
    public Object formattedState() {
        return null;
    }

    @Override
    public Object replaceState(Function<Object, Object> fn) {
        throw new UnsupportedSysRequestException(stateNote());
    }

    /** {@code sys:terminate}: the process exits with {@code reason}; the behaviour then gets PostStop. */
    @Override
    public ExitReason terminate(ExitReason reason) {
        core.event("system", "terminate " + reason);
        finish(reason, CrashLog.NO_MESSAGE);
        return reason;
    }

    @Override
    public String stateNote() {
        return core + " is a plain Akka behaviour (" + core.initialCall() + "): its state lives in the"
                + " behaviour's closures, which Medic cannot read or replace. Write it as a GenServer to make"
                + " its state inspectable.";
    }

    @Override
    public String toString() {
        return "PlainProcess(" + core + ", " + behavior + ")";
    }
}
