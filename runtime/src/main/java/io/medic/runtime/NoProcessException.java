package io.medic.runtime;

/**
 * The target process does not exist (never did, or has stopped): Erlang's {@code noproc}.
 * A call to a dead server fails with this at once, not after its timeout.
 */
public final class NoProcessException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final String target;

    public NoProcessException(String target) {
        super("no such process: " + target);
        this.target = target;
    }

    /** The process reference as it was given (a pid, name or path). */
    public String target() {
        return target;
    }

    @Override public String code() { return "noproc"; }
}
