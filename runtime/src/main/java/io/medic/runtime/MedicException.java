package io.medic.runtime;

/**
 * Base class of the errors Medic's process API reports. Each subclass corresponds to an Erlang error
 * term ({@code noproc}, {@code timeout}, {@code {already_registered, Pid}} ...) and its message names
 * the process and what went wrong.
 */
public abstract class MedicException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected MedicException(String message) {
        super(message);
    }

    protected MedicException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The Erlang-style error code: {@code noproc}, {@code timeout}, {@code exit} ... */
    public abstract String code();
}
