package io.medic.supervision;

import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.Registry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * An OTP application: a named top supervisor with a start type that decides what its termination
 * means for the node (Erlang in Anger 2.2.5, {@code application:start/2}):
 * <ul>
 *   <li>{@link StartType#PERMANENT}: if it terminates, for any reason, the node stops with exit status 1;</li>
 *   <li>{@link StartType#TRANSIENT}: reason {@code normal} is reported only; any other reason stops the node;</li>
 *   <li>{@link StartType#TEMPORARY}: its termination is logged, nothing else happens.</li>
 * </ul>
 * Stopping an application by hand ({@link Applications#stop}) never takes the node down. Start it with
 * {@link Node#start(String, com.typesafe.config.Config, List)} (applications start in order,
 * synchronously, and a failed start fails the node's start) or with {@link Applications#start}.
 * The top supervisor is registered under the application's name. Immutable.
 */
public final class Application implements Node.Component {

    /** What the application's termination means for the node. */
    public enum StartType { PERMANENT, TRANSIENT, TEMPORARY }

    private final String name;
    private final StartType type;
    private final SupervisorSpec topSupervisor;

    private Application(String name, StartType type, SupervisorSpec topSupervisor) {
        this.name = name;
        this.type = type;
        this.topSupervisor = topSupervisor;
    }

    /**
     * An application; validated here (name, type, spec), throwing {@link IllegalArgumentException} that
     * lists every problem.
     */
    public static Application of(String name, StartType type, SupervisorSpec topSupervisor) {
        List<String> errors = new ArrayList<>();
        try {
            Registry.validateName(name);
        } catch (IllegalArgumentException e) {
            errors.add("application " + e.getMessage());
        }
        if (type == null) {
            errors.add("application start type: bad value null, expected PERMANENT, TRANSIENT or TEMPORARY");
        }
        if (topSupervisor == null) {
            errors.add("application top supervisor: bad value null, expected a SupervisorSpec");
        } else {
            errors.addAll(topSupervisor.check());
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid application '" + name + "': " + String.join("; ", errors));
        }
        return new Application(name, type, topSupervisor);
    }

    public static Application permanent(String name, SupervisorSpec topSupervisor) {
        return of(name, StartType.PERMANENT, topSupervisor);
    }

    public static Application transientApp(String name, SupervisorSpec topSupervisor) {
        return of(name, StartType.TRANSIENT, topSupervisor);
    }

    public static Application temporary(String name, SupervisorSpec topSupervisor) {
        return of(name, StartType.TEMPORARY, topSupervisor);
    }

    @Override
    public String name() {
        return name;
    }

    public StartType startType() {
        return type;
    }

    public SupervisorSpec topSupervisor() {
        return topSupervisor;
    }

    /** A temporary application's failed start is logged; any other fails the node's start. */
    @Override
    public boolean vital() {
        return type != StartType.TEMPORARY;
    }

    /** Starts it on {@code node}: completes with the top supervisor's pid once the whole tree has started. */
    @Override
    public CompletionStage<Pid> start(Node node) {
        return Applications.of(Objects.requireNonNull(node, "node")).start(this);
    }

    @Override
    public String toString() {
        return "Application(" + name + ", " + type + ")";
    }
}
