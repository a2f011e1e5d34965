package io.medic.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * How to spawn a Medic process. Immutable: each {@code withX} returns a copy.
 *
 * <ul>
 *   <li>{@code name}: register the process under this name while it lives (default: none);</li>
 *   <li>{@code dispatcher}: Akka dispatcher config path (default: the parent's / Akka's default);</li>
 *   <li>{@code sensitive}: start as a sensitive process (default false);</li>
 *   <li>{@code restarts}: restart count shown in the process table (set by supervisors; default 0);</li>
 *   <li>{@code mailbox}: the {@link MailboxPolicy} of its mailbox (default {@link MailboxPolicy#unbounded()}).</li>
 * </ul>
 */
public final class SpawnOptions {
    /** No name, default dispatcher, not sensitive. */
    public static final SpawnOptions DEFAULT = new SpawnOptions(null, null, false, 0, MailboxPolicy.unbounded());

    private final String name;
    private final String dispatcher;
    private final boolean sensitive;
    private final int restarts;
    private final MailboxPolicy mailbox;

    private SpawnOptions(String name, String dispatcher, boolean sensitive, int restarts, MailboxPolicy mailbox) {
        this.name = name;
        this.dispatcher = dispatcher;
        this.sensitive = sensitive;
        this.restarts = restarts;
        this.mailbox = mailbox;
    }

    /** Registers the process under {@code name}; the name is validated here. */
    public SpawnOptions withName(String name) {
        Registry.validateName(name);
        return new SpawnOptions(name, dispatcher, sensitive, restarts, mailbox);
    }

    /** Runs the process on the dispatcher configured at {@code configPath}. */
    public SpawnOptions withDispatcher(String configPath) {
        Objects.requireNonNull(configPath, "dispatcher");
        if (configPath.isBlank()) {
            throw new IllegalArgumentException("dispatcher: bad value '' , expected a dispatcher config path");
        }
        return new SpawnOptions(name, configPath, sensitive, restarts, mailbox);
    }

    /** Starts the process already sensitive ({@code process_flag(sensitive, true)} before init). */
    public SpawnOptions withSensitive(boolean sensitive) {
        return new SpawnOptions(name, dispatcher, sensitive, restarts, mailbox);
    }

    /** The restart count to show for this incarnation (used by supervisors). */
    public SpawnOptions withRestarts(int restarts) {
        if (restarts < 0) {
            throw new IllegalArgumentException("restarts: bad value " + restarts + ", expected 0 or more");
        }
        return new SpawnOptions(name, dispatcher, sensitive, restarts, mailbox);
    }

    /**
     * Gives the process a bounded mailbox or a stack ({@link MailboxPolicy}); unbounded by default.
     *
     * @throws IllegalArgumentException if {@code mailbox} is null
     */
    public SpawnOptions withMailbox(MailboxPolicy mailbox) {
        if (mailbox == null) {
            throw new IllegalArgumentException("mailbox: expected a MailboxPolicy (unbounded(), bounded(n), stack(n)), got null");
        }
        return new SpawnOptions(name, dispatcher, sensitive, restarts, mailbox);
    }

    /** The mailbox policy. */
    public MailboxPolicy mailbox() {
        return mailbox;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public Optional<String> dispatcher() {
        return Optional.ofNullable(dispatcher);
    }

    public boolean sensitive() {
        return sensitive;
    }

    public int restarts() {
        return restarts;
    }

    @Override
    public String toString() {
        return "SpawnOptions(name=" + name + ", dispatcher=" + dispatcher + ", sensitive=" + sensitive
                + ", restarts=" + restarts + ", mailbox=" + mailbox + ")";
    }
}
