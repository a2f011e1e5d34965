package io.medic.supervision;

import io.medic.runtime.BadProcessReferenceException;
import io.medic.runtime.GenServer;
import io.medic.runtime.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OTP's child specification: {@code #{id, start, restart, shutdown, type}}, plus an optional registered
 * name for the child. Immutable; {@code withX} returns a copy. Defaults as in OTP: restart
 * {@code PERMANENT}, type {@code WORKER}, shutdown 5 s for a worker and {@code infinity} for a
 * supervisor (unless set).
 *
 * <p>Building a spec never throws for bad values; {@link #check()} (and the supervisor, before it starts
 * anything) reports every problem, naming the field, the bad value and what was expected, like
 * {@code supervisor:check_childspecs/1}.
 */
public final class ChildSpec {
    private final String id;
    private final ChildStart start;
    private final RestartType restart;
    private final Shutdown shutdown; // null: the default for the type
    private final ChildType type;
    private final String name;

    private ChildSpec(String id, ChildStart start, RestartType restart, Shutdown shutdown, ChildType type, String name) {
        this.id = id;
        this.start = start;
        this.restart = restart;
        this.shutdown = shutdown;
        this.type = type;
        this.name = name;
    }

    /** A child started by {@code start}, with the defaults (permanent worker). */
    public static ChildSpec of(String id, ChildStart start) {
        return new ChildSpec(id, start, RestartType.PERMANENT, null, ChildType.WORKER, null);
    }

    /** A permanent GenServer worker; {@code factory} makes a fresh server for every (re)start. */
    public static ChildSpec worker(String id, Supplier<? extends GenServer<?>> factory) {
        return of(id, factory == null ? null : ChildStart.genServer(factory));
    }

    /** A permanent child supervisor (shutdown infinity by default). */
    public static ChildSpec supervisor(String id, SupervisorSpec spec) {
        return new ChildSpec(id, spec == null ? null : ChildStart.supervisor(spec), RestartType.PERMANENT, null,
                ChildType.SUPERVISOR, null);
    }

    public ChildSpec withId(String id) {
        return new ChildSpec(id, start, restart, shutdown, type, name);
    }

    public ChildSpec withStart(ChildStart start) {
        return new ChildSpec(id, start, restart, shutdown, type, name);
    }

    public ChildSpec withRestart(RestartType restart) {
        return new ChildSpec(id, start, restart, shutdown, type, name);
    }

    public ChildSpec withShutdown(Shutdown shutdown) {
        return new ChildSpec(id, start, restart, shutdown, type, name);
    }

    public ChildSpec withType(ChildType type) {
        return new ChildSpec(id, start, restart, shutdown, type, name);
    }

    /** Registers each incarnation of the child under {@code name}. */
    public ChildSpec withName(String name) {
        return new ChildSpec(id, start, restart, shutdown, type, name);
    }

    public String id() {
        return id;
    }

    public ChildStart start() {
        return start;
    }

    public RestartType restart() {
        return restart;
    }

    /** The shutdown, with the type's default applied: 5 s for a worker, infinity for a supervisor. */
    public Shutdown shutdown() {
        if (shutdown != null) {
            return shutdown;
        }
        return type == ChildType.SUPERVISOR ? Shutdown.infinity() : Shutdown.timeout(Shutdown.DEFAULT_WORKER_TIMEOUT);
    }

    public ChildType type() {
        return type;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Every problem with this spec (empty if none), one small check per field; each names the child,
     * the field, the bad value and what was expected.
     */
    public List<String> check() {
        List<String> errors = new ArrayList<>();
        String who = "child " + (id == null ? "(no id)" : "'" + id + "'");
        if (id == null || id.isBlank()) {
            errors.add(who + ": id: bad value " + (id == null ? "null" : "'" + id + "'")
                    + ", expected a non-blank string");
        } else if (id.length() > 255) {
            errors.add(who + ": id: bad value of " + id.length() + " characters, expected at most 255");
        }
        if (start == null) {
            errors.add(who + ": start: bad value null, expected a ChildStart (e.g. ChildStart.genServer(MyServer::new))");
        }
        if (restart == null) {
            errors.add(who + ": restart: bad value null, expected PERMANENT, TRANSIENT or TEMPORARY");
        }
        if (type == null) {
            errors.add(who + ": type: bad value null, expected WORKER or SUPERVISOR");
        }
        if (shutdown != null && shutdown.kind() == Shutdown.Kind.TIMEOUT) {
            Duration t = shutdown.timeoutDuration().orElseThrow();
            if (t.isNegative() || t.isZero()) {
                errors.add(who + ": shutdown: bad value " + t + ", expected a positive timeout, brutalKill() or infinity()");
            }
        }
        if (name != null) {
            try {
                Registry.validateName(name);
            } catch (BadProcessReferenceException e) {
                errors.add(who + ": " + e.getMessage());
            }
        }
        return errors;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChildSpec c && Objects.equals(c.id, id) && c.start == start && c.restart == restart
                && Objects.equals(c.shutdown, shutdown) && c.type == type && Objects.equals(c.name, name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, restart, shutdown, type, name);
    }

    @Override
    public String toString() {
        return "#{id => " + id + ", restart => " + restart + ", shutdown => " + shutdown() + ", type => " + type
                + (name == null ? "" : ", name => " + name) + "}";
    }
}
