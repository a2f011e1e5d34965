package io.medic.runtime.internal;

import io.medic.runtime.ExitReason;
import io.medic.runtime.trace.TraceEventKind;
import java.util.Locale;

/**
 * INTERNAL API
 *
 * <p>The trace hook of one process, set on its mailbox queue while trace sessions run
 * ({@link CountingMessageQueue#tracer()}) and null otherwise, so that an untraced process pays one field
 * read and a branch per message, and per send to it. {@link TraceHub} makes one per process whenever
 * the sessions change: the sessions that select the process (Erlang's trace flags on it) — possibly none,
 * for a <em>bystander</em>: a process no session traces, hooked while a session traces sends, so that a
 * traced process's send to it is seen where it arrives (its sender is {@link Running#current()}).
 *
 * <p>Immutable (final fields: a thread that reads the queue's tracer without a fence sees it whole); its
 * methods run on the threads where the events happen: {@link #enqueued} on the sender's, the others on
 * the process's own.
 */
public final class ProcessTracer {
    private static final TraceSessionImpl[] NONE = {};

    private final ProcessRecord record;
    /** The sessions that trace this process. */
    private final TraceSessionImpl[] sessions;
    /** Some session traces sends: a message sent to this process may be a traced process's send. */
    private final boolean watchSends;
    /** Some session of this process's traces its sends. */
    private final boolean sends;
    /** Some session of this process's traces arrivals. */
    private final boolean receives;
    /** Some session of this process's wants handled calls, casts, infos or states (its handlers are timed). */
    private final boolean handlers;
    /** Some session of this process's wants its state after a handler. */
    private final boolean states;

    ProcessTracer(ProcessRecord record, TraceSessionImpl[] sessions, boolean watchSends) {
        this.record = record;
        this.sessions = sessions.length == 0 ? NONE : sessions;
        this.watchSends = watchSends;
        boolean s = false;
        boolean r = false;
        boolean h = false;
        boolean st = false;
        for (TraceSessionImpl x : sessions) {
            s |= x.wants(TraceEventKind.SEND);
            r |= x.wants(TraceEventKind.RECEIVE);
            h |= x.wants(TraceEventKind.CALL) || x.wants(TraceEventKind.CAST) || x.wants(TraceEventKind.INFO)
                    || x.wants(TraceEventKind.STATE);
            st |= x.wants(TraceEventKind.STATE);
        }
        this.sends = s;
        this.receives = r;
        this.handlers = h;
        this.states = st;
    }

    /** True if a session traces this process (false for a bystander). */
    boolean traced() {
        return sessions.length > 0;
    }

    /** True if {@code session} traces this process. */
    boolean tracedBy(TraceSessionImpl session) {
        for (TraceSessionImpl s : sessions) {
            if (s == session) {
                return true;
            }
        }
        return false;
    }

    // ================================================================== the sender's thread

    /** A message is being put into this process's mailbox, on the sender's thread. */
    void enqueued(Object message) {
        if (!receives && !watchSends) {
            return;
        }
        ProcessRecord from = null;
        boolean known = false;
        if (receives) {
            for (TraceSessionImpl s : sessions) {
                if (s.wantsArrival(message)) {
                    if (!known) {
                        from = Running.current();
                        known = true;
                    }
                    s.received(record, from, message);
                }
            }
        }
        if (watchSends && !known) {
            from = Running.current();
        }
        if (watchSends && from != null) {
            ProcessTracer sender = from.tracerOrNull();
            if (sender != null && sender.sends) {
                for (TraceSessionImpl s : sender.sessions) {
                    s.sent(from, record, message);
                }
            }
        }
    }

    /** A message that was in the mailbox when the hook was set, as the process started: an arrival without its sender. */
    void arrivedEarly(Object message) {
        if (receives) {
            for (TraceSessionImpl s : sessions) {
                s.received(record, null, message);
            }
        }
    }

    // ================================================================== the process's own thread

    /** True if a session wants handled events: the handler is timed. */
    public boolean timesHandlers() {
        return handlers;
    }

    /** True if a session of this process's wants {@code message} handled (its filter passes it): time its handler. */
    public boolean wantsHandled(Object message) {
        for (TraceSessionImpl s : sessions) {
            if (s.wantsHandled(message)) {
                return true;
            }
        }
        return false;
    }

    /** True if a session wants the state after a handler. */
    public boolean wantsState() {
        return states;
    }

    /**
     * A user message was handled: {@code kind} is {@code CALL}, {@code CAST} or {@code INFO}; {@code call} is
     * the call when it was one; {@code state} the state after, if {@code hasState}.
     */
    public void handled(TraceEventKind kind, Object message, Request<?> call, long nanos, Object state, boolean hasState) {
        if (!handlers) {
            return;
        }
        for (TraceSessionImpl s : sessions) {
            s.handled(record, kind, message, call, nanos, state, hasState);
        }
    }

    /** The process exits. */
    void exited(ExitReason reason) {
        for (TraceSessionImpl s : sessions) {
            s.exited(record, reason);
        }
    }

    // ================================================================== messages

    /** What a message carries for its receiver: a call's request, a cast's message, else itself. */
    public static Object userMessage(Object raw) {
        if (raw instanceof Messages.Cast c) {
            return c.message();
        }
        if (raw instanceof Call c) {
            return c.request;
        }
        return raw;
    }

    /** The kind of user message {@code raw} is when handled: a call, a cast or an info. */
    public static TraceEventKind handledKind(Object raw) {
        return raw instanceof Call ? TraceEventKind.CALL : raw instanceof Messages.Cast ? TraceEventKind.CAST
                : TraceEventKind.INFO;
    }

    /** A system message's name ({@code sys get_state}, {@code exit_signal}, {@code timeout}), or null for a user message. */
    static String systemName(Object raw) {
        if (raw instanceof SysRequest r) {
            return "sys " + r.op.name().toLowerCase(Locale.ROOT);
        }
        if (raw instanceof Messages.ExitSignal e) {
            return "exit_signal " + Render.bounded(e.reason(), 200) + (e.from() == null ? "" : " from " + e.from());
        }
        if (raw instanceof Messages.IdleTimeout) {
            return "timeout";
        }
        return null;
    }
}
