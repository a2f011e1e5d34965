package io.medic.runtime.internal;

import io.medic.runtime.SysDebugFunction;
import io.medic.runtime.SysEvent;
import io.medic.runtime.SysStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>A process's sys debug options (statistics, log, trace, installed functions): the {@code Deb} of
 * OTP's sys module. Allocated only while one of them is on; used on the process's own thread only.
 */
final class SysDebug {
    static final Logger TRACE = LoggerFactory.getLogger("io.medic.trace");

    private final ProcessRecord record;
    // statistics baseline
    private boolean statistics;
    private long statsStartMillis;
    private long statsIn;
    private long statsOut;
    private long statsReductions;
    // log ring
    private SysEvent[] ring;
    private int next;
    private int count;
    // trace
    private boolean trace;
    // installed functions, by id, in the order installed
    private LinkedHashMap<Object, Installed> installed;

    /** An installed function and its current state. */
    private static final class Installed {
        final SysDebugFunction<Object> fn;
        Object state;

        Installed(SysDebugFunction<Object> fn, Object state) {
            this.fn = fn;
            this.state = state;
        }
    }

    SysDebug(ProcessRecord record) {
        this.record = record;
    }

    boolean idle() {
        return !statistics && ring == null && !trace && (installed == null || installed.isEmpty());
    }

    private boolean recording() {
        return (ring != null || trace || installed != null) && !record.isSensitive();
    }

    void statisticsOn() {
        statistics = true;
        statsStartMillis = System.currentTimeMillis();
        statsIn = 0;
        statsOut = record.messagesOut();
        statsReductions = record.reductions();
    }

    void statisticsOff() {
        statistics = false;
    }

    boolean statisticsEnabled() {
        return statistics;
    }

    SysStatistics statistics() {
        if (!statistics) {
            return null;
        }
        return new SysStatistics(Instant.ofEpochMilli(statsStartMillis), Instant.now(),
                record.reductions() - statsReductions, statsIn,
                record.messagesOut() - statsOut);
    }

    void logOn(int size) {
        SysEvent[] fresh = new SysEvent[size];
        List<SysEvent> old = log();
        ring = fresh;
        next = 0;
        count = 0;
        for (SysEvent e : old.subList(Math.max(0, old.size() - size), old.size())) {
            add(e);
        }
    }

    void logOff() {
        ring = null;
        next = 0;
        count = 0;
    }

    int logSize() {
        return ring == null ? 0 : ring.length;
    }

    List<SysEvent> log() {
        if (ring == null) {
            return List.of();
        }
        List<SysEvent> out = new ArrayList<>(count);
        int start = (next - count + ring.length) % ring.length;
        for (int i = 0; i < count; i++) {
            out.add(ring[(start + i) % ring.length]);
        }
        return out;
    }

    void traceOn(boolean on) {
        trace = on;
    }

    boolean traceEnabled() {
        return trace;
    }

    /**
     * {@code sys:install}: installs {@code fn} with {@code state} under {@code id}, unless a function
     * is installed under that id already (then nothing changes, as in OTP).
     */
    @SuppressWarnings("unchecked")
    void install(Object id, SysDebugFunction<?> fn, Object state) {
        if (installed == null) {
            installed = new LinkedHashMap<>();
        }
        installed.putIfAbsent(id, new Installed((SysDebugFunction<Object>) fn, state));
    }

    /** {@code sys:remove}: true if a function was installed under {@code id}. */
    boolean remove(Object id) {
        return installed != null && installed.remove(id) != null;
    }

    /** The ids of the installed functions, in the order installed, rendered. */
    List<String> installedIds() {
        if (installed == null) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(installed.size());
        for (Object id : installed.keySet()) {
            ids.add(Render.bounded(id, record.node().settings.sysEventMaxChars()));
        }
        return List.copyOf(ids);
    }

    /** Records one event; it is rendered only when the log or trace is on. */
    void event(String kind, Object message) {
        if (statistics && (kind.equals("call") || kind.equals("cast") || kind.equals("info"))) {
            statsIn++; // OTP's messages_in: user messages only, not system ones
        }
        if (!recording()) {
            return;
        }
        if (installed != null) {
            callInstalled(kind, message);
        }
        if (ring == null && !trace) {
            return;
        }
        SysEvent e = new SysEvent(Instant.now(), kind, render(message, record.node().settings.sysEventMaxChars()));
        if (ring != null) {
            add(e);
        }
        if (trace && record.node().traceLimiter.tryAcquire(record.node().clock.nanos())) {
            TRACE.info("{} {}: {}", record.pid(), kind, e.description()); // rendered escaped: a message may carry CR LF
        }
    }

    /** Calls each installed function; one that returns null (done) or throws is removed, as in OTP. */
    private void callInstalled(String kind, Object message) {
        for (Iterator<Map.Entry<Object, Installed>> it = installed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Object, Installed> entry = it.next();
            Installed f = entry.getValue();
            Object nextState;
            try {
                nextState = f.fn.onEvent(f.state, kind, message);
            } catch (Throwable t) {
                UserCode.rethrowIfFatal(t);
                record.node().log.warn("sys debug function {} of {} threw {}: removed",
                        Render.bounded(entry.getKey(), 80), record.pid(), Render.bounded(t, 200));
                nextState = null;
            }
            if (nextState == null) {
                it.remove();
            } else {
                f.state = nextState;
            }
        }
        if (installed.isEmpty()) {
            installed = null;
        }
    }

    private void add(SysEvent e) {
        ring[next] = e;
        next = (next + 1) % ring.length;
        if (count < ring.length) {
            count++;
        }
    }

    static String render(Object message, int maxChars) {
        return Render.bounded(message, maxChars);
    }
}
