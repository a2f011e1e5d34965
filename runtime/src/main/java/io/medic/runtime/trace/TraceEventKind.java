package io.medic.runtime.trace;

import java.util.Locale;

/**
 * What a trace session records about the processes it follows. Each corresponds to an Erlang trace
 * flag or to recon_trace's {@code return_trace}; {@code docs/tracing.md} says what each costs.
 */
public enum TraceEventKind {
    /** A message arrives in the process's mailbox, with its sender where known: Erlang's {@code 'receive'}. */
    RECEIVE,
    /** A call handled: request, reply and the handler's time: {@code handle_call/3} with recon's {@code return_trace}. */
    CALL,
    /** A cast handled, and the handler's time: {@code handle_cast/2} with {@code return_trace}. */
    CAST,
    /** Any other message handled (a plain behaviour's messages, a GenServer's infos), and the handler's time. */
    INFO,
    /** A message the process sends from a handler to a Medic process: Erlang's {@code send}. */
    SEND,
    /** The process exits, with its reason (a crash included): Erlang's {@code procs} {@code exit}. */
    EXIT,
    /** A supervisor restarts the process (a new incarnation starts under a name or class the session follows). */
    RESTART,
    /** The state after each handled call, cast or info (GenServers only). Opt-in: it renders the state. */
    STATE;

    /** The word used in specs and events: {@code receive}, {@code call} ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code word} ({@code receive} ...), or null. */
    public static TraceEventKind ofWord(String word) {
        for (TraceEventKind k : values()) {
            if (k.word().equals(word)) {
                return k;
            }
        }
        return null;
    }
}
