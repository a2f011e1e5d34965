package io.medic.runtime;

/**
 * A string given as a process reference is none of the accepted forms ({@code <0.N.0>},
 * {@code 0.N.0}, a registered name, an actor path), or a name given for registration is not a valid
 * name. The message names the bad value and the forms expected.
 */
public final class BadProcessReferenceException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String value;

    public BadProcessReferenceException(String value, String problem) {
        super(problem);
        this.value = value;
    }

    /** The rejected input. */
    public String value() {
        return value;
    }
}
