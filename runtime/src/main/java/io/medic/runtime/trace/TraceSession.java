package io.medic.runtime.trace;

import io.medic.runtime.Pid;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A running trace session, as {@link Trace#start} returns it: the handle that stops it (recon's tracer
 * process, linked to the shell that started it: when the shell goes, the tracer goes). A session ends
 * on its own when its limit is reached or trips, when its time to live passes or when its consumer falls
 * behind, and always says why with a last {@link TraceEvent.Ended} event. Thread-safe.
 */
public interface TraceSession {

    /** Its id on the node (1, 2 ...). */
    long id();

    /** Who started it ({@link TraceSpec#withOwner}). */
    String owner();

    /** When it started. */
    Instant startedAt();

    /** What it traces. */
    TraceSpec spec();

    /** The processes it selected when it started (those it follows into new processes come on top). */
    List<Pid> processes();

    /** Events accepted so far (those counted against its limit). */
    long events();

    /** True until it ends. */
    boolean isRunning();

    /** Ends it ({@link TraceEndReason#STOPPED}); nothing if it has ended already. */
    void stop();

    /**
     * Ends it for {@code reason} — a consumer's own reasons: {@link TraceEndReason#CLIENT_GONE},
     * {@link TraceEndReason#BUFFER_OVERFLOW}, {@link TraceEndReason#STOPPED}. Nothing if it has ended.
     */
    void stop(TraceEndReason reason);

    /**
     * Completes with its last event once it has been handed to the consumer and the session's hooks are
     * gone from every process.
     */
    CompletionStage<TraceEvent.Ended> ended();
}
