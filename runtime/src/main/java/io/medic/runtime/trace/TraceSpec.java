package io.medic.runtime.trace;

import io.medic.runtime.internal.Globs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What a trace session traces: recon_trace's arguments for a message-passing runtime — the processes
 * (recon's {@code {pid, PidSpec}}), the events, a filter on message classes (where recon matches
 * functions), the mandatory limit (recon's {@code Max}) and a time to live. Immutable: each
 * {@code withX} returns a copy, after checking its argument.
 *
 * <pre>{@code
 * TraceSpec spec = TraceSpec.of(PidSpec.name("Alfa"))
 *         .withEvents(TraceEventKind.RECEIVE, TraceEventKind.CALL)
 *         .withLimit(TraceLimit.rate(10, Duration.ofSeconds(1)));
 * }</pre>
 *
 * <p>Defaults: events {@link #DEFAULT_EVENTS}; no message filter; no limit (a session cannot start
 * without one); the time to live {@code medic.trace.default-ttl} (60 s); messages rendered with
 * {@code toString}, cut at {@code medic.sys.event-max-chars}; owner {@code "java"}. What the node
 * refuses at start — limits above its caps, dangerous combinations — is {@link Trace#start}'s to check.
 */
public final class TraceSpec {
    /** The events of a spec that names none: messages in, exits and restarts. */
    public static final Set<TraceEventKind> DEFAULT_EVENTS =
            Set.copyOf(EnumSet.of(TraceEventKind.RECEIVE, TraceEventKind.EXIT, TraceEventKind.RESTART));
    /** Message filters a spec may have at most. */
    public static final int MAX_FILTERS = 32;
    /** Process specs a spec may have at most. */
    public static final int MAX_PROCESSES = 1000;

    private final List<PidSpec> processes;
    private final Set<TraceEventKind> events;
    private final List<String> messages;
    private final TraceLimit limit;
    private final Duration ttl;
    private final Function<Object, ?> renderer;
    private final String owner;

    private TraceSpec(List<PidSpec> processes, Set<TraceEventKind> events, List<String> messages, TraceLimit limit,
                      Duration ttl, Function<Object, ?> renderer, String owner) {
        this.processes = processes;
        this.events = events;
        this.messages = messages;
        this.limit = limit;
        this.ttl = ttl;
        this.renderer = renderer;
        this.owner = owner;
    }

    /**
     * A spec tracing {@code processes} (at least one, at most {@value #MAX_PROCESSES}), with the default
     * events and no limit yet.
     *
     * @throws IllegalArgumentException if there is none, or too many
     * @throws NullPointerException if one is null
     */
    public static TraceSpec of(PidSpec... processes) {
        return of(Arrays.asList(processes));
    }

    /** As {@link #of(PidSpec...)}. */
    public static TraceSpec of(Collection<? extends PidSpec> processes) {
        return new TraceSpec(checkProcesses(processes), DEFAULT_EVENTS, List.of(), null, null, null, "java");
    }

    // ------------------------------------------------------------------ withX

    /** The processes to trace (replacing the current ones). */
    public TraceSpec withProcesses(Collection<? extends PidSpec> processes) {
        return new TraceSpec(checkProcesses(processes), events, messages, limit, ttl, renderer, owner);
    }

    /** The events to record (at least one). */
    public TraceSpec withEvents(TraceEventKind... events) {
        return withEvents(Arrays.asList(events));
    }

    /** As {@link #withEvents(TraceEventKind...)}. */
    public TraceSpec withEvents(Collection<TraceEventKind> events) {
        Objects.requireNonNull(events, "events");
        if (events.isEmpty()) {
            throw new IllegalArgumentException("events: bad value [], expected at least one of " + words());
        }
        for (TraceEventKind k : events) {
            Objects.requireNonNull(k, "events: an event kind");
        }
        return new TraceSpec(processes, Set.copyOf(EnumSet.copyOf(events)), messages, limit, ttl, renderer, owner);
    }

    /**
     * Only messages whose class — or one of its superclasses or interfaces — matches one of
     * {@code classesOrGlobs} (a fully qualified class name, or a glob: {@code com.shop.*},
     * {@code *Request}). Applies to the message events ({@code receive}, {@code call}, {@code cast},
     * {@code info}, {@code send}, and {@code state} after them); none given: every message. At most
     * {@value #MAX_FILTERS}.
     */
    public TraceSpec withMessages(String... classesOrGlobs) {
        return withMessages(Arrays.asList(classesOrGlobs));
    }

    /** As {@link #withMessages(String...)}. */
    public TraceSpec withMessages(Collection<String> classesOrGlobs) {
        Objects.requireNonNull(classesOrGlobs, "messages");
        if (classesOrGlobs.size() > MAX_FILTERS) {
            throw new IllegalArgumentException("messages: bad value (" + classesOrGlobs.size()
                    + " filters), expected at most " + MAX_FILTERS);
        }
        List<String> checked = new ArrayList<>(classesOrGlobs.size());
        for (String m : classesOrGlobs) {
            checked.add(Globs.requireText("messages", "class name or glob", m));
        }
        return new TraceSpec(processes, events, List.copyOf(checked), limit, ttl, renderer, owner);
    }

    /** The mandatory limit: a count or a rate. */
    public TraceSpec withLimit(TraceLimit limit) {
        return new TraceSpec(processes, events, messages, Objects.requireNonNull(limit, "limit"), ttl, renderer, owner);
    }

    /**
     * How long the session may run at most (default {@code medic.trace.default-ttl}, at most
     * {@code medic.trace.max-ttl}).
     *
     * @throws IllegalArgumentException if not at least 1 ms
     */
    public TraceSpec withTtl(Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("ttl_ms: bad value " + ttl.toMillis() + ", expected at least 1 ms");
        }
        return new TraceSpec(processes, events, messages, limit, ttl, renderer, owner);
    }

    /**
     * How messages, replies and states are rendered into events, on the traced process's thread when the
     * event happens (so a state is seen as it is then). It must be quick and bounded: it runs inside the
     * process. A renderer that throws gives {@code "<render failed: ...>"}. Never called for a sensitive
     * process. Default: {@code toString}, control characters escaped, cut at {@code medic.sys.event-max-chars}.
     */
    public TraceSpec withRenderer(Function<Object, ?> renderer) {
        return new TraceSpec(processes, events, messages, limit, ttl, Objects.requireNonNull(renderer, "renderer"), owner);
    }

    /**
     * Who started the session, shown to whoever is refused because it runs (the HTTP routes give the user
     * and the address): at most {@value Globs#MAX_LENGTH} characters, no control character.
     */
    public TraceSpec withOwner(String owner) {
        return new TraceSpec(processes, events, messages, limit, ttl, renderer, Globs.requireText("owner", "owner", owner));
    }

    // ------------------------------------------------------------------ accessors

    public List<PidSpec> processes() {
        return processes;
    }

    public Set<TraceEventKind> events() {
        return events;
    }

    /** The message filters; empty: every message. */
    public List<String> messages() {
        return messages;
    }

    /** The limit, if set (a session cannot start without one). */
    public Optional<TraceLimit> limit() {
        return Optional.ofNullable(limit);
    }

    /** The time to live, if set (else the node's default). */
    public Optional<Duration> ttl() {
        return Optional.ofNullable(ttl);
    }

    /** The renderer, if set (else the default). */
    public Optional<Function<Object, ?>> renderer() {
        return Optional.ofNullable(renderer);
    }

    public String owner() {
        return owner;
    }

    /** True if a process spec is wide: a scope or a glob ({@link PidSpec#wide()}). */
    public boolean wide() {
        return processes.stream().anyMatch(PidSpec::wide);
    }

    /** True if a message filter restricts the messages (one made of wildcards only does not). */
    public boolean filtered() {
        return messages.stream().anyMatch(m -> !Globs.matchesAnything(m));
    }

    @Override
    public String toString() {
        return "TraceSpec(processes " + processes + ", events " + events + ", messages " + messages + ", limit "
                + limit + ", ttl " + (ttl == null ? "default" : ttl.toMillis() + " ms") + ", owner " + owner + ")";
    }

    private static List<PidSpec> checkProcesses(Collection<? extends PidSpec> processes) {
        Objects.requireNonNull(processes, "processes");
        if (processes.isEmpty()) {
            throw new IllegalArgumentException("processes: bad value [], expected at least one process spec");
        }
        if (processes.size() > MAX_PROCESSES) {
            throw new IllegalArgumentException("processes: bad value (" + processes.size() + " specs), expected at most "
                    + MAX_PROCESSES);
        }
        for (PidSpec p : processes) {
            Objects.requireNonNull(p, "processes: a process spec");
        }
        return List.copyOf(processes);
    }

    private static String words() {
        return Arrays.stream(TraceEventKind.values()).map(TraceEventKind::word).toList().toString();
    }
}
