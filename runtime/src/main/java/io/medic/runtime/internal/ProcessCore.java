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
import java.util.ArrayList;
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

    /** What a behaviour provides to answer the sys requests that concern it. */
    public interface SysCallbacks {
        /** The state as {@code sys:get_state} gives it out; a failure is the caller's. */
        Object state();

        /** The state as {@code formatStatus} renders it, for {@code sys:get_status}. */
        Object formattedState();

        /** {@code sys:replace_state}: returns the new state; a failure leaves the state as it was. */
        Object replaceState(Function<Object, Object> fn);

        /** Why the state cannot be shown, or null. */
        String stateNote();

        /**
         * {@code sys:terminate}: the process stops with {@code reason} now (a GenServer runs its
         * terminate); returns the reason it stopped with. The process has exited when this returns.
         */
        ExitReason terminate(ExitReason reason);
    }

    private ActorContext<Object> ctx;

    ProcessCore(long number, NodeServices node, String kind, String initialCall, Pid parent, int restarts,
                boolean sensitive, boolean topLevel, CompletableFuture<InitResult> init) {
        super(number, node, kind, initialCall, parent, restarts, sensitive, topLevel);
        ProcessExtras x = new ProcessExtras();
        x.init = init; // until answered: then dropped (it would stay for the process's life)
        extras(x);
    }

    // ------------------------------------------------------------------ start

    /** Called by the process when it starts: binds its context, its own ref and its mailbox. */
    public void bindContext(ActorContext<Object> ctx) {
        this.ctx = ctx;
        bindOwnRef(ctx.getSelf());
        MailboxQueue q = AkkaInternals.mailboxQueueOf(ctx);
        linkQueue(q);
        if (q != null && node().traces.active()) {
            node().traces.bound(this, q); // trace sessions run: this process's hook
        }
    }

    /**
     * The process's trace hook, read by its dispatch before each message: null unless a trace session
     * concerns it (see {@link ProcessRecord#ownTracer}).
     */
    public ProcessTracer tracer() {
        return ownTracer();
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

    /**
     * Before a handler: accounting and status (see {@link ProcessRecord#enterHandler}). Returns the
     * token to give {@link #endHandler}.
     */
    public long beginHandler(Object message) {
        return enterHandler(message);
    }

    /** After a handler: accounting, and the status the process's phase gives. */
    public void endHandler(long token) {
        leaveHandler(token);
    }

    /** Before init runs; returns the token to give {@link #endInit}. */
    public long beginInit() {
        return enterInit();
    }

    /** After init ran. */
    public void endInit(long token) {
        leaveInit(token);
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

    /**
     * True once after the process resumed or acknowledged its start: the messages it held may be
     * handled now (in order, before the next message from the mailbox).
     */
    public boolean releaseHeld() {
        return takeReleasable() && hasHeld();
    }

    /** Acknowledges the start: the starter's wait ends with {@link InitResult.Started}. */
    public void acked() {
        acknowledged();
        answerStart(new InitResult.Started(this));
    }

    /** Answers the start (once; later answers are ignored) and lets go of the future. */
    public void answerStart(InitResult outcome) {
        ProcessExtras x = extras();
        CompletableFuture<InitResult> f = x == null ? null : x.init;
        if (f != null) {
            x.init = null;
            tidy(x);
            f.complete(outcome);
        }
    }

    /** The reason a kill asked for, if any; read as the process stops. */
    public ExitReason killRequested() {
        return requestedExit();
    }

    /**
     * The process has stopped with {@code reason}: it leaves the table and the registry and its
     * monitors fire. Idempotent; false if it had already exited. Writes no crash report: for what
     * stopped before its code ran (a spawn that failed) or ends without one.
     */
    public boolean exit(ExitReason reason) {
        return markExited(reason);
    }

    /**
     * The process has stopped with {@code reason} while handling {@code lastMessage} (the request of a
     * call, a cast's message...; {@link CrashLog#NO_MESSAGE} outside a handler, {@link CrashLog#IN_INIT}
     * in its init): first, if OTP would write a crash report for that reason ({@link CrashLog#reports}),
     * it writes one, here on its own thread — its state through {@code callbacks} — then it exits as
     * {@link #exit(ExitReason)} does, so that whoever sees it dead finds its report. Idempotent; false
     * if it had already exited.
     */
    public boolean exit(ExitReason reason, Object lastMessage, SysCallbacks callbacks) {
        if (!isAlive()) {
            return false;
        }
        if (CrashLog.reports(reason)) {
            node().crashes.write(this, reason, lastMessage, callbacks);
        }
        return markExited(reason);
    }

    /** Keeps the crash report the process wrote with its record (see {@link ProcessRecord#crashReport}). */
    void keepCrashReport(io.medic.runtime.CrashReport report) {
        extrasForUse().crash = report;
    }

    // ------------------------------------------------------------------ extras

    /** The process's extras, made if it has none. */
    private ProcessExtras extrasForUse() {
        ProcessExtras x = extras();
        if (x == null) {
            x = new ProcessExtras();
            extras(x);
        }
        return x;
    }

    /** Drops the extras once nothing in them is in use. */
    private void tidy(ProcessExtras x) {
        if (x.isEmpty()) {
            extras(null);
        }
    }

    // ------------------------------------------------------------------ held messages

    /** Holds a message back (suspended or initializing); it counts in {@code message_queue_len}. */
    public void hold(Object message) {
        ProcessExtras x = extrasForUse();
        if (x.held == null) {
            x.held = new ArrayDeque<>();
        }
        if (x.held.isEmpty()) {
            x.heldFrom(CountingMessageQueue.stamp(node().clock.nanos()));
        }
        x.held.addLast(message);
        x.publishHeld();
    }

    public boolean hasHeld() {
        ProcessExtras x = extras();
        return x != null && x.held != null && !x.held.isEmpty();
    }

    /** The oldest held message; only when {@link #hasHeld()}. */
    public Object nextHeld() {
        ProcessExtras x = extras();
        Object m = x.held.pollFirst();
        x.publishHeld();
        if (x.held.isEmpty()) {
            x.held = null;
            tidy(x);
        }
        return m;
    }

    /** The process is stopping: requests it held fail with its exit reason. */
    public void failHeld(ExitReason reason) {
        ProcessExtras x = extras();
        if (x == null || x.held == null) {
            return;
        }
        for (Object m : x.held) {
            if (m instanceof Request<?> r) {
                r.fail(new ProcessExitException(this, reason));
            }
        }
        x.held = null;
        x.publishHeld();
        tidy(x);
    }

    // ------------------------------------------------------------------ idle timeout

    /** Arms a GenServer's idle timeout (the previous one, if any, must have been disarmed). */
    public void armIdleTimeout(Messages.IdleTimeout t) {
        extrasForUse().idleTimeout = t;
    }

    /** The idle timeout armed now, or null. */
    public Messages.IdleTimeout armedIdleTimeout() {
        ProcessExtras x = extras();
        return x == null ? null : x.idleTimeout;
    }

    /** Cancels the idle timeout armed now, if any: a message arrived, or the process stops. */
    public void disarmIdleTimeout() {
        ProcessExtras x = extras();
        if (x != null && x.idleTimeout != null) {
            x.idleTimeout.cancel();
            x.idleTimeout = null;
            tidy(x);
        }
    }

    // ------------------------------------------------------------------ calls answered later

    /** Keeps a call answered with noreply, to fail it if the process stops before it is answered. */
    public void keepPending(Call call) {
        ProcessExtras x = extrasForUse();
        if (x.pending == null) {
            x.pending = new ArrayList<>();
            x.pruneAt = 16;
        }
        x.pending.add(call);
        if (x.pending.size() >= x.pruneAt) {
            x.pending.removeIf(Call::isDone);
            x.pruneAt = Math.max(16, x.pending.size() * 2);
        }
    }

    /** The process is stopping: calls it kept unanswered fail with its exit reason. */
    public void failPending(ExitReason reason) {
        ProcessExtras x = extras();
        if (x == null || x.pending == null) {
            return;
        }
        for (Call c : x.pending) {
            c.fail(new ProcessExitException(this, reason));
        }
        x.pending = null;
        tidy(x);
    }

    // ------------------------------------------------------------------ sys

    private SysDebug debug() {
        ProcessExtras x = extrasForUse();
        if (x.debug == null) {
            x.debug = new SysDebug(this);
        }
        return x.debug;
    }

    private SysDebug debugOrNull() {
        ProcessExtras x = extras();
        return x == null ? null : x.debug;
    }

    /** Drops the debug options once none is on. */
    private void tidyDebug() {
        ProcessExtras x = extras();
        if (x != null && x.debug != null && x.debug.idle()) {
            x.debug = null;
            tidy(x);
        }
    }

    /** One sys event (a message in, a reply out...): recorded only while a debug option is on. */
    public void event(String kind, Object message) {
        ProcessExtras x = extras();
        if (x != null && x.debug != null) {
            x.debug.event(kind, message);
            if (x.debug.idle()) { // the last installed function said it was done
                tidyDebug();
            }
        }
    }

    /**
     * Answers a sys request. A failure answers the caller (the callbacks that can fail say so: a
     * replace function as {@code callback_failed}...); only a {@linkplain UserCode#isFatal fatal} error
     * is thrown on, for the behaviour to crash with (its exit then fails this request).
     */
    public void handleSys(SysRequest r, SysCallbacks callbacks) {
        try {
            r.complete(sys(r, callbacks));
        } catch (Throwable e) {
            UserCode.rethrowIfFatal(e);
            r.fail(e);
        }
        tidyDebug();
    }

    private Object sys(SysRequest r, SysCallbacks callbacks) {
        SysDebug debug = debugOrNull();
        switch (r.op) {
            case GET_STATE:
                requireNotSensitive("state");
                return callbacks.state();
            case GET_STATUS:
                return status(callbacks);
            case REPLACE_STATE:
                requireNotSensitive("state");
                @SuppressWarnings("unchecked")
                Function<Object, Object> fn = (Function<Object, Object>) r.arg;
                return callbacks.replaceState(fn);
            case SUSPEND:
                suspend(true);
                return null;
            case RESUME:
                suspend(false);
                return null;
            case TERMINATE:
                r.answerAfterExit(); // answered with the exit reason once the process has exited
                return callbacks.terminate((ExitReason) r.arg);
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
            case INSTALL:
                SysRequest.Install install = (SysRequest.Install) r.arg;
                debug().install(install.id(), install.fn(), install.state());
                return null;
            case REMOVE:
                return debug != null && debug.remove(r.arg);
            case NO_DEBUG:
                ProcessExtras x = extras();
                if (x != null) {
                    x.debug = null;
                    tidy(x);
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

    private SysStatus status(SysCallbacks callbacks) {
        Object state = null;
        String note;
        boolean sensitive = isSensitive();
        if (sensitive) {
            note = "sensitive process: state not shown";
        } else {
            note = callbacks.stateNote();
            if (note == null) {
                state = callbacks.formattedState();
            }
        }
        SysDebug debug = debugOrNull();
        ProcessStatus status = suspended() ? ProcessStatus.SUSPENDED
                : initializing() ? ProcessStatus.INITIALIZING : ProcessStatus.RUNNING;
        return new SysStatus(this, status, kind(), initialCall(), parent().orElse(null),
                parentPath(), nameOrNull(), suspended(),
                debug != null && debug.statisticsEnabled(), debug == null ? 0 : debug.logSize(),
                debug != null && debug.traceEnabled(), debug == null ? java.util.List.of() : debug.installedIds(),
                sensitive, state, note);
    }
}
