package io.medic.runtime;

/**
 * The name is taken by another live process: {@code {error, {already_started, Pid}}} from a start
 * with a name, or the {@code badarg} of {@code erlang:register/2}.
 */
public final class AlreadyRegisteredException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final transient Pid holder;

    public AlreadyRegisteredException(String name, Pid holder) {
        super("name '" + name + "' is already registered to " + holder);
        this.name = name;
        this.holder = holder;
    }

    public String name() {
        return name;
    }

    /** The live process that holds the name. */
    public Pid holder() {
        return holder;
    }

    @Override public String code() { return "already_registered"; }
}
