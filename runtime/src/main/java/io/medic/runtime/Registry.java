package io.medic.runtime;

import java.util.Map;
import java.util.Optional;

/**
 * Unique local names for processes: {@code erlang:register/2}, {@code whereis/1},
 * {@code unregister/1}, {@code registered/0} (gproc's {@code {n, l, Name}}). A process has at most one
 * name; the name is released automatically when the process stops. Thread-safe.
 *
 * <p>A valid name is 1 to 255 printable characters without whitespace that cannot be confused with the
 * other reference forms: it does not start with {@code <} or {@code /}, is not of the form
 * {@code A.B.C} with numbers, and does not contain {@code ://}.
 */
public interface Registry {

    /** The live process registered under {@code name}. */
    Optional<Pid> whereis(String name);

    /**
     * Registers a live process under a name.
     *
     * @throws AlreadyRegisteredException if the name is held by another live process
     * @throws BadProcessReferenceException if the name is not a valid name
     * @throws NoProcessException if the process has stopped
     * @throws IllegalStateException if the process already has another name
     */
    void register(String name, Pid pid);

    /** Removes a name. Returns false if it was not registered. */
    boolean unregister(String name);

    /**
     * Removes a name only if {@code pid} holds it (atomically: a name another process registered
     * meanwhile is left alone). Returns false if the name was not registered to {@code pid}.
     */
    boolean unregister(String name, Pid pid);

    /** A snapshot of all names and their processes. Cost: O(names). */
    Map<String, Pid> registered();

    /** Checks a name without registering it; throws {@link BadProcessReferenceException} naming the problem. */
    static void validateName(String name) {
        io.medic.runtime.internal.PidForms.validateName(name);
    }
}
