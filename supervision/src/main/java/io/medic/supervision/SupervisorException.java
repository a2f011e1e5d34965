package io.medic.supervision;

import io.medic.runtime.ExitReason;
import io.medic.runtime.MedicException;
import io.medic.runtime.Pid;
import java.util.Locale;

/**
 * An error result of a supervisor operation: the {@code {error, ...}} tuples of {@code supervisor}'s
 * dynamic-children functions, with a message naming the child.
 */
public final class SupervisorException extends MedicException {
    private static final long serialVersionUID = 1L;

    /** OTP's error terms. */
    public enum Error {
        /**
         * {@code {already_started, Pid}}: a child with this id is running, or the child's registered
         * name is held by {@link #pid()}.
         */
        ALREADY_STARTED,
        /** {@code already_present}: the spec exists, without a running child. */
        ALREADY_PRESENT,
        /** {@code running}: the child is running (delete or restart refused). */
        RUNNING,
        /** {@code restarting}: the child is being restarted. */
        RESTARTING,
        /** {@code not_found}: no child with this id (or pid). */
        NOT_FOUND,
        /** {@code simple_one_for_one}: not available on a simple_one_for_one supervisor. */
        SIMPLE_ONE_FOR_ONE,
        /** The child failed to start: see {@link #reason()}. */
        START_FAILED,
        /** The spec is invalid: the message lists every problem. */
        INVALID_SPEC
    }

    private final Error error;
    private final transient Pid pid;
    private final transient ExitReason reason;

    public SupervisorException(Error error, String message, Pid pid, ExitReason reason) {
        super(message, reason instanceof ExitReason.Exception e ? e.cause() : null);
        this.error = error;
        this.pid = pid;
        this.reason = reason;
    }

    public Error error() {
        return error;
    }

    /** The running child (or the holder of the child's name), for {@link Error#ALREADY_STARTED}. */
    public Pid pid() {
        return pid;
    }

    /** The start failure, for {@link Error#START_FAILED}. */
    public ExitReason reason() {
        return reason;
    }

    @Override
    public String code() {
        return error.name().toLowerCase(Locale.ROOT);
    }
}
