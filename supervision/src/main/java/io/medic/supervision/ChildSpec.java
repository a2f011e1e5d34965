package io.medic.supervision;

import io.medic.runtime.BadProcessReferenceException;
import io.medic.runtime.GenServer;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.Registry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * OTP's child specification: {@code #{id, start, restart, significant, shutdown, type}}, plus an optional
 * registered name for the child and its mailbox policy ({@link #withMailbox}; unbounded by default). Immutable; {@code withX} returns a copy. Defaults as in OTP: restart
 * {@code PERMANENT}, not significant, type {@code WORKER}, shutdown 5 s for a worker and {@code infinity}
 * for a supervisor (unless set).
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
    private final boolean significant;
    private final MailboxPolicy mailbox;

    private ChildSpec(String id, ChildStart start, RestartType restart, Shutdown shutdown, ChildType type, String name,
                      boolean significant, MailboxPolicy mailbox) {
        this.id = id;
        this.start = start;
        this.restart = restart;
        this.shutdown = shutdown;
        this.type = type;
        this.name = name;
        this.significant = significant;
        this.mailbox = mailbox;
    }

    /** A child started by {@code start}, with the defaults (permanent worker). */
    public static ChildSpec of(String id, ChildStart start) {
        return new ChildSpec(id, start, RestartType.PERMANENT, null, ChildType.WORKER, null, false, MailboxPolicy.unbounded());
    }

    /** A permanent GenServer worker; {@code factory} makes a fresh server for every (re)start. */
    public static ChildSpec worker(String id, Supplier<? extends GenServer<?>> factory) {
        return of(id, factory == null ? null : ChildStart.genServer(factory));
    }

    /** A permanent child supervisor (shutdown infinity by default). */
    public static ChildSpec supervisor(String id, SupervisorSpec spec) {
        return new ChildSpec(id, spec == null ? null : ChildStart.supervisor(spec), RestartType.PERMANENT, null,
                ChildType.SUPERVISOR, null, false, MailboxPolicy.unbounded());
    }

    public ChildSpec withId(String id) {
        return new ChildSpec(id, start, restart, shutdown, type, name, significant, mailbox);
    }

    public ChildSpec withStart(ChildStart start) {
        return new ChildSpec(id, start, restart, shutdown, type, name, significant, mailbox);
    }

    public ChildSpec withRestart(RestartType restart) {
        return new ChildSpec(id, start, restart, shutdown, type, name, significant, mailbox);
    }

    /** How it is stopped; a timeout may be 0 (ask, then kill at once), as OTP accepts any integer >= 0. */
    public ChildSpec withShutdown(Shutdown shutdown) {
        return new ChildSpec(id, start, restart, shutdown, type, name, significant, mailbox);
    }

    public ChildSpec withType(ChildType type) {
        return new ChildSpec(id, start, restart, shutdown, type, name, significant, mailbox);
    }

    /** Registers each incarnation of the child under {@code name}. */
    public ChildSpec withName(String name) {
        return new ChildSpec(id, start, restart, shutdown, type, name, significant, mailbox);
    }

    /**
     * {@code significant => true}: the child's own exit may shut its supervisor down, as the supervisor's
     * {@link SupervisorFlags#withAutoShutdown auto_shutdown} says. Default false. A significant child must
     * be transient or temporary, under a supervisor whose auto_shutdown is not {@link AutoShutdown#NEVER}
     * ({@link #check(AutoShutdown)}).
     */
    public ChildSpec withSignificant(boolean significant) {
        return new ChildSpec(id, start, restart, shutdown, type, name, significant, mailbox);
    }

    /**
     * The mailbox of each incarnation of the child ({@link MailboxPolicy}: unbounded by default,
     * {@code bounded(n)} or {@code stack(n)} to shed load): a property of the child, like its restart
     * type, shown in {@code GET /medic/supervision}. The supervisor passes it to the child's start in
     * its {@link io.medic.runtime.SpawnOptions}; a custom {@link ChildStart} must spawn with those options
     * for it to apply. Null is reported by {@link #check()}.
     */
    public ChildSpec withMailbox(MailboxPolicy mailbox) {
        return new ChildSpec(id, start, restart, shutdown, type, name, significant, mailbox);
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

    public boolean significant() {
        return significant;
    }

    /** The mailbox policy of each incarnation (null only in a spec that {@link #check()} refuses). */
    public MailboxPolicy mailbox() {
        return mailbox;
    }

    /**
     * Every problem with this spec under a supervisor whose auto_shutdown is {@code autoShutdown} (empty if
     * none): {@link #check()}, and a significant child under {@link AutoShutdown#NEVER} is a bad
     * combination naming both fields, as OTP's {@code check_childspec/2}. A null {@code autoShutdown}
     * checks the spec alone.
     */
    public List<String> check(AutoShutdown autoShutdown) {
        List<String> errors = check();
        if (significant && autoShutdown == AutoShutdown.NEVER) {
            errors.add(who() + ": significant: bad combination significant = true with the supervisor's"
                    + " autoShutdown = NEVER, expected autoShutdown ANY_SIGNIFICANT or ALL_SIGNIFICANT"
                    + " (or significant = false)");
        }
        return errors;
    }

    /**
     * Every problem with this spec (empty if none), one small check per field; each names the child,
     * the field, the bad value and what was expected.
     */
    public List<String> check() {
        List<String> errors = new ArrayList<>();
        String who = who();
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
        if (significant && restart == RestartType.PERMANENT) {
            errors.add(who + ": significant: bad combination significant = true with restart = PERMANENT,"
                    + " expected restart TRANSIENT or TEMPORARY for a significant child (a permanent child is"
                    + " always restarted)");
        }
        if (shutdown != null && shutdown.kind() == Shutdown.Kind.TIMEOUT) {
            Duration t = shutdown.timeoutDuration().orElseThrow();
            if (t.isNegative()) {
                errors.add(who + ": shutdown: bad value " + t + ", expected a timeout of 0 or more, brutalKill() or infinity()");
            }
        }
        if (mailbox == null) {
            errors.add(who + ": mailbox: bad value null, expected a MailboxPolicy (unbounded(), bounded(n) or stack(n))");
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

    private String who() {
        return "child " + (id == null ? "(no id)" : "'" + id + "'");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChildSpec c && Objects.equals(c.id, id) && c.start == start && c.restart == restart
                && Objects.equals(c.shutdown, shutdown) && c.type == type && Objects.equals(c.name, name)
                && c.significant == significant && Objects.equals(c.mailbox, mailbox);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, restart, shutdown, type, name, significant, mailbox);
    }

    @Override
    public String toString() {
        return "#{id => " + id + ", restart => " + restart + (significant ? ", significant => true" : "")
                + ", shutdown => " + shutdown() + ", type => " + type + (name == null ? "" : ", name => " + name)
                + (mailbox == null || mailbox.isUnbounded() ? "" : ", mailbox => " + mailbox) + "}";
    }
}
