package io.medic.runtime.internal;

import io.medic.runtime.LogText;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.trace.PidSpec;
import io.medic.runtime.trace.TraceBusyException;
import io.medic.runtime.trace.TraceEvent;
import io.medic.runtime.trace.TraceEventKind;
import io.medic.runtime.trace.TraceLimit;
import io.medic.runtime.trace.TraceRefusedException;
import io.medic.runtime.trace.TraceSession;
import io.medic.runtime.trace.TraceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>A node's trace sessions (one per node, in {@link NodeServices}): starts them after refusing what
 * could hurt the node (recon_trace's {@code validate_tspec} and {@code dangerous_combo}), at most
 * {@code medic.trace.max-sessions} at once; and keeps every process's hook ({@link ProcessTracer}, on its
 * mailbox queue) in line with the sessions running: whenever one starts or ends, every process's hook is
 * computed again from the sessions ({@link #retrace}), and a process that starts meanwhile gets its own
 * when it links its queue ({@link #bound}). With no session, every hook is null.
 *
 * <p>Hooks are what a message costs: a traced process's dispatch records, times and renders; a
 * bystander (hooked while a session traces sends) checks the sender of each message it gets.
 * So the hooks are set on every process only while a session needs them, and on none otherwise.
 *
 * <p>Thread-safety: starting, ending and retracing are serialised by the hub's lock; the sessions are
 * published in a volatile array that the spawn procedure reads without it.
 */
public final class TraceHub {

    private static final TraceSessionImpl[] NONE = {};

    final NodeServices node;
    final TraceSettings settings;
    final Logger log = LoggerFactory.getLogger("io.medic.trace");
    private final Object lock = new Object();
    /** The running sessions: written under the lock, read without it. */
    private volatile TraceSessionImpl[] sessions = NONE;
    private long nextId = 1;
    private boolean terminated;

    TraceHub(NodeServices node, TraceSettings settings) {
        this.node = node;
        this.settings = settings;
    }

    /** The caps ({@code medic.trace}). */
    public TraceSettings settings() {
        return settings;
    }

    /** True while a session runs (a volatile read). */
    boolean active() {
        return sessions.length > 0;
    }

    // ================================================================== sessions

    /**
     * Starts a session: checks its spec against the node's caps and rules, resolves its named processes,
     * takes a slot, sets the hooks and arms its time to live; its first event ({@link TraceEvent.Started})
     * is on its way to {@code consumer}, on {@code executor}.
     *
     * @throws IllegalArgumentException    the spec has no limit, or names a process of another node
     * @throws TraceRefusedException       a dangerous combination, by rule
     * @throws NoProcessException          a named process is not alive, or no process has a given name
     * @throws TraceBusyException          {@code medic.trace.max-sessions} run already
     */
    public TraceSession start(TraceSpec spec, Executor executor, Consumer<? super TraceEvent> consumer) {
        TraceLimit limit = spec.limit().orElseThrow(() -> new IllegalArgumentException(
                "limit: missing, expected a count or a rate (recon_trace's mandatory Max)"));
        Duration ttl = spec.ttl().orElse(settings.defaultTtl());
        refuseDangerous(spec, limit, ttl);
        Set<ProcessRecord> named = resolve(spec);
        TraceSessionImpl s;
        synchronized (lock) {
            if (terminated) {
                throw new IllegalStateException("node " + node.system.name() + " is stopping: no trace session starts");
            }
            TraceSessionImpl[] now = sessions;
            if (now.length >= settings.maxSessions()) {
                throw new TraceBusyException(busy(now));
            }
            s = new TraceSessionImpl(nextId++, spec, this, executor, consumer, node.table.peekNextNumber(), named, ttl);
            TraceSessionImpl[] more = Arrays.copyOf(now, now.length + 1);
            more[now.length] = s;
            sessions = more;
            s.started();
            retrace(more);
        }
        s.armTtl(node.system.scheduler(), node.system.dispatcher());
        log.info("{} started: {}", s, LogText.escaped(spec.toString()));
        return s;
    }

    /** The sessions running now, oldest first. */
    public List<TraceSession> sessions() {
        return List.of(sessions);
    }

    /**
     * {@code recon_trace:clear/0}: ends every session ({@link io.medic.runtime.trace.TraceEndReason#CLEARED});
     * completes with how many there were, once each has taken its hooks off and said so.
     */
    public CompletionStage<Integer> clear() {
        TraceSessionImpl[] now = sessions;
        CompletableFuture<?>[] ends = new CompletableFuture<?>[now.length];
        for (int i = 0; i < now.length; i++) {
            now[i].stop(io.medic.runtime.trace.TraceEndReason.CLEARED);
            ends[i] = now[i].ended().toCompletableFuture();
        }
        return CompletableFuture.allOf(ends).thenApply(x -> now.length);
    }

    /** The session has ended: it leaves the list and its hooks come off (on its executor). */
    void detach(TraceSessionImpl s) {
        synchronized (lock) {
            TraceSessionImpl[] now = sessions;
            TraceSessionImpl[] fewer = Arrays.stream(now).filter(x -> x != s).toArray(TraceSessionImpl[]::new);
            if (fewer.length == now.length) {
                return;
            }
            sessions = fewer.length == 0 ? NONE : fewer;
            retrace(sessions);
        }
    }

    /** The node terminates: every session ends, delivering its last event where it can. */
    void terminate() {
        synchronized (lock) {
            terminated = true;
        }
        for (TraceSessionImpl s : sessions) {
            s.stop(io.medic.runtime.trace.TraceEndReason.NODE_STOPPED);
        }
    }

    private static String busy(TraceSessionImpl[] running) {
        return "at most " + running.length + " trace session" + (running.length == 1 ? "" : "s")
                + " at a time (medic.trace.max-sessions): " + Arrays.stream(running).map(TraceSessionImpl::toString)
                .collect(Collectors.joining(", ")) + " is running; end it with its owner, or clear all with"
                + " Trace.clear / DELETE /medic/trace";
    }

    // ================================================================== hooks

    /**
     * Sets every linked queue's hook from {@code ss} (under the lock): one pass over the process table.
     * A process whose queue is not linked yet gets its hook in {@link #bound}.
     */
    private void retrace(TraceSessionImpl[] ss) {
        boolean bystanders = needsBystanders(ss);
        boolean watchSends = watchesSends(ss);
        for (ProcessEntry e : node.table.entries()) {
            ProcessRecord r = (ProcessRecord) e;
            MailboxQueue q = r.queueOrNull();
            if (q != null) {
                q.tracer(tracerFor(r, ss, bystanders, watchSends));
            }
        }
    }

    /**
     * A process linked its queue (on its own thread, as it starts): its hook, while sessions run; the
     * messages that reached its mailbox before (since it was spawned) are reported as arrivals now,
     * without their senders.
     */
    void bound(ProcessRecord r, MailboxQueue q) {
        ProcessTracer t;
        List<Object> early;
        synchronized (lock) {
            TraceSessionImpl[] ss = sessions;
            t = tracerFor(r, ss, needsBystanders(ss), watchesSends(ss));
            if (t == null || !t.traced()) {
                q.tracer(t);
                return;
            }
            early = q.tracerAndQueued(t);
        }
        for (Object m : early) {
            t.arrivedEarly(m);
        }
    }

    /**
     * A process is being spawned (on its spawner's thread): the sessions that follow it into it hear of a
     * restart, when its supervisor restarts a child.
     */
    void spawning(ProcessRecord r, String name, int restarts) {
        if (restarts <= 0) {
            return;
        }
        for (TraceSessionImpl s : sessions) {
            if (s.selects(r)) {
                s.restarted(r, name, restarts, r.parent().orElse(null));
            }
        }
    }

    private static ProcessTracer tracerFor(ProcessRecord r, TraceSessionImpl[] ss, boolean bystanders, boolean watchSends) {
        if (ss.length == 0 || !r.isAlive()) {
            return null;
        }
        TraceSessionImpl[] selecting = Arrays.stream(ss).filter(s -> s.selects(r)).toArray(TraceSessionImpl[]::new);
        if (selecting.length == 0 && !bystanders) {
            return null;
        }
        return new ProcessTracer(r, selecting, watchSends);
    }

    /**
     * Every process needs a hook: a session traces sends, which are seen where they arrive (the receiver's
     * queue, whose hook asks {@link Running#current()} who sends). Arrivals need none beyond the traced
     * processes': the sender is {@link Running#current()}, known for every handler.
     */
    private static boolean needsBystanders(TraceSessionImpl[] ss) {
        for (TraceSessionImpl s : ss) {
            if (s.wants(TraceEventKind.SEND)) {
                return true;
            }
        }
        return false;
    }

    private static boolean watchesSends(TraceSessionImpl[] ss) {
        for (TraceSessionImpl s : ss) {
            if (s.wants(TraceEventKind.SEND)) {
                return true;
            }
        }
        return false;
    }

    // ================================================================== rules

    /**
     * Medic's own processes: those whose behaviour class is in one of Medic's internal packages
     * ({@code io.medic.<module>.internal}) — today the supervisors. Wide specs leave them out; naming one
     * is refused.
     */
    static boolean isMedicOwn(ProcessRecord r) {
        return isMedicClass(r.initialCall());
    }

    private static boolean isMedicClass(String className) {
        return className != null && className.startsWith("io.medic.") && className.contains(".internal.");
    }

    /** recon's {@code dangerous_combo}, and the caps, refused by rule. */
    private void refuseDangerous(TraceSpec spec, TraceLimit limit, Duration ttl) {
        if (spec.wide() && !spec.filtered()) {
            String wide = spec.processes().stream().filter(PidSpec::wide).map(PidSpec::toString).findFirst().orElse("");
            throw new TraceRefusedException(TraceRefusedException.WIDE_UNFILTERED, "processes " + LogText.quoted(wide, 100)
                    + " with no message filter would trace every message of every process it matches (recon refuses"
                    + " {'_', '_', '_'}); expected messages (a class or a glob) or processes named one by one");
        }
        if (limit instanceof TraceLimit.Count c && c.events() > settings.maxCount()) {
            throw cap("limit.count: " + c.events() + " events is above the cap of " + settings.maxCount()
                    + " (medic.trace.max-count)");
        }
        if (limit instanceof TraceLimit.Rate r) {
            if (r.events() > settings.maxCount()) {
                throw cap("limit.rate: " + r.events() + " events per period is above the cap of " + settings.maxCount()
                        + " (medic.trace.max-count)");
            }
            if (r.perSecond() > settings.maxRate()) {
                throw cap("limit: " + r.events() + " events per " + r.period().toMillis() + " ms is "
                        + String.format(java.util.Locale.ROOT, "%.0f", r.perSecond()) + " events per second, above the cap of "
                        + settings.maxRate() + " (medic.trace.max-rate)");
            }
        }
        if (ttl.compareTo(settings.maxTtl()) > 0) {
            throw cap("ttl_ms: " + ttl.toMillis() + " is above the cap of " + settings.maxTtl().toMillis()
                    + " ms (medic.trace.max-ttl)");
        }
        if (spec.events().contains(TraceEventKind.STATE)) {
            for (PidSpec p : spec.processes()) {
                if (!(p instanceof PidSpec.Of) && !(p instanceof PidSpec.Name)) {
                    throw new TraceRefusedException(TraceRefusedException.STATE_ON_WIDE, "state events with processes "
                            + LogText.quoted(p.toString(), 100) + " would render the state of every process it matches"
                            + " after every message; expected processes named one by one (a pid or a name)");
                }
            }
        }
        for (PidSpec p : spec.processes()) {
            if (p instanceof PidSpec.Behaviour b && !b.wide() && isMedicClass(b.pattern())) {
                throw medicOwn("class " + b.pattern());
            }
        }
    }

    private static TraceRefusedException cap(String message) {
        return new TraceRefusedException(TraceRefusedException.LIMIT_ABOVE_CAP, message);
    }

    private static TraceRefusedException medicOwn(String what) {
        return new TraceRefusedException(TraceRefusedException.MEDIC_PROCESS, what + " is one of Medic's own"
                + " processes (a supervisor: its messages are Medic's protocol); trace its children instead, whose"
                + " exits and restarts a session sees");
    }

    /** The processes named by pid or by name, alive now; Medic's own refused. */
    private Set<ProcessRecord> resolve(TraceSpec spec) {
        Set<ProcessRecord> named = new LinkedHashSet<>();
        for (PidSpec p : spec.processes()) {
            ProcessRecord r;
            if (p instanceof PidSpec.Of of) {
                r = ProcessRecord.of(of.pid());
                if (r.node() != node) {
                    throw new IllegalArgumentException("processes: " + of.pid() + " is a process of node "
                            + r.node().system.name() + ", expected one of node " + node.system.name());
                }
                if (!r.isAlive()) {
                    throw new NoProcessException(of.pid().toString());
                }
            } else if (p instanceof PidSpec.Name n) {
                Pid pid = node.registry.whereis(n.name()).orElseThrow(() -> new NoProcessException(n.name()));
                r = ProcessRecord.of(pid);
            } else {
                continue;
            }
            if (isMedicOwn(r)) {
                throw medicOwn(p + " (" + r.pid() + ", a " + r.kind() + ")");
            }
            named.add(r);
        }
        return named;
    }

    /** The live processes carrying a hook now: none when no session runs. One pass over the table. */
    public List<Pid> hooked() {
        List<Pid> out = new ArrayList<>();
        for (ProcessEntry e : node.table.entries()) {
            if (((ProcessRecord) e).tracerOrNull() != null) {
                out.add(e.pid());
            }
        }
        return out;
    }
}
