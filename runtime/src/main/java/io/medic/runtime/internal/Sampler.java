package io.medic.runtime.internal;

import io.medic.runtime.monitor.MonitorSettings;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * INTERNAL API
 *
 * <p>A node's sampler: one daemon thread ({@code medic-sampler-<node>}) that wakes every
 * {@code medic.accounting.cpu-sample-interval} and looks at each thread that runs the node's processes
 * — O(dispatcher threads), never O(processes):
 *
 * <ul>
 *   <li><b>CPU time.</b> It reads every such thread's CPU clock (one bulk
 *       {@code ThreadMXBean.getThreadCpuTime(long[])}), closes the thread's epoch (see {@link Running})
 *       and shares the CPU time the thread used since the last sample among the processes whose
 *       handlers ran on it meanwhile, in proportion to their wall time and never more than it: a handler
 *       that filled the interval alone is credited all of it, exactly; a handler blocked or sleeping
 *       through it, next to nothing. It writes each share into the process's record, of which it is the
 *       one writer of the CPU time; nothing on a handler's path reads a CPU clock.</li>
 *   <li><b>long_schedule.</b> A handler that has run for the threshold is reported once per run, with
 *       its thread's stack.</li>
 *   <li><b>busy_dispatcher.</b> A thread whose handlers filled at least 90 % of an interval is busy for
 *       it; a dispatcher whose threads have all been busy for the threshold is starved.</li>
 *   <li>It publishes the notes other threads left for the monitor (long queues, large states), and
 *       now and then forgets the slots of threads that ended.</li>
 * </ul>
 *
 * <p>Its cost is a CPU-time read per thread per interval (about a microsecond each) and a few
 * allocations; a thread that never ran a Medic handler is not looked at.
 */
final class Sampler implements AutoCloseable {
    private static final long PURGE_EVERY_NANOS = 1_000_000_000L;

    private final NodeServices node;
    private final long intervalNanos;
    private final com.sun.management.ThreadMXBean cpuBean;
    private final MonitorSettings monitor;
    private final long longScheduleNanos;
    private final long busyDispatcherNanos;
    private final Thread thread;
    private volatile boolean running = true;
    /** Rounds completed: written by the sampler's thread only, read by anyone (see {@link #rounds()}). */
    private volatile long rounds;
    // the sampler's own
    private final Map<String, DispatcherState> dispatchers = new HashMap<>();
    private long lastPurge;

    /** A dispatcher's threads and whether it was starved at the last sample. */
    private static final class DispatcherState {
        final int threads;
        boolean starved;

        DispatcherState(int threads) {
            this.threads = threads;
        }
    }

