package io.medic.runtime;

/**
 * A process could not be started: its {@code init} crashed or returned {@code stop}, or it could not
 * be spawned at all. {@code {error, Reason}} from {@code gen_server:start_link}.
 */
public final class StartException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final transient ExitReason reason;

    public StartException(String message, ExitReason reason) {
        super(message, reason instanceof ExitReason.Exception e ? e.cause() : null);
        this.reason = reason;
    }

    public ExitReason reason() {
        return reason;
    }

    @Override public String code() { return "start_failed"; }
}
