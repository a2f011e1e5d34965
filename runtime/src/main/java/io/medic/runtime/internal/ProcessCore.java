package io.medic.runtime.internal;

import akka.actor.typed.javadsl.ActorContext;
import io.medic.runtime.ExitReason;
import io.medic.runtime.InitResult;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessExitException;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.SensitiveProcessException;
import io.medic.runtime.SysStatus;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * INTERNAL API
 *
 * <p>A Medic process as its own behaviour sees it: its record (inherited) and what only the process
 * itself does — account its handlers, change its phase (acknowledge its start, suspend, resume), hold
 * messages back while suspended or initializing, answer its start, keep its sys debug options and
 * answer sys requests, and exit.
 *
 * <p><b>Single writer.</b> Every method here is for the process's own thread, and only the process's
 * behaviour holds its core: {@link NodeServices#spawn} creates it and hands it to the behaviour's
 * factory, and nothing else gives a {@code ProcessCore} out ({@link ProcessRecord#of} gives the
 * record). The fields declared here are plain: the process is their only reader and writer, and
 * Akka orders an actor's messages (each is handled after the previous one, with a happens-before edge
 * between them, whatever thread runs it).
 */
public final class ProcessCore extends ProcessRecord {

    /** What a behaviour must provide to answer sys requests about its state. */
    public interface StateAccess {
        /** The raw state ({@code sys:get_state}). */
        Object state();

        /** The state as {@code formatStatus} renders it. */
        Object formattedState();

        /** {@code sys:replace_state}: returns the new state. */
        Object replaceState(Function<Object, Object> fn);

        /** Why the state cannot be shown, or null. */
        String stateNote();

        /** The process left suspension or initialization: held messages may be handled again. */
        void released();
    }

    /** The start's outcome, until it is answered: then dropped (it would stay for the process's life). */
    private CompletableFuture<InitResult> init;
    private ActorContext<Object> ctx;
    private ArrayDeque<Object> held;
    private int heldStandIns;
    private SysDebug debug;

    ProcessCore(long number, NodeServices node, String kind, String initialCall, Pid parent, int restarts,
                boolean sensitive, CompletableFuture<InitResult> init) {
        super(number, node, kind, initialCall, parent, restarts, sensitive);
        this.init = init;
    }

    // ------------------------------------------------------------------ start

    /** Called by the process when it starts: binds its context, its own ref and its mailbox. */
    public void bindContext(ActorContext<Object> ctx) {
        this.ctx = ctx;
        bindOwnRef(ctx.getSelf());
        linkQueue(AkkaInternals.countingQueueOf(ctx));
    }

    /** The process's Akka context; only valid on its own thread, once started. */
    public ActorContext<Object> context() {
        return ctx;
    }

    /** A plain behaviour names its real class once started (its spawn only saw a setup wrapper). */
    public void nameInitialCall(String name) {
        refineInitialCall(name);
    }

    /** {@code process_flag(sensitive, Flag)}. */
    public void setSensitive(boolean on) {
        markSensitive(on);
    }

    // ------------------------------------------------------------------ handlers

    /** Before a handler: accounting and status (see {@link ProcessRecord#enterHandler}). */
    public void beginHandler(Object message) {
        enterHandler(message);
    }

    /** After a handler: accounting, and the status the process's phase gives. */
    public void endHandler() {
        leaveHandler();
    }

    /** Before init runs. */
    public void beginInit() {
        enterInit();
    }

    /** After init ran. */
    public void endInit() {
        leaveInit();
    }

    /** See {@link ProcessRecord#refreshMemory}. */
    public void maybeRefreshMemory(Object state) {
        refreshMemory(state);
    }

    // ------------------------------------------------------------------ phase

    /** Until the start is acknowledged: calls and casts are held. */
    public boolean isInitializing() {
        return initializing();
    }

    /** Suspended by {@code sys:suspend}. */
    public boolean isSuspended() {
        return suspended();
    }

    /** Neither suspended nor initializing: calls and casts may be handled now. */
    public boolean isHolding() {
        return suspended() || initializing();
    }

    /** Acknowledges the start: the starter's wait ends with {@link InitResult.Started}. */
    public void acked() {
        acknowledged();
        answerStart(new InitResult.Started(this));
    }

    /** Answers the start (once; later answers are ignored) and lets go of the future. */
    public void answerStart(InitResult outcome) {
        CompletableFuture<InitResult> f = init;
        if (f != null) {
            init = null;
            f.complete(outcome);
        }
    }

    /** The reason a kill asked for, if any; read as the process stops. */
    public ExitReason killRequested() {
        return requestedExit();
    }

    /**
     * The process has stopped with {@code reason}: it leaves the table and the registry and its
     * monitors fire. Idempotent; false if it had already exited.
     */
    public boolean exit(ExitReason reason) {
        return markExited(reason);
    }

    // ------------------------------------------------------------------ held messages

    public void hold(Object message) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.addLast(message);
        publishHeldCount();
    }

    public boolean hasHeld() {
        return held != null && !held.isEmpty();
    }

    public int heldCount() {
        return held == null ? 0 : held.size();
    }

    public Object nextHeld() {
        Object m = held.pollFirst();
        publishHeldCount();
        return m;
    }

    /**
     * Messages sent to the process's own mailbox, each standing for one held message (a plain
     * behaviour's drain ticks): the mailbox already counts them, so {@code message_queue_len} leaves
     * that many held messages out and counts every waiting message once.
     */
    public int heldStandIns() {
        return heldStandIns;
    }

    public void heldStandInsSent(int n) {
        heldStandIns += n;
        publishHeldCount();
    }

    public void heldStandInTaken() {
        heldStandIns--;
        publishHeldCount();
    }

    private void publishHeldCount() {
        publishHeld(Math.max(0, heldCount() - heldStandIns));
    }

    /** The process is stopping: requests it held fail with its exit reason. */
    public void failHeld(ExitReason reason) {
        if (held == null) {
            return;
        }
        for (Object m : held) {
            if (m instanceof Request<?> r) {
                r.fail(new ProcessExitException(this, reason));
            }
        }
        held.clear();
        publishHeldCount();
    }

    // ------------------------------------------------------------------ sys

    private SysDebug debug() {
        if (debug == null) {
            debug = new SysDebug(this);
        }
        return debug;
    }

    public void event(String kind, Object message) {
        if (debug != null) {
            debug.event(kind, message);
        }
    }

    public void handleSys(SysRequest r, StateAccess access) {
        try {
            r.complete(sys(r, access));
        } catch (RuntimeException e) {
            r.fail(e);
        }
        if (debug != null && debug.idle()) {
            debug = null;
        }
    }

    private Object sys(SysRequest r, StateAccess access) {
        switch (r.op) {
            case GET_STATE:
                requireNotSensitive("state");
                return access.state();
            case GET_STATUS:
                return status(access);
            case REPLACE_STATE:
                requireNotSensitive("state");
                @SuppressWarnings("unchecked")
                Function<Object, Object> fn = (Function<Object, Object>) r.arg;
                return access.replaceState(fn);
            case SUSPEND:
                suspend(true);
                return null;
            case RESUME:
                if (suspended()) {
                    suspend(false);
                    access.released();
                }
                return null;
            case STATISTICS_ON:
                debug().statisticsOn();
                return null;
            case STATISTICS_OFF:
                if (debug != null) {
                    debug.statisticsOff();
                }
                return null;
            case STATISTICS_GET:
                return debug == null ? null : debug.statistics();
            case LOG_ON:
                debug().logOn((Integer) r.arg);
                return null;
            case LOG_OFF:
                if (debug != null) {
                    debug.logOff();
                }
                return null;
            case LOG_GET:
                requireNotSensitive("log");
                return debug == null ? java.util.List.of() : debug.log();
            case TRACE_ON:
                debug().traceOn(true);
                return null;
            case TRACE_OFF:
                if (debug != null) {
                    debug.traceOn(false);
                }
                return null;
            default:
                throw new IllegalStateException("unknown sys op " + r.op);
        }
    }

    private void requireNotSensitive(String what) {
        if (isSensitive()) {
            throw new SensitiveProcessException(this, what);
        }
    }

    private SysStatus status(StateAccess access) {
        Object state = null;
        String note;
        boolean sensitive = isSensitive();
        if (sensitive) {
            note = "sensitive process: state not shown";
        } else {
            note = access.stateNote();
            if (note == null) {
                state = access.formattedState();
            }
        }
        ProcessStatus status = suspended() ? ProcessStatus.SUSPENDED
                : initializing() ? ProcessStatus.INITIALIZING : ProcessStatus.RUNNING;
        return new SysStatus(this, status, kind(), initialCall(), parent().orElse(null),
                parentPath(), nameOrNull(), suspended(),
                debug != null && debug.statisticsEnabled(), debug == null ? 0 : debug.logSize(),
                debug != null && debug.traceEnabled(), sensitive, state, note);
    }
}
