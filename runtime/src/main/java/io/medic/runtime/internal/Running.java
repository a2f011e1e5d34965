package io.medic.runtime.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API
 *
 * <p>One thread's slot: which Medic process runs a handler on this thread now, since when, how many
 * messages that handler has sent, and the wall time each process's handlers ran here since the last
 * sample. Every thread that has run a Medic handler has exactly one slot; a process's record caches the
 * slot of the thread it last ran on (beside that thread), so the hot path finds it with one compare,
 * and {@link #current()} answers "who is running here" for code that does not know (a mailbox's
 * enqueue, on the sender's thread).
 *
 * <p><b>Finding a thread's slot without a ThreadLocal.</b> Slots live in a small open-addressing table
 * keyed by thread id (copy-on-write, replaced under a lock when a slot is added or a dead thread's
 * slot is removed by a sampler); a lookup is the thread's id masked into the table and, rarely, a few
 * more probes: a handful of loads, no hashing of a key object, no {@code WeakReference}.
 *
 * <p><b>CPU time, off the handlers' path.</b> No CPU-time read happens on a handler's path. A handler
 * that ends adds its wall time to its process's entry in the slot's table of the current sampling
 * interval (an epoch): nothing at all when no time passed on the coarse clock, which is the common case
 * for a hot process. Every {@code medic.accounting.cpu-sample-interval} the node's {@link Sampler}
 * closes the epoch, reads the thread's CPU clock, and shares the interval's CPU time among the
 * processes of the closed table and the handler running across the sample, in proportion to their
 * wall time and never more than it; it writes each one's share into its record (the sampler is the one
 * writer of a record's CPU time). A handler running across samples is credited at each of them; when
 * it ends it adds only the wall time after the last one. Two tables alternate, so that the thread
 * fills one while the sampler reads the other; an entry's epoch tag, written last, says which epoch it
 * belongs to, and stale entries are simply overwritten.
 *
 * <p><b>Memory order.</b> The fields marked "own" are written by the slot's thread only, with opaque
 * stores (plain moves on x86), and read by samplers and readers with opaque loads; the run counter is
 * written with release after the run's start and process, so a reader that loads it with acquire sees
 * them; an entry's tag is written with release after its process and wall time, and read with acquire.
 * The sampler publishes its view of the slot as one immutable {@link Sample}, through a volatile field,
 * and the epoch with release.
 */
public final class Running {

    /** A run tag no run has (runs count from 1; a tag is compared for equality only). */
    static final int NO_RUN = 0;
    /** Entries of a fresh wall table. */
    private static final int FIRST_TABLE = 16;

    private static final VarHandle NODE;
    private static final VarHandle NUMBER;
    private static final VarHandle RUN_START;
    private static final VarHandle RUNS;
    private static final VarHandle EPOCH;
    private static final VarHandle TABLES;
    private static final VarHandle TAGS = MethodHandles.arrayElementVarHandle(int[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NODE = l.findVarHandle(Running.class, "node", NodeServices.class);
            NUMBER = l.findVarHandle(Running.class, "number", long.class);
            RUN_START = l.findVarHandle(Running.class, "runStart", long.class);
            RUNS = l.findVarHandle(Running.class, "runs", int.class);
            EPOCH = l.findVarHandle(Running.class, "epoch", int.class);
            TABLES = MethodHandles.arrayElementVarHandle(WallTable[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ------------------------------------------------------------------ the table of slots

    private static final Object LOCK = new Object();
    /** Slots by thread id, open addressing, length a power of two at least four times the slots. */
    private static volatile Running[] table = new Running[64];
    /** Guarded by LOCK. */
    private static int slots;

    /**
     * What a sampler last published for one slot.
     *
     * @param seq    samples so far
     * @param at     when it was taken ({@code System.nanoTime()})
     * @param runTag the run it saw going on then and credited up to {@code at}, or {@link #NO_RUN}
     */
    record Sample(int seq, long at, int runTag) {
    }

    /**
     * The wall time each process's handlers ran on this thread in one epoch (the entries tagged with it),
     * by open addressing on the pid number. Written by the slot's thread; read by the sampler once the
     * epoch is closed.
     */
    static final class WallTable {
        final ProcessRecord[] records;
        final long[] walls;
        final int[] tags;
        final int mask;
        /** Entries of epoch {@link #countEpoch} (the thread's own). */
        int count;
        int countEpoch;

        WallTable(int size) {
            records = new ProcessRecord[size];
            walls = new long[size];
            tags = new int[size];
            mask = size - 1;
        }

        /** The entry's epoch: acquire, after which its process and wall time are the entry's. */
        int tag(int i) {
            return (int) TAGS.getAcquire(tags, i);
        }
    }

    final Thread thread;
    private final long tid;

    // --- own (the slot's thread), read by samplers and readers ---
    private NodeServices node;
    /** The pid number of the process running here now, or that ran here last (0: none yet). */
    private long number;
    /** When the handler running here now started (the record's clock: nanoTime or the coarse clock). */
    private long runStart;
    /** Handler runs started here: the running one's id. Release, after runStart, number and node. */
    private int runs;
    /** Messages the running handler has sent so far (plain: the thread's own). */
    private int sent;
    /** The wall tables of even and odd epochs; the thread replaces the current one when it grows it. */
    private final WallTable[] tables = {new WallTable(FIRST_TABLE), new WallTable(FIRST_TABLE)};

    // --- written by the sampler ---
    /** The epoch handlers add to now (from 1); the sampler closes it with a release store of the next. */
    private int epoch = 1;
    private volatile Sample sample;

    // --- the sampler's own ---
    boolean primed;
    long lastCpu;
    /** The run a long_schedule event was published for. */
    int reportedRun = NO_RUN;
    /** Since when this thread has been busy in handlers (nanoTime), 0 if it is not. */
    long busySince;
    /** The dispatcher this thread belongs to ("" when unknown), resolved once. */
    String dispatcher;

    private Running(Thread thread) {
        this.thread = thread;
        this.tid = thread.getId();
        this.sample = new Sample(0, System.nanoTime(), NO_RUN);
    }

    // ================================================================== finding slots

    /**
     * The slot of the calling thread, or null if it has never run a Medic handler. A few loads; no
     * allocation, no lock.
     */
    public static Running ofCurrentThread() {
        Thread t = Thread.currentThread();
        Running[] tab = table;
        int mask = tab.length - 1;
        for (int i = (int) t.getId() & mask; ; i = (i + 1) & mask) {
            Running r = tab[i];
            if (r == null || r.thread == t) {
                return r;
            }
        }
    }

    /** The slot of the calling thread, made and entered in the table the first time. */
    static Running forCurrentThread() {
        Running r = ofCurrentThread();
        return r != null ? r : register(Thread.currentThread());
    }

    /**
     * The record whose handler runs on the calling thread now, or null (not a Medic handler's thread,
     * or between handlers). Cost: the slot's lookup, then the pid's lookup in its node's table.
     */
    public static ProcessRecord current() {
        Running s = ofCurrentThread();
        return s == null ? null : s.runningRecord();
    }

    /**
     * A message was sent from the calling thread: counted for the handler running here, if any (it
     * becomes its {@code messages_out} when it ends). Plain: the slot is the thread's own.
     */
    static void countSend() {
        Running s = ofCurrentThread();
        if (s != null) {
            s.sent++;
        }
    }

    /** Every slot now (a snapshot). */
    static List<Running> all() {
        Running[] tab = table;
        List<Running> out = new ArrayList<>(tab.length / 4 + 1);
        for (Running r : tab) {
            if (r != null) {
                out.add(r);
            }
        }
        return out;
    }

    private static Running register(Thread t) {
        synchronized (LOCK) {
            Running existing = ofCurrentThread();
            if (existing != null) {
                return existing;
            }
            Running r = new Running(t);
            long cpu = threadCpuNow();
            r.lastCpu = cpu;
            r.primed = cpu >= 0; // the sampler shares what the thread uses from here on
            Running[] tab = table;
            tab = (slots + 1) * 4 > tab.length ? rehash(tab, tab.length * 2, null) : tab.clone();
            insert(tab, r);
            slots++;
            table = tab;
            return r;
        }
    }

    /** The calling thread's CPU time now, or -1 where the JVM cannot tell (once per thread). */
    private static long threadCpuNow() {
        try {
            java.lang.management.ThreadMXBean b = java.lang.management.ManagementFactory.getThreadMXBean();
            return b.isCurrentThreadCpuTimeSupported() ? b.getCurrentThreadCpuTime() : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Removes the slots of threads that have ended. Called by samplers, now and then. */
    static void purgeDead() {
        boolean any = false;
        for (Running r : table) {
            if (r != null && !r.thread.isAlive()) {
                any = true;
                break;
            }
        }
        if (!any) {
            return;
        }
        synchronized (LOCK) {
            Running[] fresh = rehash(table, table.length, r -> r.thread.isAlive());
            int n = 0;
            for (Running r : fresh) {
                if (r != null) {
                    n++;
                }
            }
            slots = n;
            table = fresh;
        }
    }

    private static Running[] rehash(Running[] from, int length, java.util.function.Predicate<Running> keep) {
        Running[] to = new Running[length];
        for (Running r : from) {
            if (r != null && (keep == null || keep.test(r))) {
                insert(to, r);
            }
        }
        return to;
    }

    private static void insert(Running[] tab, Running r) {
        int mask = tab.length - 1;
        int i = (int) r.tid & mask;
        while (tab[i] != null) {
            i = (i + 1) & mask;
        }
        tab[i] = r;
    }

    // ================================================================== the slot's own thread

    /**
     * A handler of {@code r} starts here at {@code start}: the slot names the process (stored only
     * when it changes), the run's start and a new run id (release: after the others), and the run's
     * sent count starts at 0.
     */
    void begin(ProcessRecord r, long start) {
        long n = r.number();
        if (number != n) {
            NodeServices rn = r.node();
            if (node != rn) {
                NODE.setOpaque(this, rn);
            }
            NUMBER.setOpaque(this, n);
        }
        RUN_START.setOpaque(this, start);
        sent = 0;
        RUNS.setRelease(this, runs + 1);
    }

    /** When the handler running here started (own thread: plain). */
    long runStartOwn() {
        return runStart;
    }

    /** Messages the handler running here has sent so far (own thread). */
    int sentOwn() {
        return sent;
    }

    /**
     * The handler of {@code r} that began at {@code start} ends at {@code now} (the same clock): its
     * wall time goes to {@code r}'s entry of the current epoch, for the sampler to share the interval's
     * CPU time by. Nothing when no time passed (a hot process, on the coarse clock, within one tick);
     * only the time after the last sample when a sampler saw this run and credited it up to then.
     */
    void end(ProcessRecord r, long start, long now) {
        long wall = now - start;
        if (wall <= 0) {
            return;
        }
        Sample cur = sample;
        if (cur.runTag() == runs) {
            long rest = now - cur.at();
            if (rest <= 0) {
                return;
            }
            wall = Math.min(rest, wall);
        }
        add(r, wall);
    }

    /** Adds {@code wall} to {@code r}'s entry of the current epoch, making the entry if it has none. */
    private void add(ProcessRecord r, long wall) {
        int e = (int) EPOCH.getOpaque(this);
        WallTable t = tables[e & 1];
        int mask = t.mask;
        for (int i = (int) r.number() & mask; ; i = (i + 1) & mask) {
            ProcessRecord at = t.records[i];
            int tag = t.tags[i];
            if (at == r && tag == e) {
                t.walls[i] += wall; // the sampler reads it once the epoch is closed
                return;
            }
            if (at == null || tag != e) {
                // free, or left from an older epoch: a process of this epoch probes no further than here
                if (at != r) {
                    t.records[i] = r;
                }
                t.walls[i] = wall;
                TAGS.setRelease(t.tags, i, e);
                if (t.countEpoch != e) {
                    t.countEpoch = e;
                    t.count = 0;
                }
                if (++t.count * 2 > mask + 1) {
                    grow(t, e);
                }
                return;
            }
        }
    }

    /** The current epoch's table is half full: a table twice its size, with the epoch's entries. */
    private void grow(WallTable t, int e) {
        WallTable bigger = new WallTable((t.mask + 1) * 2);
        for (int i = 0; i <= t.mask; i++) {
            if (t.tags[i] == e) {
                int mask = bigger.mask;
                int j = (int) t.records[i].number() & mask;
                while (bigger.tags[j] == e) {
                    j = (j + 1) & mask;
                }
                bigger.records[j] = t.records[i];
                bigger.walls[j] = t.walls[i];
                bigger.tags[j] = e;
                bigger.count++;
            }
        }
        bigger.countEpoch = e;
        TABLES.setRelease(tables, e & 1, bigger);
    }

    // ================================================================== the sampler

    /**
     * Closes the current epoch (release: handlers add to the next one from here on) and returns it; its
     * table is then {@link #tableOf(int)}.
     */
    int closeEpoch() {
        int e = epoch;
        EPOCH.setRelease(this, e + 1 == 0 ? 1 : e + 1);
        return e;
    }

    /** The table of epoch {@code e} (acquire: a table the thread grew is seen whole). */
    WallTable tableOf(int e) {
        return (WallTable) TABLES.getAcquire(tables, e & 1);
    }

    Sample sample() {
        return sample;
    }

    /** The sampler publishes its view (volatile: the thread reads it with one load). */
    void publish(Sample s) {
        sample = s;
    }

    // ================================================================== any thread

    /** The record running a handler on this slot now, or null. */
    ProcessRecord runningRecord() {
        NodeServices n = (NodeServices) NODE.getOpaque(this);
        long num = (long) NUMBER.getOpaque(this);
        if (n == null || num == 0) {
            return null;
        }
        ProcessRecord r = n.table.record(num);
        return r != null && r.runsOn(this) ? r : null;
    }

    /** The node of the processes this thread runs (the last one's), or null. Opaque. */
    NodeServices node() {
        return (NodeServices) NODE.getOpaque(this);
    }

    /** The id of the run going on or last begun here. Acquire: its start and process are then visible. */
    int runsAcquire() {
        return (int) RUNS.getAcquire(this);
    }

    /** When the run going on here began (opaque). */
    long runStart() {
        return (long) RUN_START.getOpaque(this);
    }

    /** The pid number of the process running or last run here (opaque). */
    long number() {
        return (long) NUMBER.getOpaque(this);
    }

    /** The thread's id. */
    long threadId() {
        return tid;
    }

    @Override
    public String toString() {
        return "Running(" + thread.getName() + ")";
    }
}
