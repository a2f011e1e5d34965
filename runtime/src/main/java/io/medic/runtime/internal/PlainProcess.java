package io.medic.runtime.internal;

import akka.actor.typed.Behavior;
import akka.actor.typed.BehaviorInterceptor;
import akka.actor.typed.PostStop;
import akka.actor.typed.Signal;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.runtime.ExitReason;
import io.medic.runtime.InitResult;
import io.medic.runtime.UnsupportedSysRequestException;
import java.util.function.Function;

/**
 * INTERNAL API
 *
 * <p>The interceptor that makes a plain Akka behaviour a Medic process: accounting, sys requests,
 * suspension, exit signals and exit notification. Failures of the behaviour are recorded as the exit
 * reason and rethrown, so Akka's own semantics (and its parent's supervision) are unchanged.
 *
 * <p>Held messages are released one per delivery: on resume the process sends itself one drain tick per
 * held message, and while messages are held every newly arriving message joins the back of the line.
 * This keeps arrival order without reaching into the wrapped behaviour.
 */
public final class PlainProcess<T> extends BehaviorInterceptor<Object, T> implements ProcessCore.StateAccess {

    /** Releases one held message. */
    private static final class DrainTick {
        @Override
        public String toString() {
            return "DrainTick";
        }
    }

    private static final DrainTick DRAIN = new DrainTick();

    /** {@code Behavior.isDeferred} as the predicate {@code Behavior.existsInStack} takes. */
    private static final scala.Function1<Behavior<Object>, Object> DEFERRED = b -> Behavior.isDeferred(b);

    private final ProcessCore core;
    private boolean finished;
    private boolean selfStopped;
    /**
     * The behaviour Akka's InterceptorImpl around this interceptor wraps now, when known (null when
     * not). Every change of it passes through this interceptor (start, messages, signals), so a handler
     * that returns this very behaviour can be answered with {@code same}: see {@link #sameIfUnchanged}.
     */
    private Behavior<T> nested;

    private PlainProcess(ProcessCore core) {
        super(Object.class);
        this.core = core;
    }

    public static <T> Behavior<Object> create(Behavior<T> behavior, ProcessCore core) {
        PlainProcess<T> interceptor = new PlainProcess<>(core);
        return Behaviors.intercept(() -> interceptor, behavior);
    }

    @Override
    public Behavior<T> aroundStart(TypedActorContext<Object> context, PreStartTarget<T> target) {
        core.bindContext(context.asJava());
        core.beginInit();
        Behavior<T> started;
        try {
            started = target.start(context);
        } catch (Throwable t) {
            core.endInit();
            finish(ExitReason.exception(t));
            throw sneaky(t);
        }
        if (started != null && !SizeEstimator.isJdk(started.getClass())) {
            core.nameInitialCall(started.getClass().getName());
        }
        core.acked();
        core.endInit();
        if (!Behavior.isAlive(started)) {
            selfStopped = true;
        }
        track(started);
        return started;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Behavior<T> aroundReceive(TypedActorContext<Object> context, Object msg, ReceiveTarget<T> target) {
        if (msg instanceof SysRequest r) {
            core.beginHandler(r);
            try {
                core.handleSys(r, this);
            } finally {
                core.endHandler();
            }
            return Behaviors.same();
        }
        if (msg instanceof Messages.ExitSignal e) {
            finish(e.reason());
            return Behaviors.stopped();
        }
        if (msg instanceof Call c) {
            c.fail(new UnsupportedSysRequestException(core + " is a plain Akka behaviour, not a GenServer:"
                    + " it does not answer calls"));
            return Behaviors.same();
        }
        Object taken = msg; // held as it came (a Cast stays wrapped), so its sys event kind is known
        if (msg == DRAIN) {
            core.heldStandInTaken();
            if (core.isSuspended() || !core.hasHeld()) {
                return Behaviors.same(); // suspended again: the message this tick stood for waits on
            }
            taken = core.nextHeld();
        } else if (core.isSuspended()) {
            core.hold(msg);
            return Behaviors.same();
        } else if (core.hasHeld()) {
            core.hold(msg);
            taken = core.nextHeld();
        }
        boolean cast = taken instanceof Messages.Cast;
        Object user = cast ? ((Messages.Cast) taken).message() : taken;
        core.event(cast ? "cast" : "info", user);
        core.beginHandler(user);
        try {
            Behavior<T> next = target.apply(context, (T) user);
            if (!Behavior.isAlive(next)) {
                selfStopped = true;
            }
            return sameIfUnchanged(next);
        } catch (Throwable t) {
            finish(ExitReason.exception(t));
            throw sneaky(t);
        } finally {
            core.endHandler();
        }
    }

    @Override
    public Behavior<T> aroundSignal(TypedActorContext<Object> context, Signal signal, SignalTarget<T> target) {
        if (signal == PostStop.instance()) {
            try {
                return target.apply(context, signal);
            } finally {
                if (!finished) {
                    ExitReason requested = core.killRequested();
                    finish(requested != null ? requested : selfStopped ? ExitReason.NORMAL : ExitReason.SHUTDOWN);
                }
            }
        }
        return sameIfUnchanged(target.apply(context, signal));
    }

    /**
     * {@code same} if the wrapped behaviour returned itself (an {@code AbstractBehavior} returning
     * {@code this}), else {@code next}. Akka treats both alike, but for any behaviour object it is handed
     * back, the InterceptorImpl around this interceptor allocates a new InterceptorImpl (88 bytes) and
     * searches the behaviour stack for duplicates — on every message.
     */
    private Behavior<T> sameIfUnchanged(Behavior<T> next) {
        if (next == nested && next != null) {
            return Behaviors.same();
        }
        track(next);
        return next;
    }

    /**
     * Records the behaviour Akka will wrap after {@code next}: unchanged for same and unhandled; else
     * {@code Behavior.start(next)}, which is {@code next} itself unless something in its stack is still
     * deferred. Akka starts what a handler returns before handing it back (so that never happens today);
     * should it, the wrapped behaviour is unknown (null) until the next change.
     */
    @SuppressWarnings("unchecked")
    private void track(Behavior<T> next) {
        if (next == null || next == Behaviors.<T>same() || Behavior.isUnhandled(next)) {
            return;
        }
        if (!Behavior.isAlive(next)) {
            nested = null;
            return;
        }
        boolean deferred = Behavior.existsInStack((Behavior<Object>) next, DEFERRED);
        nested = deferred ? null : next;
    }

    private void finish(ExitReason reason) {
        if (finished) {
            return;
        }
        finished = true;
        core.exit(reason);
        core.failHeld(reason);
        core.answerStart(new InitResult.Failed(reason));
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

    @Override
    public String stateNote() {
        return core + " is a plain Akka behaviour (" + core.initialCall() + "): its state lives in the"
                + " behaviour's closures, which Medic cannot read or replace. Write it as a GenServer to make"
                + " its state inspectable.";
    }

    @Override
    public void released() {
        int needed = core.heldCount() - core.heldStandIns();
        for (int i = 0; i < needed; i++) {
            core.context().getSelf().tell(DRAIN);
        }
        core.heldStandInsSent(Math.max(0, needed));
    }

    @Override
    public boolean isSame(BehaviorInterceptor<Object, Object> other) {
        return other == (Object) this;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
