package io.medic.runtime.trace;

import java.time.Duration;
import java.util.Objects;

/**
 * The limit every trace session must have: recon_trace's {@code Max}. Either a number of events, after
 * which the session ends (recon's count tracer), or a rate — at most {@code events} within any
 * {@code period} — whose first excess ends the session (recon's rate tracer trips: it does not drop
 * events silently). The caps of both are {@code medic.trace.max-count} and {@code medic.trace.max-rate}
 * ({@code docs/tracing.md}). Immutable.
 */
public sealed interface TraceLimit permits TraceLimit.Count, TraceLimit.Rate {

    /** At most {@code events} events, then the session ends: {@code recon_trace:calls(Spec, N)}. */
    static TraceLimit count(long events) {
        return new Count(events);
    }

    /**
     * At most {@code events} events within {@code period}; one more within the same period ends the
     * session: {@code recon_trace:calls(Spec, {N, Millis})}.
     */
    static TraceLimit rate(long events, Duration period) {
        return new Rate(events, period);
    }

    /** N events, then the session ends. */
    record Count(long events) implements TraceLimit {
        public Count {
            if (events < 1) {
                throw new IllegalArgumentException("limit.count: bad value " + events + ", expected a positive number of events");
            }
        }

        @Override
        public String toString() {
            return events + " events";
        }
    }

    /**
     * At most {@code events} per {@code period}. The period starts with the first event after the last
     * one ended (recon's rate tracer: a window opened by an event and closed {@code period} later).
     */
    record Rate(long events, Duration period) implements TraceLimit {
        public Rate {
            Objects.requireNonNull(period, "period");
            if (events < 1) {
                throw new IllegalArgumentException("limit.rate: bad value " + events + ", expected a positive number of events");
            }
            if (period.toMillis() < 1) {
                throw new IllegalArgumentException("limit.per_ms: bad value " + period.toMillis()
                        + ", expected a period of at least 1 ms");
            }
        }

        /** Events per second at this rate (the cap {@code medic.trace.max-rate} applies to it). */
        public double perSecond() {
            return events * 1000.0 / period.toMillis();
        }

        @Override
        public String toString() {
            return events + " events per " + period.toMillis() + " ms";
        }
    }
}
