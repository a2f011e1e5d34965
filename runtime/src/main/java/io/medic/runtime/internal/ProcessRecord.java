package io.medic.runtime.internal;

import akka.actor.typed.ActorRef;
import io.medic.runtime.Down;
import io.medic.runtime.ExitReason;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessInfo;
import io.medic.runtime.ProcessStatus;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * INTERNAL API
 *
 * <p>One process's record in the process table. The process is the single writer of its accounting
 * fields and writes them with opaque/release stores (plain moves on x86); readers on other threads use
 * opaque/acquire loads and never block the process. Monitors and the exit transition are guarded by
 * the record's monitor lock; they are rare.
 *
 * <p>The thread and message type of the handler running now are valid only while the status says a
 * handler runs ({@link #S_RUNNING}, or {@link #S_INIT_RUNNING} during init). Between messages they keep
 * their last values and are rewritten only when they change: a reference store into a long-lived object
 * costs a G1 write barrier with a StoreLoad fence, and storing two references and then two nulls for every
 * message was most of the accounting's cost. Readers check the status (acquire) before they read them.
 */
public abstract class ProcessRecord extends Pid implements ProcessEntry {

    public static final int S_INITIALIZING = 0;
    public static final int S_WAITING = 1;
    public static final int S_RUNNING = 2;
    public static final int S_SUSPENDED = 3;
    public static final int S_EXITING = 4;
    /** Running its init: shown as initializing, but a handler runs (thread and current type are valid). */
    static final int S_INIT_RUNNING = 5;

    private static final ProcessStatus[] STATUSES = {
        ProcessStatus.INITIALIZING, ProcessStatus.WAITING, ProcessStatus.RUNNING,
        ProcessStatus.SUSPENDED, ProcessStatus.EXITING, ProcessStatus.INITIALIZING
    };

    /** Below this many ns of wall time per message, a process's handlers are timed with the coarse clock. */
    static final long PRECISE_NANOS_PER_MESSAGE = 100_000;

    private static final VarHandle STATUS;
    private static final VarHandle CURRENT_TYPE;
    private static final VarHandle THREAD;
    private static final VarHandle START_TICK;
    private static final VarHandle HANDLED;
    private static final VarHandle BUSY;
    private static final VarHandle ALLOCATED;
    private static final VarHandle MEMORY;
    private static final VarHandle HELD;
    private static final VarHandle OUT;
    private static final VarHandle REF;
    private static final VarHandle PORTS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(ProcessRecord.class, "status", int.class);
            CURRENT_TYPE = l.findVarHandle(ProcessRecord.class, "currentType", Class.class);
            THREAD = l.findVarHandle(ProcessRecord.class, "thread", Thread.class);
            START_TICK = l.findVarHandle(ProcessRecord.class, "startTick", long.class);
            HANDLED = l.findVarHandle(ProcessRecord.class, "handled", long.class);
            BUSY = l.findVarHandle(ProcessRecord.class, "busyNanos", long.class);
            ALLOCATED = l.findVarHandle(ProcessRecord.class, "allocated", long.class);
            MEMORY = l.findVarHandle(ProcessRecord.class, "stateBytes", long.class);
            HELD = l.findVarHandle(ProcessRecord.class, "held", int.class);
            OUT = l.findVarHandle(ProcessRecord.class, "out", long.class);
            REF = l.findVarHandle(ProcessRecord.class, "ref", ActorRef.class);
            PORTS = l.findVarHandle(ProcessRecord.class, "ports", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // --- immutable ---
    private final long number;
    private final NodeServices node;
    private final String kind;
    private volatile String initialCall;
    private final Pid parent;
    private final int restarts;
    private final long startMillis;

    // --- single writer (the process), racy readers ---
    private int status = S_INITIALIZING;
    private Class<?> currentType;
    private Thread thread;
    private long startTick;
    private long handled;
    private long busyNanos;
    private long allocated;
    private long stateBytes;
    private int held; // messages held back in the process (suspended / initializing)
    private long out; // multi-writer: From.reply may run anywhere
    private int ports; // multi-writer: ports are attached and closed from any thread (atomic adds)
    private long allocStart = -1; // owner thread only
    private long blockStart; // owner thread only: System.nanoTime() at the first message of this block
    private boolean precise; // owner thread only: this block's handlers are timed with System.nanoTime()
    private long lastMemoryTick; // owner thread only

    // --- published once ---
    /** The actor: bound by the spawner, then by the process itself (its context's own ref). */
    private ActorRef<Object> ref;
    volatile CountingMessageQueue queue;
    public volatile String registeredName;
    public volatile boolean sensitive;
    private volatile ExitReason exitReason;
    /** Set by whoever asks the process to stop out of band (a kill): read by the process in PostStop. */
    public volatile ExitReason requestedExit;

    // --- guarded by this ---
    private ArrayList<Monitor> monitors;
    private boolean exited;

    protected ProcessRecord(long number, NodeServices node, String kind, String initialCall, Pid parent,
                  int restarts) {
        this.number = number;
        this.node = node;
        this.kind = kind;
        this.initialCall = initialCall;
        this.parent = parent;
        this.restarts = restarts;
        this.startMillis = System.currentTimeMillis();
    }

    // ------------------------------------------------------------------ binding

    /**
     * Binds the process's context's own ref, when it starts (the context keeps that ref anyway, so
     * the spawner's equal one need not be kept: see {@link #bindFromSpawner}).
     */
    public Pid bind(ActorRef<Object> actor) {
        REF.setRelease(this, actor);
        return this;
    }

    /** Binds the ref the spawner got back, unless the process has already bound its own (it may start first). */
    public Pid bindFromSpawner(ActorRef<Object> actor) {
        REF.compareAndSet(this, null, actor);
        return this;
    }

    /** True once the actor exists (a record enters the table just before its actor is spawned). */
    public boolean isBound() {
        return REF.getAcquire(this) != null;
    }

    /** Bound to its actor and not exited: what lookups by number or name may hand out. */
    public boolean isVisible() {
        return isBound() && isAlive();
    }

    public void linkQueue(CountingMessageQueue q) {
        if (q != null) {
            q.owner = this;
            this.queue = q;
        }
    }

    @Override
    public long number() {
        return number;
    }

    @Override
    @SuppressWarnings("unchecked")
    public ActorRef<Object> ref() {
        return (ActorRef<Object>) REF.getAcquire(this);
    }

    @Override
    public ProcessEntry entry() {
        return this;
    }

    public NodeServices node() {
        return node;
    }

    /** A plain behaviour names its real class once started (its spawn only saw a setup wrapper). */
    void refineInitialCall(String name) {
        this.initialCall = name;
    }

    // ------------------------------------------------------------------ accounting (owner thread)

    /**
     * Called by the process before it handles a message. Messages come in blocks of N (N =
     * {@code medic.accounting.allocation-sample-every}): the first of a block has its allocation
     * measured (standing for N messages), and decides how the block's handlers are timed — exactly with
     * {@code System.nanoTime} when the previous block took at least N x {@value #PRECISE_NANOS_PER_MESSAGE}
     * ns of wall time (a process handling fewer than ~10 000 messages a second, where 2 x 27 ns per
     * message is negligible), with the coarse clock otherwise (a hot process, where back-to-back
     * messages share the ticks between them exactly). The choice depends on the previous block only,
     * not on where this block's messages fall between ticks, so both estimates stay unbiased. The block's
     * length is read with {@code System.nanoTime} (once per N messages), not the coarse clock: that
     * clock's thread can be late on a saturated machine, which would make a slow process look hot.
     */
    public void beginMessage(Object msg) {
        if ((handled & node.allocationSampleMask) == 0) {
            long now = System.nanoTime();
            precise = now - blockStart >= (node.allocationSampleMask + 1) * PRECISE_NANOS_PER_MESSAGE;
            blockStart = now;
            begin(msg, S_RUNNING, true, precise ? now : node.clock.nanos());
        } else {
            begin(msg, S_RUNNING, false, precise ? System.nanoTime() : node.clock.nanos());
        }
    }

    /**
     * Called by the process before it runs its init: the status shown stays initializing (a handler
     * runs: thread and current type are valid). Init runs once, so it is always measured and counted
     * once (scaled like a sampled message, it would count N times).
     */
    public void beginInit(Object marker) {
        precise = true; // init runs once: timed exactly
        begin(marker, S_INIT_RUNNING, true, System.nanoTime());
    }

    private void begin(Object msg, int runningStatus, boolean measureAllocation, long start) {
        if (measureAllocation && node.allocation != null) {
            allocStart = node.allocation.getCurrentThreadAllocatedBytes();
        }
        START_TICK.setOpaque(this, start);
        // plain reads of our own last writes: consecutive messages of one actor are ordered by Akka
        Class<?> type = msg.getClass();
        if (currentType != type) {
            CURRENT_TYPE.setOpaque(this, type);
        }
        Thread t = Thread.currentThread();
        if (thread != t) {
            THREAD.setOpaque(this, t);
        }
        STATUS.setRelease(this, runningStatus); // publishes type and thread to readers that see it
    }

    /** Called by the process after it handled a message; {@code idle} is the status to go back to. */
    public void endMessage(int idle) {
        HANDLED.setOpaque(this, handled + 1);
        end(idle, node.allocationSampleMask + 1); // a measured message stands for its block
    }

    /** Called by the process after its init ran (init is work, but not a message). */
    public void endInit(int idle) {
        end(idle, 1);
    }

    /** {@code allocationScale}: how many handlers the allocation measured (if any) stands for. */
    private void end(int idle, long allocationScale) {
        long now = precise ? System.nanoTime() : node.clock.nanos();
        BUSY.setOpaque(this, busyNanos + (now - startTick));
        STATUS.setRelease(this, idle); // from here on, type and thread are stale (and kept: see class doc)
        if (allocStart >= 0) {
            long delta = node.allocation.getCurrentThreadAllocatedBytes() - allocStart;
            allocStart = -1;
            if (delta > 0) {
                ALLOCATED.setOpaque(this, allocated + delta * allocationScale);
            }
        }
    }

    public void setIdleStatus(int s) {
        STATUS.setRelease(this, s);
    }

    public void setHeld(int n) {
        HELD.setOpaque(this, n);
    }

    public void addOut(long n) {
        OUT.getAndAdd(this, n);
    }

    /** A port was attached to this process as its owner (called by the port table). Atomic; any thread. */
    public void portAttached() {
        PORTS.getAndAdd(this, 1);
    }

    /** A port owned by this process closed or moved to another owner (called by the port table). Atomic; any thread. */
    public void portDetached() {
        PORTS.getAndAdd(this, -1);
    }

    /** Re-estimates the retained size of {@code state} if the last estimate is older than the refresh interval. */
    public void maybeRefreshMemory(Object state) {
        long now = node.clock.nanos();
        if (now - lastMemoryTick >= node.memoryRefreshNanos || lastMemoryTick == 0) {
            lastMemoryTick = now == 0 ? 1 : now;
            MEMORY.setOpaque(this, node.sizeEstimator.estimate(state));
        }
    }

    // ------------------------------------------------------------------ ProcessEntry

    @Override
    public Pid pid() {
        return this;
    }

    @Override
    public ProcessStatus status() {
        if (exitReason != null) {
            return ProcessStatus.DEAD;
        }
        if (requestedExit != null) {
            return ProcessStatus.EXITING;
        }
        return STATUSES[(int) STATUS.getAcquire(this)];
    }

    public int rawStatus() {
        return (int) STATUS.getAcquire(this);
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String initialCall() {
        return initialCall;
    }

    @Override
    public Optional<Pid> parent() {
        return Optional.ofNullable(parent);
    }

    @Override
    public String parentPath() {
        ActorRef<Object> r = ref();
        return r == null ? "" : r.path().parent().toString();
    }

    @Override
    public Optional<String> registeredName() {
        return Optional.ofNullable(registeredName);
    }

    @Override
    public long messageQueueLen() {
        CountingMessageQueue q = queue;
        return (q == null ? 0 : q.length()) + (int) HELD.getOpaque(this);
    }

    @Override
    public long messagesIn() {
        CountingMessageQueue q = queue;
        return q == null ? 0 : q.enqueuedCount();
    }

    @Override
    public long messagesHandled() {
        return (long) HANDLED.getOpaque(this);
    }

    @Override
    public long messagesOut() {
        return (long) OUT.getOpaque(this);
    }

    @Override
    public long busyTimeMicros() {
        long busy = (long) BUSY.getOpaque(this);
        if ((int) STATUS.getAcquire(this) == S_RUNNING) {
            long running = node.clock.nanos() - (long) START_TICK.getOpaque(this);
            if (running > 0) {
                busy += running;
            }
        }
        return busy / 1000;
    }

    @Override
    public long allocatedBytes() {
        return (long) ALLOCATED.getOpaque(this);
    }

    @Override
    public long memory() {
        return NodeServices.PROCESS_OVERHEAD_BYTES + (long) MEMORY.getOpaque(this)
                + messageQueueLen() * NodeServices.QUEUED_MESSAGE_BYTES;
    }

    @Override
    public long reductions() {
        return messagesHandled() + busyTimeMicros();
    }

    @Override
    public int restarts() {
        return restarts;
    }

    /** Opaque read: a count kept with atomic adds; a reader may see it a few operations late. */
    @Override
    public int ports() {
        return (int) PORTS.getOpaque(this);
    }

    /** True if a handler (or init) runs now; then the type and thread fields are this handler's or newer. */
    private boolean inHandler() {
        int s = (int) STATUS.getAcquire(this);
        return s == S_RUNNING || s == S_INIT_RUNNING;
    }

    private Thread handlerThread() {
        return inHandler() ? (Thread) THREAD.getOpaque(this) : null;
    }

    @Override
    public Optional<String> currentMessageType() {
        Class<?> c = inHandler() ? (Class<?>) CURRENT_TYPE.getOpaque(this) : null;
        return c == null ? Optional.empty() : Optional.of(c.getName());
    }

    @Override
    public Optional<Thread> currentThread() {
        return Optional.ofNullable(handlerThread());
    }

    @Override
    public List<StackTraceElement> stackTrace() {
        Thread t = handlerThread();
        if (t == null || sensitive) {
            return List.of(); // a sensitive process: like process_info(Pid, current_stacktrace), no trace
        }
        StackTraceElement[] trace = t.getStackTrace();
        // the thread may have moved on while we looked: only keep a trace taken while still ours
        if (handlerThread() != t) {
            return List.of();
        }
        return Arrays.asList(trace);
    }

    @Override
    public Instant startTime() {
        return Instant.ofEpochMilli(startMillis);
    }

    @Override
    public boolean isSensitive() {
        return sensitive;
    }

    @Override
    public boolean isAlive() {
        return exitReason == null;
    }

    @Override
    public Optional<ExitReason> exitReason() {
        return Optional.ofNullable(exitReason);
    }

    public ExitReason exitReasonOrNull() {
        return exitReason;
    }

    /** Every monitor on this process, including those without a watcher pid (ports, stop waiters). */
    public synchronized int monitorCount() {
        return monitors == null ? 0 : monitors.size();
    }

    @Override
    public synchronized List<Pid> monitoredBy() {
        if (monitors == null) {
            return List.of();
        }
        List<Pid> result = new ArrayList<>(monitors.size());
        for (Monitor m : monitors) {
            if (m.watcher != null) {
                result.add(m.watcher);
            }
        }
        return List.copyOf(result);
    }

    @Override
    public ProcessInfo snapshot() {
        Thread t = handlerThread();
        Optional<String> type = currentMessageType();
        return new ProcessInfo(pid(), status(), kind, initialCall, parent, parentPath(), registeredName,
                messageQueueLen(), messagesIn(), messagesHandled(), messagesOut(), busyTimeMicros(),
                allocatedBytes(), memory(), reductions(), restarts, ports(), type.orElse(null),
                t == null ? null : t.getName(), startTime(), sensitive, monitoredBy());
    }

    // ------------------------------------------------------------------ monitors and exit

    /**
     * Adds a monitor that calls {@code deliver} once with the {@link Down} when the process exits; if
     * it has exited already, delivers at once.
     */
    public MonitorRef monitor(Pid watcher, Consumer<Down> deliver) {
        Monitor m = new Monitor(watcher, deliver);
        synchronized (this) {
            if (!exited) {
                if (monitors == null) {
                    monitors = new ArrayList<>(2);
                }
                monitors.add(m);
                return m;
            }
        }
        ExitReason r = exitReason;
        deliver.accept(new Down(m, pid(), r == null ? ExitReason.KILLED : r));
        return m;
    }

    private synchronized boolean removeMonitor(Monitor m) {
        return monitors != null && monitors.remove(m);
    }

    /**
     * The process has stopped with {@code reason}: publish the reason, leave the table and the
     * registry, and fire the monitors. Idempotent; returns false if it had already happened.
     */
    public boolean exit(ExitReason reason) {
        ArrayList<Monitor> toFire;
        synchronized (this) {
            if (exited) {
                return false;
            }
            exited = true;
            exitReason = reason;
            toFire = monitors;
            monitors = null;
        }
        STATUS.setRelease(this, S_EXITING);
        THREAD.setOpaque(this, null);
        CURRENT_TYPE.setOpaque(this, null);
        HELD.setOpaque(this, 0);
        node.table.remove(this);
        String name = registeredName;
        if (name != null) {
            node.registry.unregisterIfHeld(name, this);
        }
        if (toFire != null) {
            Pid self = pid();
            for (Monitor m : toFire) {
                m.fire(self, reason);
            }
        }
        return true;
    }

    private final class Monitor implements MonitorRef {
        final Pid watcher;
        final Consumer<Down> deliver;

        Monitor(Pid watcher, Consumer<Down> deliver) {
            this.watcher = watcher;
            this.deliver = deliver;
        }

        void fire(Pid self, ExitReason reason) {
            try {
                deliver.accept(new Down(this, self, reason));
            } catch (RuntimeException e) {
                node.log.warn("monitor of {} failed to deliver DOWN: {}", self, e.toString());
            }
        }

        @Override
        public Pid target() {
            return pid();
        }

        @Override
        public boolean demonitor() {
            return removeMonitor(this);
        }

        @Override
        public String toString() {
            return "#Monitor<" + pid() + (watcher == null ? "" : " by " + watcher) + ">";
        }
    }
}
