package io.medic.runtime.internal;

import akka.actor.typed.ActorRef;
import io.medic.runtime.CrashReport;
import io.medic.runtime.ExitReason;
import io.medic.runtime.LogText;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.RenderLimits;
import io.medic.runtime.Rendered;
import io.medic.runtime.SettingsReader;
import com.typesafe.config.Config;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>A node's crash reports ({@code proc_lib}'s crash reports): writes one when a process exits
 * abnormally ({@link #write}, called by the process itself as it stops, so that its state and last
 * message are rendered where it is safe to read them, once), keeps the last {@code medic.crash.history}
 * in a ring, logs each as one ERROR entry on the {@code io.medic.crash} logger, and hands it to the
 * listeners ({@link #listen}: the node's event consumers — JFR, streams). Thread-safe: the ring is
 * guarded by its own lock, held for a copy or an add only.
 */
public final class CrashLog {
    /** The logger crash reports are written to, one entry each. */
    public static final String LOGGER = "io.medic.crash";
    /** The message a process passes when it stops outside any handler. */
    public static final Object NO_MESSAGE = new Object();
    /** The message a process passes when it stops in its init (its start failed). */
    public static final Object IN_INIT = new Object();

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** How far up the parent chain ancestors are named (a supervision tree is never this deep). */
    private static final int MAX_ANCESTORS = 64;
    private static final String SENSITIVE = "sensitive process: its last message and its state are not shown";
    private static final String NO_STATE_YET = "it stopped in its init: it had no state yet";

    /** {@code medic.crash}, read and checked once per node. */
    public record Settings(int history, int maxStackFrames, int maxNeighbours, RenderLimits render) {
        static Settings fromConfig(Config config) {
            SettingsReader r = new SettingsReader(config, "medic.crash");
            int history = r.integer("history", 1, 100_000);
            int frames = r.integer("max-stack-frames", 1, 10_000);
            int neighbours = r.integer("max-neighbours", 0, 1000);
            RenderLimits render = RenderLimits.read(r, "render");
            r.throwIfInvalid("Medic crash report configuration");
            return new Settings(history, frames, neighbours, render);
        }
    }

    private final NodeServices node;
    private final Settings settings;
    private final ArrayDeque<CrashReport> ring = new ArrayDeque<>();
    private final CopyOnWriteArrayList<Consumer<CrashReport>> listeners = new CopyOnWriteArrayList<>();
    /** Guarded by {@link #ring}. */
    private long lastId;

    CrashLog(NodeServices node, Config config) {
        this.node = node;
        this.settings = Settings.fromConfig(config);
    }

    public Settings settings() {
        return settings;
    }

    // ================================================================== writing (the crashing process's thread)

    /**
     * Whether OTP writes a crash report for a process exiting with {@code reason}: an abnormal reason
     * other than {@code killed} (a killed process runs none of its own code).
     */
    public static boolean reports(ExitReason reason) {
        return reason.isAbnormal() && !(reason instanceof ExitReason.Killed);
    }

    /**
     * Writes the crash report of {@code process}, which is stopping with {@code reason} while (or after)
     * handling {@code lastMessage} ({@link #NO_MESSAGE}, {@link #IN_INIT}): renders its last message and
     * its state ({@code callbacks.formattedState()}) unless it is sensitive, keeps the report with the
     * process and in the ring, logs it, and hands it to the listeners. Called by the process itself,
     * before it leaves the table (its monitors then see the report). A failure to build the report is
     * logged instead; it never stops the process from exiting.
     */
    void write(ProcessCore process, ExitReason reason, Object lastMessage, ProcessCore.SysCallbacks callbacks) {
        CrashReport draft;
        try {
            draft = build(process, reason, lastMessage, callbacks);
        } catch (Throwable t) {
            UserCode.rethrowIfFatal(t);
            LOG.error("{} exited with reason {}, and its crash report could not be written: {}", process,
                    LogText.escaped(cut(safeText(reason))), LogText.escaped(cut(t.toString())));
            return;
        }
        CrashReport report;
        synchronized (ring) { // ids in the order of the ring: a cursor never skips a report added late
            report = withId(draft, ++lastId);
            if (ring.size() >= settings.history) {
                ring.pollFirst();
            }
            ring.addLast(report);
        }
        process.keepCrashReport(report);
        log(report, reason);
        for (Consumer<CrashReport> l : listeners) {
            try {
                l.accept(report);
            } catch (Throwable t) {
                UserCode.rethrowIfFatal(t);
                node.log.warn("a crash report listener failed on report {} of {}: {}", report.id(), report.pid(),
                        LogText.escaped(cut(t.toString())));
            }
        }
        if (reason instanceof ExitReason.Exception e && UserCode.isFatal(e.cause())) {
            // the error goes on to Akka, which takes the JVM (or the ActorSystem) down: last words now
            node.abnormalStop(new io.medic.runtime.Node.AbnormalStop("fatal_error", "fatal error in " + report.pid()
                    + " (" + report.initialCall() + "): " + cut(safeText(reason)), 1));
        }
    }

    private CrashReport build(ProcessCore p, ExitReason reason, Object lastMessage,
                              ProcessCore.SysCallbacks callbacks) {
        boolean sensitive = p.isSensitive();
        String type;
        Rendered message = null;
        if (lastMessage == IN_INIT) {
            type = "init";
        } else if (lastMessage == NO_MESSAGE) {
            type = p.currentMessageType().orElse(null);
        } else {
            type = lastMessage.getClass().getName();
            message = sensitive ? null : render(lastMessage);
        }
        Rendered state = null;
        String note = sensitive ? SENSITIVE : lastMessage == IN_INIT ? NO_STATE_YET : callbacks.stateNote();
        if (note == null) {
            state = render(callbacks.formattedState());
        }
        Throwable error = reason instanceof ExitReason.Exception e ? e.cause() : null;
        List<String> stack = new ArrayList<>();
        boolean cut = error != null && stacktrace(error, stack);
        return new CrashReport(0, Instant.now(), p, p.registeredName().orElse(null), p.kind(), p.initialCall(),
                ancestors(p), cut(safeText(reason)), error == null ? null : error.getClass().getName(), stack, cut,
                type, message, state, note, p.messageQueueLen(), p.reductions(), p.memory(), p.restarts(), sensitive,
                neighbours(p));
    }

    private static CrashReport withId(CrashReport r, long id) {
        return new CrashReport(id, r.crashedAt(), r.pid(), r.registeredName(), r.kind(), r.initialCall(), r.ancestors(),
                r.reason(), r.errorClass(), r.stacktrace(), r.stacktraceTruncated(), r.lastMessageType(), r.lastMessage(),
                r.state(), r.note(), r.messageQueueLen(), r.reductions(), r.memoryBytes(), r.restarts(), r.sensitive(),
                r.neighbours());
    }

    private Rendered render(Object value) {
        try {
            return Rendered.of(value, settings.render);
        } catch (Throwable t) {
            UserCode.rethrowIfFatal(t);
            return new Rendered(value == null ? null : value.getClass().getName(),
                    "\"...(rendering failed: " + t.getClass().getSimpleName() + ")\"", true);
        }
    }

    /** The frames of {@code error} and its causes, at most max-stack-frames lines; true if some were left out. */
    private boolean stacktrace(Throwable error, List<String> out) {
        int max = settings.maxStackFrames;
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = error; t != null && !seen.contains(t); t = t.getCause()) {
            if (t != error) {
                if (out.size() >= max) {
                    return true;
                }
                out.add(cut("Caused by: " + safeText(t)));
            }
            seen.add(t);
            for (StackTraceElement frame : t.getStackTrace()) {
                if (out.size() >= max) {
                    return true;
                }
                out.add(frame.toString());
            }
        }
        return false;
    }

    private static List<CrashReport.ProcessRef> ancestors(ProcessRecord p) {
        List<CrashReport.ProcessRef> out = new ArrayList<>();
        Optional<Pid> parent = p.parent();
        while (parent.isPresent() && out.size() < MAX_ANCESTORS) {
            ProcessEntry e = parent.get().entry();
            out.add(new CrashReport.ProcessRef(parent.get(), e.registeredName().orElse(null)));
            parent = e.parent();
        }
        return out;
    }

    /**
     * The processes monitoring {@code p} (its supervisor among them), then its Medic children, at most
     * max-neighbours. Cost: the children are listed by Akka in full (a supervisor of many children
     * pays for the list once, when it crashes).
     */
    private List<CrashReport.Neighbour> neighbours(ProcessCore p) {
        int max = settings.maxNeighbours;
        List<CrashReport.Neighbour> out = new ArrayList<>();
        for (Pid watcher : p.monitoredBy()) {
            if (out.size() >= max) {
                return out;
            }
            out.add(neighbour(watcher, "monitor"));
        }
        if (p.context() == null || out.size() >= max) {
            return out;
        }
        for (ActorRef<Void> child : p.context().getChildren()) {
            if (out.size() >= max) {
                break;
            }
            node.table.lookup(child).ifPresent(c -> out.add(neighbour(c, "child")));
        }
        return out;
    }

    private static CrashReport.Neighbour neighbour(Pid pid, String relation) {
        ProcessEntry e = pid.entry();
        return new CrashReport.Neighbour(pid, e.registeredName().orElse(null), relation, e.status(), e.messageQueueLen());
    }

    /**
     * The report as one log entry, at ERROR: what OTP's crash report says, on one line, every text that
     * is not Medic's own escaped ({@link LogText}); the renderings are already escaped the same way. A
     * crash's throwable is attached, for the log's own rendering of it.
     */
    private static void log(CrashReport r, ExitReason reason) {
        StringBuilder b = new StringBuilder(256);
        b.append("crash report ").append(r.id()).append(": ").append(r.kind()).append(' ').append(r.pid())
                .append(" (").append(LogText.escaped(r.initialCall()));
        if (r.registeredName() != null) {
            b.append(", registered as ").append(LogText.escaped(r.registeredName()));
        }
        b.append(") terminating with reason ").append(LogText.escaped(r.reason()));
        b.append("; last message ").append(r.lastMessageType() == null ? "none" : LogText.escaped(r.lastMessageType()));
        if (r.lastMessage() != null) {
            b.append(' ').append(r.lastMessage().json());
        }
        b.append("; state ").append(r.state() != null ? r.state().json() : "not shown (" + LogText.escaped(r.note()) + ")");
        b.append("; ancestors [");
        for (int i = 0; i < r.ancestors().size(); i++) {
            CrashReport.ProcessRef a = r.ancestors().get(i);
            b.append(i == 0 ? "" : ", ").append(a.registeredName() == null ? a.pid().toString() : LogText.escaped(a.registeredName()));
        }
        b.append("]; message_queue_len ").append(r.messageQueueLen()).append("; reductions ").append(r.reductions())
                .append("; memory_bytes ").append(r.memoryBytes()).append("; restarts ").append(r.restarts())
                .append("; neighbours [");
        for (int i = 0; i < r.neighbours().size(); i++) {
            CrashReport.Neighbour n = r.neighbours().get(i);
            b.append(i == 0 ? "" : ", ").append(n.pid());
            if (n.registeredName() != null) {
                b.append(' ').append(LogText.escaped(n.registeredName()));
            }
            b.append(' ').append(n.relation()).append(' ').append(n.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append(' ').append(n.messageQueueLen());
        }
        b.append(']');
        if (reason instanceof ExitReason.Exception e) {
            LOG.error(b.toString(), e.cause());
        } else {
            LOG.error(b.toString());
        }
    }

    private String cut(String s) {
        int max = settings.render.maxStringLength();
        return s.length() <= max ? s : s.substring(0, max) + "...(" + (s.length() - max) + " more chars)";
    }

    /** {@code String.valueOf(value)}: user code, which may throw. */
    private static String safeText(Object value) {
        try {
            return String.valueOf(value);
        } catch (Throwable t) {
            UserCode.rethrowIfFatal(t);
            return value.getClass().getName() + " (toString failed: " + t.getClass().getName() + ")";
        }
    }

    // ================================================================== reading (any thread)

    /** Reports with {@code since < id < before} that {@code filter} accepts, newest first, at most {@code limit}. */
    public List<CrashReport> list(long since, long before, int limit, Predicate<CrashReport> filter) {
        List<CrashReport> out = new ArrayList<>(Math.min(limit, 16));
        synchronized (ring) {
            for (Iterator<CrashReport> it = ring.descendingIterator(); it.hasNext() && out.size() < limit; ) {
                CrashReport r = it.next();
                if (r.id() <= since) {
                    break;
                }
                if (r.id() < before && filter.test(r)) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The id of the newest report written, 0 if none. */
    public long latestId() {
        synchronized (ring) {
            return lastId;
        }
    }

    public int capacity() {
        return settings.history;
    }

    /**
     * Hands every report written from now on to {@code listener}, on the crashing process's thread
     * (it must be quick and must not block); returns what removes it. The node's minimal event hook
     * for crash reports, until the node-level event bus takes its place.
     */
    public Runnable listen(Consumer<CrashReport> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
