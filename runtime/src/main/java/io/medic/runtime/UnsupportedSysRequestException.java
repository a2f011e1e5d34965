package io.medic.runtime;

/**
 * The process cannot honestly answer this sys request: a plain Akka behaviour keeps its state in
 * closures Medic cannot read or replace.
 */
public final class UnsupportedSysRequestException extends MedicException {
    private static final long serialVersionUID = 1L;

    public UnsupportedSysRequestException(String message) {
        super(message);
    }

    @Override public String code() { return "not_supported"; }
}
