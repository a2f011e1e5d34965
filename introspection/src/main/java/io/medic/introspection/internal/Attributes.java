package io.medic.introspection.internal;

import io.medic.runtime.ProcessAttribute;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * INTERNAL API
 *
 * <p>The names of the process attributes on the wire ({@code sort=}, {@code attr=} and the
 * {@code attribute} of an answer), by Medic's JSON naming rule: snake_case, with the unit in the name.
 * recon's own names stay accepted where the rule renamed one ({@code memory}, now
 * {@code memory_bytes}), because they are the words Erlang users type. Stateless.
 */
final class Attributes {
    private Attributes() {
    }

    /** The name of {@code a} in answers and parameters: {@code memory_bytes}, {@code reductions} ... */
    static String wireName(ProcessAttribute a) {
        return a == ProcessAttribute.MEMORY ? "memory_bytes" : a.wireName();
    }

    /** The attribute {@code name} names: its wire name or recon's name (case-insensitive, blanks ignored). */
    static Optional<ProcessAttribute> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ProcessAttribute a : ProcessAttribute.values()) {
            if (wireName(a).equals(n)) {
                return Optional.of(a);
            }
        }
        return ProcessAttribute.parse(n); // recon's names: memory
    }

    /** The accepted names, comma separated, for error messages. */
    static String wireNames() {
        return Arrays.stream(ProcessAttribute.values()).map(Attributes::wireName).collect(Collectors.joining(", "))
                + " (or recon's memory for memory_bytes)";
    }
}
