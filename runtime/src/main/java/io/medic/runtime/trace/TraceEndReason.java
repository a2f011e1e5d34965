package io.medic.runtime.trace;

import java.util.Locale;

/**
 * Why a trace session ended. A session always says it: its last event is {@link TraceEvent.Ended}
 * with the reason, as recon says {@code "Recon tracer rate limit tripped."}.
 */
public enum TraceEndReason {
    /** Its count limit was reached (recon's count tracer). */
    COUNT_REACHED,
    /** Its rate limit tripped: one event more than the rate allows within a period (recon's rate tracer). */
    RATE_TRIPPED,
    /** Its time to live passed. */
    TTL_EXPIRED,
    /** Its consumer fell behind and its bounded buffer filled: it ends rather than grow. */
    BUFFER_OVERFLOW,
    /** Its client went away (an HTTP stream closed). */
    CLIENT_GONE,
    /** Its owner stopped it ({@link TraceSession#stop()}). */
    STOPPED,
    /** {@link Trace#clear} ({@code recon_trace:clear/0}) or {@code DELETE /medic/trace}. */
    CLEARED,
    /** Its consumer threw. */
    CONSUMER_FAILED,
    /** The node is stopping. */
    NODE_STOPPED;

    /** The word used in events: {@code count_reached} ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
