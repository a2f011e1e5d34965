package io.medic.runtime;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A request was refused at once, without being run, because something in front of it sheds load: an
 * open circuit breaker, a full valve. The error code is {@code overloaded}: the {@code {error,
 * overloaded}} of load-regulation libraries (fuse's {@code blown}, safetyvalve's {@code queue_full},
 * jobs' {@code rejected}). Nothing was sent to the target, so retrying later is safe.
 *
 * <p>Its message names what refused the request and why, for example
 * {@code breaker "payments" is open: calls fail fast for another 1234 ms}. {@link #source()} and
 * {@link #reason()} carry the same as values; {@link #retryAfter()} says when trying again may succeed,
 * when that is known (an open breaker knows when it will let a trial call through).
 *
 * <p>It carries no stack trace: it is made at the rate requests are refused, which under overload is
 * high, and where it was made says nothing that its message does not.
 */
public final class OverloadedException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final String source;
    private final String reason;
    private final Duration retryAfter;

    /**
     * @param source     what refused the request, e.g. {@code breaker "payments"}
     * @param reason     why, as a short Erlang-style word: {@code open}, {@code half_open}, {@code queue_full}
     * @param message    the whole message, naming the source and the reason
     * @param retryAfter when trying again may succeed, or null if unknown
     */
    public OverloadedException(String source, String reason, String message, Duration retryAfter) {
        super(Objects.requireNonNull(message, "message"));
        this.source = Objects.requireNonNull(source, "source");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryAfter = retryAfter;
    }

    /** No stack trace: see the class comment. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** What refused the request, e.g. {@code breaker "payments"} or {@code valve "db"}. */
    public String source() {
        return source;
    }

    /** Why: {@code open} and {@code half_open} (a breaker), {@code queue_full} (a valve). */
    public String reason() {
        return reason;
    }

    /** How long until trying again may succeed, if known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    @Override public String code() { return "overloaded"; }
}
