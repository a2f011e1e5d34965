package io.medic.runtime.internal;

import akka.actor.ActorCell;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.dispatch.MessageQueue;
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
 * <p>A Medic process, whatever its behaviour: its pid and table record (inherited), and what only the
 * process itself uses — its held-back messages (while suspended or initializing), the answer to its
 * start, its sys debug options and the handling of sys requests. Pid, record and core are one object:
 * an idle process is that much smaller. The members declared here are used on the process's own
 * thread only.
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
    public ActorContext<Object> ctx;
    private ArrayDeque<Object> held;
    private int heldStandIns;
    public boolean suspended;
    /** Deferred init ack: calls and casts wait until the process acks its start. */
    public boolean initializing = true;
    private SysDebug debug;

    ProcessCore(long number, NodeServices node, String kind, String initialCall, Pid parent, int restarts,
                CompletableFuture<InitResult> init) {
        super(number, node, kind, initialCall, parent, restarts);
        this.init = init;
    }

    /** Called by the process when it starts: binds its context, its own ref and its mailbox. */
    public void bindContext(ActorContext<Object> ctx) {
        this.ctx = ctx;
        bind(ctx.getSelf());
        linkQueue(queueOf(ctx));
    }

    /** The status the process shows when not in a handler. */
    public int idleStatus() {
        if (suspended) {
            return ProcessRecord.S_SUSPENDED;
        }
        return initializing ? ProcessRecord.S_INITIALIZING : ProcessRecord.S_WAITING;
    }

    // ------------------------------------------------------------------ held messages

    public void hold(Object message) {
        if (held == null) {
            held = new ArrayDeque<>();
        }
        held.addLast(message);
        publishHeld();
    }

    public boolean hasHeld() {
        return held != null && !held.isEmpty();
    }

    public int heldCount() {
        return held == null ? 0 : held.size();
    }

    public Object nextHeld() {
        Object m = held.pollFirst();
        publishHeld();
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
        publishHeld();
    }

    public void heldStandInTaken() {
        heldStandIns--;
        publishHeld();
    }

    private void publishHeld() {
        setHeld(Math.max(0, heldCount() - heldStandIns));
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
        publishHeld();
    }

    // ------------------------------------------------------------------ init ack

    public void acked() {
        initializing = false;
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
                suspended = true;
                return null;
            case RESUME:
                if (suspended) {
                    suspended = false;
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
        if (sensitive) {
            throw new SensitiveProcessException(this, what);
        }
    }

    private SysStatus status(StateAccess access) {
        Object state = null;
        String note;
        if (sensitive) {
            note = "sensitive process: state not shown";
        } else {
            note = access.stateNote();
            if (note == null) {
                state = access.formattedState();
            }
        }
        ProcessStatus status = suspended ? ProcessStatus.SUSPENDED
                : initializing ? ProcessStatus.INITIALIZING : ProcessStatus.RUNNING;
        return new SysStatus(this, status, kind(), initialCall(), parent().orElse(null),
                parentPath(), registeredName, suspended,
                debug != null && debug.statisticsEnabled(), debug == null ? 0 : debug.logSize(),
                debug != null && debug.traceEnabled(), sensitive, state, note);
    }

    // ------------------------------------------------------------------ mailbox link

    /** The counting queue behind this actor's mailbox, found through its classic ActorCell. */
    private static CountingMessageQueue queueOf(ActorContext<?> ctx) {
        akka.actor.ActorContext classic = Adapter.toClassic(ctx);
        if (classic instanceof ActorCell cell) {
            MessageQueue q = cell.mailbox().messageQueue();
            if (q instanceof CountingMessageQueue c) {
                return c;
            }
        }
        return null;
    }
}
