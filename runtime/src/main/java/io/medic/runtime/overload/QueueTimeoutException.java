package io.medic.runtime.overload;

import io.medic.runtime.MedicException;
import java.time.Duration;

/**
 * A job waited in a {@link Valve}'s queue for the valve's whole {@code maxQueueTime} without getting a
 * slot, and was refused: jobs' {@code {error, timeout}} from a queue's {@code max_time}. The code is
 * {@code timeout}, but unlike a {@link io.medic.runtime.CallTimeoutException} the job <em>never ran</em>
 * (nothing was sent to its target), so retrying it is safe. It carries no stack trace: it is made by
 * the valve's timer, whose stack says nothing about the job.
 */
public final class QueueTimeoutException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final Duration waited;

    public QueueTimeoutException(String source, Duration waited) {
        super("job waited " + waited.toMillis() + " ms in the queue of " + source + " without getting a slot, and was"
                + " not run");
        this.source = source;
        this.waited = waited;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** The valve that refused the job, e.g. {@code valve "db"}. */
    public String source() {
        return source;
    }

    /** How long the job waited: the valve's {@code maxQueueTime}. */
    public Duration waited() {
        return waited;
    }

    @Override public String code() { return "timeout"; }
}