    Sampler(NodeServices node, long intervalNanos, boolean cpu, MonitorSettings monitor) {
        this.node = node;
        this.intervalNanos = intervalNanos;
        this.cpuBean = cpu ? cpuBean() : null;
        this.monitor = monitor;
        this.longScheduleNanos = monitor.longScheduleOn() ? monitor.longScheduleThreshold().toNanos() : Long.MAX_VALUE;
        this.busyDispatcherNanos = monitor.busyDispatcherOn() ? monitor.busyDispatcherThreshold().toNanos() : Long.MAX_VALUE;
        this.thread = new Thread(this::run, "medic-sampler-" + node.system.name());
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The JVM's per-thread CPU clocks, enabled; null where the JVM has none (then CPU time is wall time). */
    private static com.sun.management.ThreadMXBean cpuBean() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
                    && b.isThreadCpuTimeSupported()) {
                if (!b.isThreadCpuTimeEnabled()) {
                    b.setThreadCpuTimeEnabled(true);
                }
                return b;
            }
        } catch (RuntimeException e) {
            // not available: handlers are credited their wall time
        }
        return null;
    }

    /** Whether handlers' CPU time is measured (else it is their wall time). */
    boolean measuresCpu() {
        return cpuBean != null;
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(intervalNanos);
            if (!running) {
                return;
            }
            try {
                sample(System.nanoTime());
            } catch (RuntimeException | LinkageError e) {
                node.log.warn("medic sampler: {}", String.valueOf(e));
            }
        }
    }

    /** One round: every slot of this node, then the dispatchers, the monitor's notes, the purge. */
    void sample(long now) {
        List<Running> slots = new ArrayList<>();
        for (Running s : Running.all()) {
            if (s.node() == node) {
                slots.add(s);
            }
        }
        long[] cpu = null;
        if (cpuBean != null && !slots.isEmpty()) {
            long[] ids = new long[slots.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = slots.get(i).threadId();
            }
            cpu = cpuBean.getThreadCpuTime(ids);
        }
        Map<String, int[]> busy = new HashMap<>();
        Map<String, Long> busySince = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            Running s = slots.get(i);
            sample(s, cpu == null ? -1 : cpu[i], now);
            if (busyDispatcherNanos != Long.MAX_VALUE) {
                String d = dispatcherOf(s);
                if (!d.isEmpty()) {
                    int[] n = busy.computeIfAbsent(d, k -> new int[1]);
                    if (s.busySince != 0 && now - s.busySince >= busyDispatcherNanos) {
                        n[0]++;
                        busySince.merge(d, s.busySince, Math::max);
                    }
                }
            }
        }
        if (busyDispatcherNanos != Long.MAX_VALUE) {
            starvation(busy, busySince, now);
        }
        node.monitor.drain();
        if (now - lastPurge >= PURGE_EVERY_NANOS) {
            lastPurge = now;
            Running.purgeDead();
        }
        rounds = rounds + 1; // the one writer
    }

    /**
     * Sampling rounds completed so far. Two rounds after a handler ended, its CPU time is credited in
     * full (the first may have begun before it ended).
     */
    long rounds() {
        return rounds;
    }

    /**
     * One slot: the interval's CPU time (or wall time, without a CPU clock) shared among the processes
     * whose handlers ran on the thread in it — those that ended, by the wall time they added to the
     * epoch's table, and the one running across the sample, by its wall time in the interval — each
     * credited its share (see {@link Running}); then long_schedule and busyness.
     */
    private void sample(Running s, long cpuNow, long now) {
        Running.Sample prev = s.sample();
        int run = s.runsAcquire();
        ProcessRecord r = s.runningRecord();
        long runStart = s.runStart();
        boolean inRun = r != null && s.runsAcquire() == run;
        // first the sample, then the epoch: a handler that ends from here on adds only its time after now
        s.publish(new Running.Sample(prev.seq() + 1, now, inRun ? run : Running.NO_RUN));
        int e = s.closeEpoch();
        long runWall = !inRun ? 0 : Math.max(0, now - (prev.runTag() == run ? prev.at() : Math.max(runStart, prev.at())));
        Running.WallTable t = s.tableOf(e);
        long wall = runWall;
        for (int i = 0; i <= t.mask; i++) {
            if (t.tag(i) == e) {
                wall += t.walls[i];
            }
        }
        long share; // the CPU time to share among them: never more than their wall time
        if (cpuNow < 0) {
            share = wall;
        } else {
            share = s.primed ? Math.min(Math.max(0, cpuNow - s.lastCpu), wall) : 0;
            s.lastCpu = cpuNow;
            s.primed = true;
        }
        if (share > 0) {
            double perWallNano = (double) share / wall;
            for (int i = 0; i <= t.mask; i++) {
                if (t.tag(i) == e) {
                    ProcessRecord p = t.records[i];
                    p.creditCpu((long) (t.walls[i] * perWallNano));
                }
            }
            if (runWall > 0) {
                r.creditCpu((long) (runWall * perWallNano));
            }
        }
        if (inRun && now - runStart >= longScheduleNanos && s.reportedRun != run) {
            s.reportedRun = run;
            node.monitor.longSchedule(r, s, run, now - runStart);
        }
        long interval = now - prev.at();
        boolean busy = interval > 0 && wall * 10 >= interval * 9;
        s.busySince = !busy ? 0 : s.busySince != 0 ? s.busySince : prev.at();
    }

    /** A dispatcher is starved when as many of its threads as it has have been busy for the threshold. */
    private void starvation(Map<String, int[]> busy, Map<String, Long> busySince, long now) {
        for (Map.Entry<String, int[]> e : busy.entrySet()) {
            DispatcherState d = dispatchers.get(e.getKey());
            if (d == null || d.threads <= 0) {
                continue;
            }
            int n = e.getValue()[0];
            boolean starved = n >= d.threads;
            if (starved != d.starved) {
                d.starved = starved;
                Long since = busySince.get(e.getKey());
                node.monitor.busyDispatcher(e.getKey(), n, d.threads, since == null ? 0 : now - since, starved);
            }
        }
    }

    /**
     * The dispatcher of a slot's thread, from its name: Akka names a dispatcher's threads
     * {@code <system>-<dispatcher id>-<n>}. "" when the name says none of this node's dispatchers.
     */
    private String dispatcherOf(Running s) {
        if (s.dispatcher == null) {
            String name = s.thread.getName();
            String prefix = node.system.name() + "-";
            int dash = name.lastIndexOf('-');
            String id = "";
            if (name.startsWith(prefix) && dash > prefix.length()) {
                String candidate = name.substring(prefix.length(), dash);
                if (node.system.dispatchers().hasDispatcher(candidate)) {
                    id = candidate;
                    dispatchers.computeIfAbsent(id, k -> new DispatcherState(AkkaInternals.dispatcherThreads(node.system, k)));
                }
            }
            s.dispatcher = id;
        }
        return s.dispatcher;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
