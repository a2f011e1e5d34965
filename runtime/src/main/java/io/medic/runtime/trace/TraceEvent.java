package io.medic.runtime.trace;

import io.medic.runtime.Pid;
import java.time.Instant;
import java.util.List;

/**
 * One event of a trace session — the trace messages Erlang's tracer receives ({@code {trace, Pid,
 * 'receive', Msg}}, {@code {trace, Pid, send, Msg, To}}, {@code {trace, Pid, exit, Reason}}, recon's
 * {@code return_from} ...), as typed records. A session's events come in order of {@link #seq()}: first
 * {@link Started}, last {@link Ended}.
 *
 * <p>Messages, replies and states are given as the session's renderer made them, on the traced
 * process's thread when the event happened ({@link TraceSpec#withRenderer}; by default {@code toString}
 * cut at {@code medic.sys.event-max-chars}). A message to or from a sensitive process, and a sensitive
 * process's state, are never rendered: the event says {@code redacted} and carries only the type.
 */
public sealed interface TraceEvent {

    /** The session's id. */
    long session();

    /** The event's number within its session: 0 for {@link Started}, then 1, 2 ... */
    long seq();

    /** When it happened (the wall clock). */
    Instant at();

    /** {@code start}, {@code receive}, {@code call}, {@code cast}, {@code info}, {@code send}, {@code exit}, {@code restart}, {@code state} or {@code end}. */
    String kind();

    /**
     * The session started: the processes it named (by pid or name), what it follows into other processes
     * (scopes, names into their restarts, globs, classes), and the time to live it got.
     */
    record Started(long session, long seq, Instant at, String owner, List<Pid> processes, List<String> follows,
                   TraceSpec spec, java.time.Duration ttl) implements TraceEvent {
        public Started {
            processes = List.copyOf(processes);
            follows = List.copyOf(follows);
        }

        @Override
        public String kind() {
            return "start";
        }
    }

    /**
     * A message arrived in {@code pid}'s mailbox ({@code 'receive'}), sent by {@code from} — the Medic process
     * whose handler sent it, or null when it came from elsewhere (a thread that is no Medic handler, a timer,
     * a plain Akka actor). A call's request and a cast's message are given unwrapped; a system message
     * ({@code sys} request, exit signal, idle timeout) is named by its kind ({@code sys get_state},
     * {@code exit_signal}, {@code timeout}).
     */
    record Received(long session, long seq, Instant at, Pid pid, String name, Pid from, String fromName,
                    String messageType, Object message, boolean redacted) implements TraceEvent {
        @Override
        public String kind() {
            return "receive";
        }
    }

    /**
     * A call, cast or info handled ({@code kind}), with the handler's time and its outcome — recon's
     * {@code return_trace}: {@code reply} (the call was answered by the time the handler returned; the
     * reply is given), {@code noreply} (not answered yet, or a cast or info handled), or {@code stop} (the
     * process stopped in or after the handler: see its {@link Exited} event).
     */
    record Handled(long session, long seq, Instant at, String kind, Pid pid, String name, String messageType,
                   Object message, String outcome, Object reply, long durationNanos, boolean redacted)
            implements TraceEvent {
    }

    /** A message {@code pid} sent from a handler to the Medic process {@code to} (Erlang's {@code send}). */
    record Sent(long session, long seq, Instant at, Pid pid, String name, Pid to, String toName, String messageType,
                Object message, boolean redacted) implements TraceEvent {
        @Override
        public String kind() {
            return "send";
        }
    }

    /** The process exited with {@code reason}; {@code abnormal} for a crash, a kill or a custom reason. */
    record Exited(long session, long seq, Instant at, Pid pid, String name, String reason, boolean abnormal)
            implements TraceEvent {
        @Override
        public String kind() {
            return "exit";
        }
    }

    /**
     * A supervisor started {@code pid} as the {@code restarts}-th restart of one of its children (a new
     * incarnation, under a name or class the session follows).
     */
    record Restarted(long session, long seq, Instant at, Pid pid, String name, int restarts, Pid supervisor)
            implements TraceEvent {
        @Override
        public String kind() {
            return "restart";
        }
    }

    /** A GenServer's state after it handled a call, cast or info. */
    record StateAfter(long session, long seq, Instant at, Pid pid, String name, String stateType, Object state,
                      boolean redacted) implements TraceEvent {
        @Override
        public String kind() {
            return "state";
        }
    }

    /** The session ended: why, in a sentence, and how many events it had delivered before. */
    record Ended(long session, long seq, Instant at, TraceEndReason reason, String message, long events)
            implements TraceEvent {
        @Override
        public String kind() {
            return "end";
        }
    }
}
