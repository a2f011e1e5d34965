package io.medic.runtime.internal;

import io.medic.runtime.ExitReason;
import io.medic.runtime.LogText;
import io.medic.runtime.Pid;
import io.medic.runtime.trace.PidSpec;
import io.medic.runtime.trace.TraceEndReason;
import io.medic.runtime.trace.TraceEvent;
import io.medic.runtime.trace.TraceEventKind;
import io.medic.runtime.trace.TraceLimit;
import io.medic.runtime.trace.TraceSession;
import io.medic.runtime.trace.TraceSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>One trace session: recon_trace's tracer and formatter processes in one object. The traced
 * processes' threads offer it events ({@link ProcessTracer} calls the methods of the "events" section);
 * it counts them against its limit (recon's count and rate tracers: the limit ends the session, it never
 * drops events silently), keeps them in a bounded buffer and hands them, in order, to its consumer on its
 * executor, one drain at a time. It ends — its limit reached or tripped, its time to live passed, its
 * buffer full, stopped, cleared — at most once: from then on events are dropped where they are offered,
 * its hooks are taken off every process on its executor ({@link TraceHub#detach}), and the last event
 * handed to the consumer says why ({@link TraceEvent.Ended}).
 *
 * <p>Thread-safety: the limit, the buffer and the ending are guarded by this object's monitor (taken
 * only by traced events, which the limit keeps rare); {@link #open} is volatile, so that a process
 * checks it without the lock before rendering anything. The consumer is called by one drain at a time.
 */
final class TraceSessionImpl implements TraceSession {
    /** Events handed to the consumer by one drain before it lets other tasks of its executor run. */
    private static final int DRAIN_BATCH = 64;

    private final long id;
    private final TraceSpec spec;
    private final TraceHub hub;
    private final Executor executor;
    private final Consumer<? super TraceEvent> consumer;
    private final Instant startedAt = Instant.now();
    /** The first pid number handed out after the session started: {@code new} processes have this one or a later one. */
    final long firstNew;
    /** The processes selected by pid or by name when it started. */
    private final Set<ProcessRecord> named;
    private final List<Pid> selectedAtStart;
    private final EnumSet<TraceEventKind> events;
    private final Pattern[] filters;
    private final Map<Class<?>, Boolean> filterCache = new ConcurrentHashMap<>();
    private final Function<Object, ?> renderer;
    private final int maxChars;
    private final int capacity;
    private final long count;
    private final long rate;
    private final long periodNanos;
    private final Duration ttl;
    /** How it selects processes beyond those named at start: scopes, names followed, globs, classes. */
    private final Rule[] rules;

    /** One selection rule: a scope, a name followed into new processes, a name glob or a class pattern. */
    private record Rule(PidSpec spec, Pattern glob) {
        boolean selects(ProcessRecord r, boolean isNew) {
            if (spec instanceof PidSpec.Scope scope) {
                return scope == PidSpec.Scope.ALL || (scope == PidSpec.Scope.NEW) == isNew;
            }
            if (spec instanceof PidSpec.Name n) {
                return isNew && n.name().equals(r.nameOrNull());
            }
            String text = spec instanceof PidSpec.Names ? r.nameOrNull() : r.initialCall();
            return text != null && glob.matcher(text).matches();
        }
    }

    private volatile boolean open = true;
    private volatile akka.actor.Cancellable ttlTimer;

    // guarded by this
    private final ArrayDeque<TraceEvent> buffer = new ArrayDeque<>();
    private long seq;
    private long accepted;
    private long windowStart = System.nanoTime();
    private long inWindow;
    private boolean draining;
    private TraceEvent.Ended last;
    private boolean consumerFailed;
    private final CompletableFuture<TraceEvent.Ended> ended = new CompletableFuture<>();

    TraceSessionImpl(long id, TraceSpec spec, TraceHub hub, Executor executor, Consumer<? super TraceEvent> consumer,
                     long firstNew, Set<ProcessRecord> named, Duration ttl) {
        this.id = id;
        this.spec = spec;
        this.hub = hub;
        this.executor = executor;
        this.consumer = consumer;
        this.firstNew = firstNew;
        this.named = Set.copyOf(named);
        List<Pid> pids = new ArrayList<>(named);
        pids.sort((a, b) -> Long.compare(a.number(), b.number()));
        this.selectedAtStart = List.copyOf(pids);
        this.events = EnumSet.copyOf(spec.events());
        this.filters = spec.messages().stream().map(Globs::compile).toArray(Pattern[]::new);
        this.renderer = spec.renderer().orElse(null);
        this.maxChars = hub.node.settings.sysEventMaxChars();
        this.capacity = hub.settings.bufferSize();
        TraceLimit limit = spec.limit().orElseThrow();
        if (limit instanceof TraceLimit.Rate r) {
            this.count = Long.MAX_VALUE;
            this.rate = r.events();
            this.periodNanos = r.period().toNanos();
        } else {
            this.count = ((TraceLimit.Count) limit).events();
            this.rate = Long.MAX_VALUE;
            this.periodNanos = Long.MAX_VALUE;
        }
        this.ttl = ttl;
        this.rules = spec.processes().stream().filter(p -> !(p instanceof PidSpec.Of)).map(p -> new Rule(p,
                p instanceof PidSpec.Names n ? Globs.compile(n.glob())
                        : p instanceof PidSpec.Behaviour b ? Globs.compile(b.pattern()) : null)).toArray(Rule[]::new);
    }

    // ================================================================== TraceSession

    @Override
    public long id() {
        return id;
    }

    @Override
    public String owner() {
        return spec.owner();
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public TraceSpec spec() {
        return spec;
    }

    @Override
    public List<Pid> processes() {
        return selectedAtStart;
    }

    @Override
    public synchronized long events() {
        return accepted;
    }

    @Override
    public boolean isRunning() {
        return open;
    }

    @Override
    public void stop() {
        stop(TraceEndReason.STOPPED);
    }

    @Override
    public void stop(TraceEndReason reason) {
        end(reason, switch (reason) {
            case CLIENT_GONE -> "its client went away";
            case BUFFER_OVERFLOW -> "its client did not keep up: its buffer of " + capacity + " events is full"
                    + " (medic.trace.buffer-size); the session ends rather than grow";
            case CLEARED -> "cleared (recon_trace:clear/0)";
            case NODE_STOPPED -> "the node is stopping";
            default -> "stopped by its owner";
        });
    }

    @Override
    public CompletionStage<TraceEvent.Ended> ended() {
        return ended.copy();
    }

    @Override
    public String toString() {
        return "trace session #" + id + " (owner " + LogText.quoted(spec.owner(), 100) + ", started "
                + startedAt + ", processes " + spec.processes() + ")";
    }

    // ================================================================== selection (the hub, under its lock)

    /** The session's first event: what it selected, what it follows. */
    void started() {
        TraceEvent.Started s = new TraceEvent.Started(id, 0, startedAt, spec.owner(), selectedAtStart,
                Arrays.stream(rules).map(Rule::spec).filter(p -> p != PidSpec.Scope.EXISTING).map(PidSpec::toString)
                        .toList(), spec, ttl);
        synchronized (this) {
            buffer.add(s);
        }
        scheduleDrain();
    }

    /** Arms the time to live. */
    void armTtl(akka.actor.Scheduler scheduler, scala.concurrent.ExecutionContext ec) {
        ttlTimer = scheduler.scheduleOnce(scala.concurrent.duration.Duration.fromNanos(ttl.toNanos()),
                () -> end(TraceEndReason.TTL_EXPIRED, "its time to live of " + ttl.toMillis() + " ms passed"), ec);
    }

    /** Whether this session traces {@code r}: named at start, or selected by one of its rules (never Medic's own). */
    boolean selects(ProcessRecord r) {
        if (named.contains(r)) {
            return true;
        }
        if (rules.length == 0 || TraceHub.isMedicOwn(r)) {
            return false;
        }
        boolean isNew = r.number() >= firstNew;
        for (Rule rule : rules) {
            if (rule.selects(r, isNew)) {
                return true;
            }
        }
        return false;
    }

    boolean wants(TraceEventKind kind) {
        return events.contains(kind);
    }

    /** Whether an arrival of {@code raw} would be an event: open, arrivals traced, the filter passes it. */
    boolean wantsArrival(Object raw) {
        if (!open || !events.contains(TraceEventKind.RECEIVE)) {
            return false;
        }
        return ProcessTracer.systemName(raw) != null ? filters.length == 0 : passes(ProcessTracer.userMessage(raw));
    }

    /** Whether handling {@code message} would be an event: open, and the filter passes it. */
    boolean wantsHandled(Object message) {
        return open && passes(message);
    }

    boolean isOpen() {
        return open;
    }

    // ================================================================== events (the traced processes' threads)

    /** A message arrived in {@code pid}'s mailbox, sent by {@code from} (null if unknown). */
    void received(ProcessRecord pid, ProcessRecord from, Object raw) {
        if (!open || !events.contains(TraceEventKind.RECEIVE)) {
            return;
        }
        message(raw, pid, from, (type, shown, redacted) -> {
            String name = pid.nameOrNull();
            String fromName = from == null ? null : from.nameOrNull();
            offer((s, n, at) -> new TraceEvent.Received(s, n, at, pid, name, from, fromName, type, shown, redacted));
        });
    }

    /** {@code from} sent {@code raw} to {@code to}. */
    void sent(ProcessRecord from, ProcessRecord to, Object raw) {
        if (!open || !events.contains(TraceEventKind.SEND)) {
            return;
        }
        message(raw, from, to, (type, shown, redacted) -> {
            String name = from.nameOrNull();
            String toName = to.nameOrNull();
            offer((s, n, at) -> new TraceEvent.Sent(s, n, at, from, name, to, toName, type, shown, redacted));
        });
    }

    /**
     * {@code pid} handled a call, cast or info ({@code kind}): {@code call} is the call's request object when
     * it was a call; {@code state} its state after (a GenServer's), if {@code hasState}.
     */
    void handled(ProcessRecord pid, TraceEventKind kind, Object message, Request<?> call, long nanos, Object state,
                 boolean hasState) {
        if (!open || !passes(message)) {
            return;
        }
        boolean alive = pid.isAlive();
        boolean redacted = pid.isSensitive();
        String name = pid.nameOrNull();
        if (events.contains(kind)) {
            String outcome;
            Object reply = null;
            if (!alive) {
                outcome = "stop";
            } else if (call != null && call.future().isDone() && !call.future().isCompletedExceptionally()) {
                outcome = "reply";
                reply = redacted ? null : render(call.future().getNow(null));
            } else {
                outcome = "noreply";
            }
            Object shown = redacted ? null : render(message);
            String type = message.getClass().getName();
            Object r = reply;
            offer((s, n, at) -> new TraceEvent.Handled(s, n, at, kind.word(), pid, name, type, shown, outcome, r,
                    nanos, redacted));
        }
        if (hasState && alive && events.contains(TraceEventKind.STATE)) {
            Object shown = redacted ? null : render(state);
            String type = state == null ? null : state.getClass().getName();
            offer((s, n, at) -> new TraceEvent.StateAfter(s, n, at, pid, name, type, shown, redacted));
        }
    }

    /** {@code pid} exited with {@code reason}. */
    void exited(ProcessRecord pid, ExitReason reason) {
        if (!open || !events.contains(TraceEventKind.EXIT)) {
            return;
        }
        String name = pid.nameOrNull();
        String shown = Render.bounded(reason, maxChars);
        boolean abnormal = reason.isAbnormal();
        offer((s, n, at) -> new TraceEvent.Exited(s, n, at, pid, name, shown, abnormal));
    }

    /** {@code pid} was started by {@code supervisor} as its {@code restarts}-th restart of a child. */
    void restarted(ProcessRecord pid, String name, int restarts, Pid supervisor) {
        if (!open || !events.contains(TraceEventKind.RESTART)) {
            return;
        }
        offer((s, n, at) -> new TraceEvent.Restarted(s, n, at, pid, name, restarts, supervisor));
    }

    /** What a message event shows: its type, its rendering (null if redacted), whether it is redacted. */
    @FunctionalInterface
    private interface Shown {
        void accept(String type, Object shown, boolean redacted);
    }

    /**
     * The message {@code raw} between {@code self} and {@code other} as an event shows it, if it passes the
     * filter: a call's request and a cast's message unwrapped; a system message by its name (it passes an
     * unfiltered session only); nothing of it but its type when either process is sensitive.
     */
    private void message(Object raw, ProcessRecord self, ProcessRecord other, Shown then) {
        String system = ProcessTracer.systemName(raw);
        if (system != null) {
            if (filters.length == 0) {
                then.accept("system", system, false);
            }
            return;
        }
        Object m = ProcessTracer.userMessage(raw);
        if (!passes(m)) {
            return;
        }
        boolean redacted = self.isSensitive() || (other != null && other.isSensitive());
        then.accept(m.getClass().getName(), redacted ? null : render(m), redacted);
    }

    /** Whether {@code message}'s class, or one of its supertypes, matches a filter (no filter: any). */
    private boolean passes(Object message) {
        if (filters.length == 0) {
            return true;
        }
        Boolean known = filterCache.get(message.getClass());
        return known != null ? known : filterCache.computeIfAbsent(message.getClass(), this::classMatches);
    }

    private boolean classMatches(Class<?> c) {
        ArrayDeque<Class<?>> todo = new ArrayDeque<>();
        todo.add(c);
        while (!todo.isEmpty()) {
            Class<?> k = todo.poll();
            for (Pattern p : filters) {
                if (p.matcher(k.getName()).matches()) {
                    return true;
                }
            }
            if (k.getSuperclass() != null) {
                todo.add(k.getSuperclass());
            }
            todo.addAll(List.of(k.getInterfaces()));
        }
        return false;
    }

    /** The session's rendering of {@code value}: its renderer's, or {@code toString} cut. */
    private Object render(Object value) {
        if (renderer == null) {
            return Render.bounded(value, maxChars);
        }
        try {
            return renderer.apply(value);
        } catch (Throwable t) {
            UserCode.rethrowIfFatal(t);
            return "<render failed: " + t.getClass().getName() + ">";
        }
    }

    // ================================================================== limit and buffer

    /** Makes an event once its number and time are known (under the session's lock). */
    @FunctionalInterface
    private interface EventFactory {
        TraceEvent make(long session, long seq, Instant at);
    }

    /**
     * Counts one event against the limit and buffers it: the count's last event is kept, then the session
     * ends; an event beyond the rate is not kept and trips it; an event that finds the buffer full ends it.
     */
    private void offer(EventFactory f) {
        boolean schedule = false;
        String ending = null;
        TraceEndReason reason = null;
        synchronized (this) {
            if (!open) {
                return;
            }
            if (rate != Long.MAX_VALUE) {
                long now = System.nanoTime();
                if (now - windowStart > periodNanos) {
                    windowStart = now;
                    inWindow = 0;
                }
                if (inWindow >= rate) {
                    reason = TraceEndReason.RATE_TRIPPED;
                    ending = "rate limit tripped: more than " + rate + " events within " + periodNanos / 1_000_000
                            + " ms (recon: \"Recon tracer rate limit tripped.\")";
                }
                inWindow++;
            }
            if (reason == null && buffer.size() >= capacity) {
                reason = TraceEndReason.BUFFER_OVERFLOW;
                ending = "its consumer did not keep up: its buffer of " + capacity + " events is full"
                        + " (medic.trace.buffer-size); the session ends rather than grow";
            }
            if (reason == null) {
                buffer.add(f.make(id, ++seq, Instant.now()));
                accepted++;
                if (accepted >= count) {
                    reason = TraceEndReason.COUNT_REACHED;
                    ending = "count limit reached: " + count + " events (recon: \"Recon tracer rate limit tripped.\")";
                }
                if (!draining) {
                    draining = true;
                    schedule = true;
                }
            }
        }
        if (schedule) {
            submit(this::drain);
        }
        if (reason != null) {
            end(reason, ending);
        }
    }

    /**
     * Ends the session once: no event is accepted from now on; then, on the executor, its hooks come off
     * every process and its last event follows the buffered ones.
     */
    void end(TraceEndReason reason, String message) {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
            last = new TraceEvent.Ended(id, seq + 1, Instant.now(), reason, message, accepted);
        }
        akka.actor.Cancellable t = ttlTimer;
        if (t != null) {
            t.cancel();
        }
        hub.log.info("trace session #{} ({}) ended: {}: {}; {} events", id, LogText.quoted(spec.owner(), 100),
                reason.word(), message, last.events());
        submit(this::finish);
    }

    /** Off every process, then the last event after the buffered ones. */
    private void finish() {
        try {
            hub.detach(this);
        } finally {
            boolean schedule;
            synchronized (this) {
                buffer.add(last);
                schedule = !draining;
                draining = true;
            }
            if (schedule) {
                drain();
            }
        }
    }

    private void scheduleDrain() {
        boolean schedule;
        synchronized (this) {
            schedule = !draining && !buffer.isEmpty();
            draining |= schedule;
        }
        if (schedule) {
            submit(this::drain);
        }
    }

    /** Hands buffered events to the consumer, in order, {@value #DRAIN_BATCH} at most before yielding. */
    private void drain() {
        for (int i = 0; ; i++) {
            TraceEvent e;
            synchronized (this) {
                e = buffer.poll();
                if (e == null) {
                    draining = false;
                    return;
                }
                if (i == DRAIN_BATCH) {
                    buffer.addFirst(e);
                    submit(this::drain); // still draining: the next batch, after the executor's other tasks
                    return;
                }
            }
            deliver(e);
        }
    }

    private void deliver(TraceEvent e) {
        boolean skip;
        synchronized (this) {
            skip = consumerFailed && !(e instanceof TraceEvent.Ended);
        }
        if (!skip) {
            try {
                consumer.accept(e);
            } catch (Throwable t) {
                UserCode.rethrowIfFatal(t);
                hub.log.warn("trace session #{}: its consumer threw {}: the session ends", id, Render.bounded(t, 200));
                synchronized (this) {
                    consumerFailed = true;
                }
                end(TraceEndReason.CONSUMER_FAILED, "its consumer threw " + t.getClass().getName());
            }
        }
        if (e instanceof TraceEvent.Ended done) {
            ended.complete(done);
        }
    }

    /** Runs {@code task} on the executor; inline if it refuses (the node is shutting down). */
    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }
}
