package io.medic.runtime.internal;

import io.medic.runtime.LogText;
import io.medic.runtime.SysEvent;
import io.medic.runtime.SysStatistics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>A process's sys debug options (statistics, log, trace): the {@code Deb} of OTP's sys module.
 * Allocated only while one of them is on; used on the process's own thread only.
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

    SysDebug(ProcessRecord record) {
        this.record = record;
    }

    boolean idle() {
        return !statistics && ring == null && !trace;
    }

    boolean recording() {
        return (ring != null || trace) && !record.sensitive;
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

    /** Records one event; the rendering is done only when the log or trace is on. */
    void event(String kind, Object message) {
        if (statistics && (kind.equals("call") || kind.equals("cast") || kind.equals("info"))) {
            statsIn++; // OTP's messages_in: user messages only, not system ones
        }
        if (!recording()) {
            return;
        }
        SysEvent e = new SysEvent(Instant.now(), kind, render(message, record.node().settings.sysEventMaxChars()));
        if (ring != null) {
            add(e);
        }
        if (trace && record.node().traceLimiter.tryAcquire(record.node().clock.nanos())) {
            TRACE.info("{} {}: {}", record.pid(), kind, LogText.escaped(e.description())); // a message may carry CR LF
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
        String s;
        try {
            s = String.valueOf(message);
        } catch (RuntimeException e) {
            s = message.getClass().getName() + " (toString failed: " + e + ")";
        }
        return s.length() <= maxChars ? s : s.substring(0, maxChars) + "...(" + s.length() + " chars)";
    }
}
