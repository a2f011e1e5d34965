package io.medic.supervision;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a supervisor's {@code init/1} returns: {@code {ok, {SupFlags, [ChildSpec]}}}. Immutable.
 *
 * @param flags    strategy and restart intensity
 * @param children the child specs, in start order
 */
public record SupervisorSpec(SupervisorFlags flags, List<ChildSpec> children) {

    public SupervisorSpec {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(children, "children");
        children = List.copyOf(children);
    }

    public static SupervisorSpec of(SupervisorFlags flags, ChildSpec... children) {
        return new SupervisorSpec(flags, List.of(children));
    }

    public static SupervisorSpec of(SupervisorFlags flags, List<ChildSpec> children) {
        return new SupervisorSpec(flags, children);
    }

    /**
     * Every problem with the flags and the specs (empty if none): each spec's own checks under the
     * flags' auto_shutdown, duplicate ids (naming the id), and for {@code simple_one_for_one} exactly one
     * spec.
     */
    public List<String> check() {
        List<String> errors = new ArrayList<>(flags.check());
        errors.addAll(checkChildSpecs(children, flags.autoShutdown()));
        if (flags.strategy() == Strategy.SIMPLE_ONE_FOR_ONE && children.size() != 1) {
            errors.add("children: bad value of " + children.size() + " child specs, expected exactly one for"
                    + " SIMPLE_ONE_FOR_ONE (the template of its dynamic children)");
        }
        return errors;
    }

    /** {@code supervisor:check_childspecs/1}: every problem with the specs, including duplicate ids. */
    public static List<String> checkChildSpecs(List<ChildSpec> specs) {
        return checkChildSpecs(specs, null);
    }

    /**
     * {@code supervisor:check_childspecs/2}: as {@link #checkChildSpecs(List)}, and whether the specs are
     * allowed under {@code autoShutdown} (null: not checked).
     */
    public static List<String> checkChildSpecs(List<ChildSpec> specs, AutoShutdown autoShutdown) {
        List<String> errors = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) {
            ChildSpec s = specs.get(i);
            if (s == null) {
                errors.add("children[" + i + "]: bad value null, expected a ChildSpec");
                continue;
            }
            errors.addAll(s.check(autoShutdown));
            if (s.id() != null && !ids.add(s.id())) {
                errors.add("child '" + s.id() + "': id: duplicate id '" + s.id() + "', expected ids unique within a supervisor");
            }
        }
        return errors;
    }
}
