package io.medic.runtime.internal;

import akka.actor.typed.ActorRef;
import io.medic.runtime.Down;
import io.medic.runtime.ExitReason;
import io.medic.runtime.MailboxPolicy;
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
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * INTERNAL API
 *
 * <p>One process's record in the process table: what any thread may read about the process without
 * messaging it, and the few things any thread may do to it (monitor it, kill it, count a reply).
 * {@link #of(Pid)} is the one place a {@link Pid} becomes its record. What only the process itself
 * may do (account a handler, change its phase, hold messages, answer sys) is on its
 * {@link ProcessCore}, which only the process's behaviour is given. Pid, record and core are one
 * object: an idle process is that much smaller.
 *
 * <p><b>Memory order.</b> Every field is private and its accessors say how it is written and read, and
 * why that is enough. In short: the process is the single writer of its accounting and status; it
 * writes them with opaque stores (plain moves on x86, never reordered with its own later writes to
 * the same field) and publishes the status with a release store; readers use opaque loads, and an
 * acquire load of the status before they trust the handler's thread and message type. A reader may
 * combine values from slightly different instants, like {@code process_info/2}; it never blocks the
 * process and never sees a torn {@code long}. Monitors and the exit transition are guarded by the
 * record's monitor lock; they are rare.
 *
 * <p><b>Status.</b> The status is an int code private to this class; {@link #status()} maps it to a
 * {@link ProcessStatus}. Between handlers it follows from the process's phase (initializing until its
 * start is acknowledged, suspended or not); inside a handler it says a handler runs, so that the
 * handler's thread and message type may be read. Those two are not cleared between messages: they
 * keep their last values and are rewritten only when they change, because a reference store into a
 * long-lived object costs a G1 write barrier with a StoreLoad fence, and storing two references and
 * two nulls per message was most of the accounting's cost. The status is what makes them valid.
 */
public abstract class ProcessRecord extends Pid implements ProcessEntry {

    // status codes: never leave this class
    private static final int INITIALIZING = 0;
    private static final int WAITING = 1;
    private static final int RUNNING = 2;
    private static final int SUSPENDED = 3;
    private static final int EXITING = 4;
    /** Running its init: shown as initializing, but a handler runs (its thread is valid). */
    private static final int RUNNING_INIT = 5;

    private static final ProcessStatus[] STATUSES = {
        ProcessStatus.INITIALIZING, ProcessStatus.WAITING, ProcessStatus.RUNNING,
        ProcessStatus.SUSPENDED, ProcessStatus.EXITING, ProcessStatus.INITIALIZING
    };

    // phase bits: the process's own state, one byte (the record has no room for four booleans and
    // whatever is added next)
    /** Until the start is acknowledged. */
    private static final byte P_INITIALIZING = 1;
    /** Suspended by sys:suspend. */
    private static final byte P_SUSPENDED = 2;
    /** Left suspension or initialization since held messages were last released. */
    private static final byte P_RELEASABLE = 4;
    /** This block's handlers are timed with System.nanoTime (the process is slow), not the coarse clock. */
    private static final byte P_PRECISE = 8;
    /** A large_state event was raised for the current estimate; cleared when the estimate falls below the threshold. */
    private static final byte P_LARGE = 16;

    // flag bits, set by any thread
    /** A kill was asked for. */
    private static final byte F_KILL = 1;
    /** The mailbox crossed the long_message_queue enable threshold and has not gone below the disable one since. */
    private static final byte F_QUEUE_ALARM = 2;

    /** Below this many ns of wall time per message, a process's handlers are timed with the coarse clock. */
    static final long PRECISE_NANOS_PER_MESSAGE = 100_000;
    /** A hot process's blocks are this many times longer than a slow one's. */
    static final int HOT_BLOCK_FACTOR = 16;

    private static final VarHandle STATUS;
    private static final VarHandle CURRENT_TYPE;
    private static final VarHandle SLOT;
    private static final VarHandle HANDLED;
    private static final VarHandle CPU;
    private static final VarHandle BUSY;
    private static final VarHandle ALLOCATED;
    private static final VarHandle MEMORY;
    private static final VarHandle EXTRAS;
    private static final VarHandle OUT;
    private static final VarHandle REF;
    private static final VarHandle FLAGS;
    private static final VarHandle PORTS;
    private static final VarHandle QUEUE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(ProcessRecord.class, "status", int.class);
            CURRENT_TYPE = l.findVarHandle(ProcessRecord.class, "currentType", Class.class);
            SLOT = l.findVarHandle(ProcessRecord.class, "slot", Running.class);
            HANDLED = l.findVarHandle(ProcessRecord.class, "handled", long.class);
            CPU = l.findVarHandle(ProcessRecord.class, "cpuNanos", long.class);
            BUSY = l.findVarHandle(ProcessRecord.class, "busyNanos", long.class);
            ALLOCATED = l.findVarHandle(ProcessRecord.class, "allocated", long.class);
            MEMORY = l.findVarHandle(ProcessRecord.class, "stateBytes", long.class);
            EXTRAS = l.findVarHandle(ProcessRecord.class, "extras", ProcessExtras.class);
            OUT = l.findVarHandle(ProcessRecord.class, "out", long.class);
            REF = l.findVarHandle(ProcessRecord.class, "ref", ActorRef.class);
            FLAGS = l.findVarHandle(ProcessRecord.class, "flags", byte.class);
            PORTS = l.findVarHandle(ProcessRecord.class, "ports", int.class);
            QUEUE = l.findVarHandle(ProcessRecord.class, "queue", MailboxQueue.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // --- immutable ---
    private final long number;
    private final NodeServices node;
    private final String kind;
    private final Pid parent;
    private final int restarts;
    private final long startMillis;
    /** Spawned at the top of the node (no parent actor of its own): its failures go to no parent. */
    private final boolean topLevel;

    // --- written by the process, read by any thread (see each accessor) ---
    private volatile String initialCall;
    private int status = INITIALIZING;
    private Class<?> currentType;
    /** The slot of the thread running the handler, or that ran the last one: the thread, the run's start. */
    private Running slot;
    private long handled;
    private long busyNanos;
    private long cpuNanos;
    private long allocated;
    private long stateBytes;
    private ProcessExtras extras;
    private volatile boolean sensitive;
    private volatile MailboxQueue queue;

    // --- the process's own thread only (plain) ---
    /** Bits: {@link #P_INITIALIZING}, {@link #P_SUSPENDED}, {@link #P_RELEASABLE}, {@link #P_PRECISE}. One byte. */
    private byte phase = P_INITIALIZING;
    /** {@code System.nanoTime() >> 10} (~1 µs units, wrapping) at the first message of the current block. */
    private int blockStart;
    /** {@code clock >> 16} (~66 µs units, wrapping; 0: never) at the last state size estimate. */
    private int lastMemoryTick;

    /** Messages sent by the process's handlers (see {@link #messagesOut()}). */
    private long out;

    // --- written by other threads ---
    /** Ports this process owns: attached and closed from any thread, with atomic adds. */
    private int ports;
    private ActorRef<Object> ref;
    private volatile String registeredName;
    /** {@link #F_KILL}, {@link #F_QUEUE_ALARM}: set by any thread with atomic bitwise operations. */
    private byte flags;
    private volatile ExitReason exitReason;

    // --- guarded by this ---
    private ArrayList<Monitor> monitors;

    ProcessRecord(long number, NodeServices node, String kind, String initialCall, Pid parent, int restarts,
                  boolean sensitive, boolean topLevel) {
        this.number = number;
        this.node = node;
        this.kind = kind;
        this.initialCall = initialCall;
        this.parent = parent;
        this.restarts = restarts;
        this.sensitive = sensitive;
        this.topLevel = topLevel;
        this.startMillis = System.currentTimeMillis();
    }

    /**
     * The record of {@code pid}: the one place a pid becomes its record (a local pid is its record: Medic
     * makes no other implementation of {@link Pid} but the {@link io.medic.runtime.RemotePid} of a
     * process of another node, which has no record here).
     *
     * @throws NullPointerException          if {@code pid} is null
     * @throws UnsupportedOperationException naming the pid and its node, if it is a remote pid
     */
    public static ProcessRecord of(Pid pid) {
        if (pid instanceof ProcessRecord r) {
            return r;
        }
        Objects.requireNonNull(pid, "pid");
        throw pid instanceof io.medic.runtime.RemotePid r ? r.unsupported("this operation") : new ClassCastException(pid.getClass().getName());
    }

    // ================================================================== any thread

    /** The node this process runs on. Immutable. */
    public NodeServices node() {
        return node;
    }

    /** True for a process spawned at the top of the node, without a parent actor. Immutable. */
    public boolean isTopLevel() {
        return topLevel;
    }

    /**
     * Adds a monitor that calls {@code deliver} once with the {@link Down} when the process exits; if
     * it has exited already, delivers at once (on the calling thread). Otherwise {@code deliver} runs on
     * the thread of the exit: it must be quick and must not block. Guarded by the record's lock.
     */
    public MonitorRef monitor(Pid watcher, Consumer<Down> deliver) {
        Monitor m = new Monitor(watcher, deliver);
        synchronized (this) {
            if (exitReason == null) {
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

    /** Every monitor on this process, including those without a watcher pid (ports, stop waiters). */
    public synchronized int monitorCount() {
        return monitors == null ? 0 : monitors.size();
    }

    /**
     * {@code exit(Pid, kill)}: records that a kill was asked for and stops the actor out of band, before
     * the messages queued for it. Does nothing to a process that has exited. The flag is set with an
     * atomic or (any thread may ask; it is only ever set) and read by the process with a volatile load
     * when it stops, and by {@link #status()}.
     */
    public void kill() {
        if (!isAlive()) {
            return;
        }
        FLAGS.getAndBitwiseOr(this, F_KILL);
        ActorRef<Object> r = ref();
        if (r != null) {
            AkkaInternals.stopOutOfBand(r);
        }
    }

    // ------------------------------------------------------------------ within the package

    /**
     * Binds the ref the spawner got back, unless the process has already bound its own (it may start
     * first). Compare-and-set; readers load the ref with acquire (see {@link #ref()}).
     */
    Pid bindFromSpawner(ActorRef<Object> actor) {
        REF.compareAndSet(this, null, actor);
        return this;
    }

    /** True once the actor exists (a record enters the table just before its actor is spawned). Acquire. */
    boolean isBound() {
        return REF.getAcquire(this) != null;
    }

    /** Bound to its actor and not exited: what lookups by number or name may hand out. */
    boolean isVisible() {
        return isBound() && isAlive();
    }

    /**
     * The mailbox's length crossed the long_message_queue enable threshold (called by the enqueuing
     * thread): true if this call raised the alarm, false if it was up already. An atomic or: senders on
     * any thread race, one wins.
     */
    boolean raiseQueueAlarm() {
        // a load first: while the alarm is up every send above the threshold asks, and an atomic write each
        // time would bounce the record's cache line between the senders and the process
        return ((byte) FLAGS.getOpaque(this) & F_QUEUE_ALARM) == 0
                && ((byte) FLAGS.getAndBitwiseOr(this, F_QUEUE_ALARM) & F_QUEUE_ALARM) == 0;
    }

    /** Whether the queue alarm is up: an opaque load (the dequeuing process checks it after every message). */
    boolean queueAlarm() {
        return ((byte) FLAGS.getOpaque(this) & F_QUEUE_ALARM) != 0;
    }

    /** Lowers the queue alarm (the process, dequeuing below the disable threshold): true if it was up. */
    boolean clearQueueAlarm() {
        return ((byte) FLAGS.getAndBitwiseAnd(this, (byte) ~F_QUEUE_ALARM) & F_QUEUE_ALARM) != 0;
    }

    /** A port was attached to this process as its owner (called by the port table). Atomic; any thread. */
    public void portAttached() {
        PORTS.getAndAdd(this, 1);
    }

    /** A port owned by this process closed or moved to another owner (called by the port table). Atomic; any thread. */
    public void portDetached() {
        PORTS.getAndAdd(this, -1);
    }

    /**
     * The crash report the process wrote as it exited, or null (alive, or exited without one): the
     * extras reference with acquire, then the report's volatile field.
     */
    public io.medic.runtime.CrashReport crashReport() {
        ProcessExtras x = (ProcessExtras) EXTRAS.getAcquire(this);
        return x == null ? null : x.crash;
    }

    /** The exit reason once published (volatile), else null. */
    ExitReason exitReasonOrNull() {
        return exitReason;
    }

    /**
     * The registry gives the process a name or takes it away. Volatile: registry operations on any
     * thread write it (each under the registry map's own atomic step for that name), readers on any
     * thread see the latest.
     */
    void nameAs(String name) {
        registeredName = name;
    }

    String nameOrNull() {
        return registeredName;
    }

    /** The mailbox queue once linked, else null (volatile). */
    MailboxQueue queueOrNull() {
        return queue;
    }

    /** The process's trace hook, or null (see {@link MailboxQueue#tracer()}); any thread. */
    ProcessTracer tracerOrNull() {
        MailboxQueue q = queue;
        return q == null ? null : q.tracer();
    }

    // ================================================================== the process's own thread

    /**
     * Binds the process's context's own ref, when it starts: a release store, so a reader that sees
     * the ref (acquire) sees the actor it names. The context keeps that ref anyway, so the spawner's
     * equal one need not be kept: see {@link #bindFromSpawner}.
     */
    void bindOwnRef(ActorRef<Object> actor) {
        REF.setRelease(this, actor);
    }

    /**
     * Links the process's mailbox queue, once, when it starts. Volatile: written once, read by any
     * thread that asks for the queue length (a volatile load is a plain load on x86).
     */
    void linkQueue(MailboxQueue q) {
        if (q != null) {
            this.queue = q;
        }
    }

    /** A plain behaviour names its real class once started (its spawn only saw a setup wrapper). Volatile, written once. */
    void refineInitialCall(String name) {
        this.initialCall = name;
    }

    /**
     * Marks the process sensitive or not. Volatile: written rarely (once, usually), read by whoever is
     * about to show the process's state, messages or stack; a reader that has seen any later write of
     * the process through an acquire load (the status) sees it too.
     */
    void markSensitive(boolean on) {
        sensitive = on;
    }

    /** {@link ExitReason#KILLED} once {@link #kill()} was asked for, else null: a volatile load, by the process as it stops. */
    ExitReason requestedExit() {
        return ((byte) FLAGS.getVolatile(this) & F_KILL) != 0 ? ExitReason.KILLED : null;
    }

    /** The process's occasional extras, or null (plain load: the process's own thread). */
    ProcessExtras extras() {
        return extras;
    }

    /**
     * Sets or drops the process's extras. Release store: a reader that loads the reference (acquire)
     * sees the object as it was when stored; after that it reads only the held count, opaque.
     */
    void extras(ProcessExtras x) {
        EXTRAS.setRelease(this, x);
    }

    /**
     * The trace hook, as the process's dispatch reads it before each message: the queue with a plain load
     * (the process linked it itself, before its first message), then the hook (a plain load, see
     * {@link CountingMessageQueue#tracer()}). Null, the common case, costs these two loads and a branch.
     */
    ProcessTracer ownTracer() {
        MailboxQueue q = (MailboxQueue) QUEUE.get(this);
        return q == null ? null : q.tracer();
    }

    // ------------------------------------------------------------------ phase (own thread, plain)

    /** Until the process acknowledges its start. Plain: only the process reads and writes its phase. */
    boolean initializing() {
        return (phase & P_INITIALIZING) != 0;
    }

    /**
     * The process acknowledged its start; the status follows at the end of the current handler, and
     * messages held meanwhile may be released.
     */
    void acknowledged() {
        phase = (byte) ((phase & ~P_INITIALIZING) | P_RELEASABLE);
    }

    /** Suspended by {@code sys:suspend}. Plain, own thread. */
    boolean suspended() {
        return (phase & P_SUSPENDED) != 0;
    }

    /** Suspends or resumes; the status follows at the end of the current handler. On resume, held messages may be released. */
    void suspend(boolean on) {
        if (on) {
            phase |= P_SUSPENDED;
        } else if ((phase & P_SUSPENDED) != 0) {
            phase = (byte) ((phase & ~P_SUSPENDED) | P_RELEASABLE);
        }
    }

    /** True once after the process left suspension or initialization: time to release held messages. */
    boolean takeReleasable() {
        if ((phase & P_RELEASABLE) == 0) {
            return false; // the usual case: no store (this is read after every message)
        }
        phase &= ~P_RELEASABLE;
        return true;
    }

    /** The status code between handlers, derived from the phase. */
    private int idleCode() {
        int p = phase;
        return (p & P_SUSPENDED) != 0 ? SUSPENDED : (p & P_INITIALIZING) != 0 ? INITIALIZING : WAITING;
    }

    private boolean precise() {
        return (phase & P_PRECISE) != 0;
    }

    private void precise(boolean on) {
        phase = (byte) (on ? phase | P_PRECISE : phase & ~P_PRECISE);
    }

    // ------------------------------------------------------------------ accounting (own thread)

    /**
     * Called by the process before it handles a message. Messages come in blocks: the first of a block
     * has its allocation measured (standing for the whole block), and decides how the block's handlers
     * are timed — exactly with {@code System.nanoTime} when the previous block took at least
     * {@value #PRECISE_NANOS_PER_MESSAGE} ns of wall time per message (a process handling fewer than
     * ~10 000 messages a second, where 2 x 27 ns per message is negligible), with the coarse clock
     * otherwise (a hot process, where back-to-back messages share the ticks between them exactly). The
     * choice depends on the previous block only, not on where this block's messages fall between ticks,
     * so both estimates stay unbiased. The block's length is read with {@code System.nanoTime}, not the
     * coarse clock: that clock's thread can be late on a saturated machine, which would make a slow
     * process look hot.
     *
     * <p>A block is N messages (N = {@code medic.accounting.allocation-sample-every}, 16) while the
     * process is timed exactly, and {@value #HOT_BLOCK_FACTOR} N while it is hot: a block start costs a
     * {@code System.nanoTime} and two reads of the thread's allocated bytes (~65 ns in all), which over
     * 16 messages was half of the accounting's cost per message for a hot process. Blocks start at
     * multiples of their length in the count of handled messages, so the first hot block after a slow
     * one can be shorter; the allocation measured stands for the block's actual length.
     *
     * <p>Stores: the run's start in the thread's slot (see {@link Running#begin}); the message type and
     * the slot opaque, and only when they change; then the status with release, which publishes them to
     * a reader that loads the status with acquire.
     *
     * @return the token to give {@link #leaveHandler}: the thread's allocated bytes now if this message's
     *     allocation is measured, else -1 (kept on the handler's stack rather than in the record)
     */
    long enterHandler(Object msg) {
        long allocStart;
        boolean precise = precise();
        long mask = precise ? node.allocationSampleMask : node.hotSampleMask; // the block ending here
        if ((handled & mask) == 0) {
            long now = System.nanoTime();
            // in ~1 µs units, as an int (the record stays small): a block longer than the int's range
            // (36 minutes) wraps to a negative length, which counts as long
            int units = (int) (now >> 10);
            int length = units - blockStart;
            precise = length < 0 || length >= ((mask + 1) * PRECISE_NANOS_PER_MESSAGE >> 10);
            precise(precise);
            blockStart = units;
            allocStart = begin(true, precise ? now : node.clock.nanos());
        } else {
            allocStart = begin(false, precise ? System.nanoTime() : node.clock.nanos());
        }
        // plain reads of our own last writes: consecutive messages of one actor are ordered by Akka
        Class<?> type = msg.getClass();
        if (currentType != type) {
            CURRENT_TYPE.setOpaque(this, type);
        }
        enter(RUNNING);
        return allocStart;
    }

    /**
     * Called by the process after it handled a message: counts it (opaque), adds its busy time and
     * sampled allocation (opaque), and goes back to the status its phase gives (release: from here on
     * the thread and message type are stale, and kept).
     */
    void leaveHandler(long token) {
        long n = handled;
        HANDLED.setOpaque(this, n + 1);
        // a measured message (the first of its block) stands for its block: up to the next block start
        end(token, token < 0 ? 0 : (n | (precise() ? node.allocationSampleMask : node.hotSampleMask)) + 1 - n);
    }

    /**
     * Called by the process before it runs its init: the status shown stays initializing, but a
     * handler runs (its thread is valid; its message type reads {@code init}). Init runs once, so it
     * is always measured, exactly, and counted once (scaled like a sampled message, it would count N
     * times).
     */
    long enterInit() {
        precise(true);
        long allocStart = begin(true, System.nanoTime());
        enter(RUNNING_INIT);
        return allocStart;
    }

    /** Called by the process after its init ran (init is work, but not a message): as {@link #leaveHandler}, uncounted. */
    void leaveInit(long token) {
        end(token, 1);
    }

    /**
     * The run's start goes to the slot of this thread (see {@link Running#begin}); the slot is looked up
     * only when the process runs on another thread than last time, and stored (opaque) only then.
     */
    private long begin(boolean measureAllocation, long start) {
        long allocStart = measureAllocation && node.allocation != null
                ? node.allocation.getCurrentThreadAllocatedBytes() : -1;
        Running s = slot;
        if (s == null || s.thread != Thread.currentThread()) {
            s = Running.forCurrentThread();
            SLOT.setOpaque(this, s);
        }
        s.begin(this, start);
        return allocStart;
    }

    private void enter(int runningCode) {
        STATUS.setRelease(this, runningCode); // publishes type and slot to readers that see it
    }

    /**
     * {@code allocationScale}: how many handlers the allocation measured (if any) stands for. Adds the
     * handler's wall time and the messages it sent (opaque), hands its wall time to its slot for the CPU
     * accounting (see {@link Running#end}), then the status, with release.
     */
    private void end(long allocStart, long allocationScale) {
        long now = precise() ? System.nanoTime() : node.clock.nanos();
        Running s = slot;
        long start = s.runStartOwn();
        BUSY.setOpaque(this, busyNanos + (now - start));
        s.end(this, start, now);
        int sent = s.sentOwn();
        if (sent != 0) {
            OUT.setOpaque(this, out + sent);
        }
        STATUS.setRelease(this, idleCode());
        if (allocStart >= 0) {
            long delta = node.allocation.getCurrentThreadAllocatedBytes() - allocStart;
            if (delta > 0) {
                ALLOCATED.setOpaque(this, allocated + delta * allocationScale);
            }
        }
    }

    /**
     * Re-estimates the retained size of {@code state} if the last estimate is older than the refresh
     * interval. On the process's own thread, so the state does not change under the walk; the estimate
     * is stored opaque and read opaque by {@link #memory()}.
     */
    void refreshMemory(Object state) {
        // in ~66 µs units, as an int (the record stays small): an age beyond the int's range (39 hours)
        // wraps to a negative age, which counts as old
        int now = (int) (node.clock.nanos() >> 16);
        int age = now - lastMemoryTick;
        if (age >= (node.memoryRefreshNanos >> 16) || age < 0 || lastMemoryTick == 0) {
            lastMemoryTick = now == 0 ? 1 : now;
            MEMORY.setOpaque(this, node.sizeEstimator.estimate(state));
            if (node.largeStateBytes != Long.MAX_VALUE) {
                checkLargeState();
            }
        }
    }

    /**
     * The large_state detector, where the estimate is refreshed: the monitor hears of a process whose
     * {@link #memory()} reaches the threshold once, and again only after it fell below and crossed anew.
     */
    private void checkLargeState() {
        long bytes = memory();
        if (bytes >= node.largeStateBytes) {
            if ((phase & P_LARGE) == 0) {
                phase |= P_LARGE;
                node.monitor.largeState(this, bytes);
            }
        } else {
            phase &= ~P_LARGE;
        }
    }

    /**
     * The process has stopped with {@code reason}: publish the reason, leave the table and the
     * registry, and fire the monitors. Idempotent; returns false if it had already happened. The
     * transition is guarded by the record's lock (a monitor added concurrently is either fired here or
     * delivered at once by {@link #monitor}); the reason is volatile.
     */
    boolean markExited(ExitReason reason) {
        ArrayList<Monitor> toFire;
        synchronized (this) {
            if (exitReason != null) {
                return false;
            }
            exitReason = reason;
            toFire = monitors;
            monitors = null;
        }
        STATUS.setRelease(this, EXITING);
        CURRENT_TYPE.setOpaque(this, null);
        ProcessTracer tracer = tracerOrNull();
        if (tracer != null) {
            tracer.exited(reason);
        }
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

    // ================================================================== Pid

    @Override
    public long number() {
        return number;
    }

    /** The actor: bound by the spawner, then by the process itself. Acquire load (see {@link #bindOwnRef}). */
    @Override
    @SuppressWarnings("unchecked")
    public ActorRef<Object> ref() {
        return (ActorRef<Object>) REF.getAcquire(this);
    }

    @Override
    public ProcessEntry entry() {
        return this;
    }

    // ================================================================== ProcessEntry (any thread)

    @Override
    public Pid pid() {
        return this;
    }

    /**
     * The exit reason (volatile) first, then a kill asked for (volatile), then the status code
     * (acquire).
     */
    @Override
    public ProcessStatus status() {
        if (exitReason != null) {
            return ProcessStatus.DEAD;
        }
        if (((byte) FLAGS.getVolatile(this) & F_KILL) != 0) {
            return ProcessStatus.EXITING;
        }
        return STATUSES[(int) STATUS.getAcquire(this)];
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

    /** The mailbox's counters (see {@link CountingMessageQueue#length}) plus the held count (see {@link #extras(ProcessExtras)}). */
    @Override
    public long messageQueueLen() {
        MailboxQueue q = queue;
        ProcessExtras x = (ProcessExtras) EXTRAS.getAcquire(this);
        return (q == null ? 0 : q.length()) + (x == null ? 0 : x.heldCount());
    }

    @Override
    public long messagesIn() {
        MailboxQueue q = queue;
        return q == null ? 0 : q.enqueuedCount();
    }

    /** The mailbox's count of messages its policy refused or dropped (0 for an unbounded one). */
    @Override
    public long dropped() {
        MailboxQueue q = queue;
        return q == null ? 0 : q.dropped();
    }

    @Override
    public MailboxPolicy mailboxPolicy() {
        MailboxQueue q = queue;
        return q == null ? MailboxPolicy.unbounded() : q.policy();
    }

    /** Opaque: a count the process alone writes. */
    @Override
    public long messagesHandled() {
        return (long) HANDLED.getOpaque(this);
    }

    /**
     * Opaque: a count the process alone writes, at the end of each handler (the messages that handler
     * sent: see {@link Running#countSend}).
     */
    @Override
    public long messagesOut() {
        return (long) OUT.getOpaque(this);
    }

    /**
     * Opaque load of the busy total; a handler running now (status, acquire) adds the time since it
     * started, read from its slot.
     */
    @Override
    public long busyTimeMicros() {
        long busy = (long) BUSY.getOpaque(this);
        VarHandle.loadLoadFence(); // the total before the status: a handler that ended since is not counted twice
        if ((int) STATUS.getAcquire(this) == RUNNING) {
            long running = node.clock.nanos() - runStartIfRunning();
            if (running > 0 && running < Long.MAX_VALUE / 2) {
                busy += running;
            }
        }
        return busy / 1000;
    }

    /**
     * Opaque load of the CPU time the node's sampler has credited the process: its share of each
     * sampling interval's thread CPU time, a handler running now included up to the last sample.
     */
    @Override
    public long cpuMicros() {
        return (long) CPU.getOpaque(this) / 1000;
    }

    /**
     * The node's sampler credits the process {@code nanos} of CPU time (see {@link Sampler}): an opaque
     * store, the sampler being the one writer of this field (one sampler thread per node).
     */
    void creditCpu(long nanos) {
        CPU.setOpaque(this, cpuNanos + nanos);
    }

    /** How long the handler running now has run, in milliseconds; 0 while the process waits. */
    @Override
    public long currentMessageAgeMillis() {
        if (handlerCode() < 0) {
            return 0;
        }
        long age = System.nanoTime() - runStartIfRunning(); // a reader's clock read: never stale, never per message
        return age > 0 && age < Long.MAX_VALUE / 2 ? age / 1_000_000 : 0;
    }

    /**
     * How long the oldest message waiting has waited, in milliseconds: the head of the mailbox (its
     * enqueue stamp, see {@link CountingMessageQueue#oldestAgeMillis} and {@link PolicyMessageQueue#oldestAgeMillis})
     * or the oldest message held while suspended or initializing, whichever is older; 0 when nothing waits.
     */
    @Override
    public long oldestMessageAgeMillis() {
        MailboxQueue q = queue;
        long now = System.nanoTime(); // a reader's clock read: the stamps are coarse, the reader's now is not stale
        long age = q == null ? 0 : q.oldestAgeMillis(now);
        ProcessExtras x = (ProcessExtras) EXTRAS.getAcquire(this);
        if (x != null) {
            age = Math.max(age, x.heldAgeMillis(now));
        }
        return age;
    }

    /**
     * The start of the handler running now, read from its slot (opaque) when the slot still names this
     * process; far in the future (so that no age comes out of it) otherwise.
     */
    private long runStartIfRunning() {
        Running s = (Running) SLOT.getOpaque(this);
        if (s == null) {
            return Long.MAX_VALUE;
        }
        long start = s.runStart();
        return s.number() == number ? start : Long.MAX_VALUE;
    }

    /** True while a handler of this process runs on {@code s} (status acquire, then its slot). */
    boolean runsOn(Running s) {
        return handlerCode() >= 0 && SLOT.getOpaque(this) == s;
    }

    /** Opaque: an estimate the process alone writes. */
    @Override
    public long allocatedBytes() {
        return (long) ALLOCATED.getOpaque(this);
    }

    /** Opaque load of the state estimate, plus the queue. */
    @Override
    public long memory() {
        return NodeServices.PROCESS_OVERHEAD_BYTES + (long) MEMORY.getOpaque(this)
                + messageQueueLen() * NodeServices.QUEUED_MESSAGE_BYTES;
    }

    /** Messages handled plus CPU microseconds in handlers: see {@link ProcessEntry#reductions()}. */
    @Override
    public long reductions() {
        return messagesHandled() + cpuMicros();
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

    /** The status code, acquire: a handler (or init) runs now if it says so, and then the type and thread are its own or newer. */
    private int handlerCode() {
        int s = (int) STATUS.getAcquire(this);
        return s == RUNNING || s == RUNNING_INIT ? s : -1;
    }

    private Thread handlerThread() {
        Running s = handlerCode() < 0 ? null : (Running) SLOT.getOpaque(this);
        return s == null ? null : s.thread;
    }

    @Override
    public Optional<String> currentMessageType() {
        int s = handlerCode();
        if (s == RUNNING_INIT) {
            return Optional.of("init");
        }
        Class<?> c = s < 0 ? null : (Class<?>) CURRENT_TYPE.getOpaque(this);
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
        Running s = (Running) SLOT.getOpaque(this);
        int run = s.runsAcquire();
        StackTraceElement[] trace = t.getStackTrace();
        // the thread may have moved on while we looked: only keep a trace taken while still ours
        if (handlerThread() != t || s.runsAcquire() != run) {
            return List.of();
        }
        return Arrays.asList(trace);
    }

    @Override
    public Instant startTime() {
        return Instant.ofEpochMilli(startMillis);
    }

    /** Volatile (see {@link #markSensitive}). */
    @Override
    public boolean isSensitive() {
        return sensitive;
    }

    /** Volatile load of the exit reason. */
    @Override
    public boolean isAlive() {
        return exitReason == null;
    }

    @Override
    public Optional<ExitReason> exitReason() {
        return Optional.ofNullable(exitReason);
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
                messageQueueLen(), oldestMessageAgeMillis(), messagesIn(), messagesHandled(), messagesOut(),
                busyTimeMicros(), cpuMicros(), allocatedBytes(), memory(), reductions(), restarts, ports(),
                type.orElse(null), currentMessageAgeMillis(), t == null ? null : t.getName(), startTime(), sensitive,
                monitoredBy(), dropped(), mailboxPolicy());
    }

    // ================================================================== monitors

    private synchronized boolean removeMonitor(Monitor m) {
        return monitors != null && monitors.remove(m);
    }

    private final class Monitor implements MonitorRef {
        final Pid watcher;
        final Consumer<Down> deliver;

        Monitor(Pid watcher, Consumer<Down> deliver) {
            this.watcher = watcher;
            this.deliver = deliver;
        }

        /** A failing delivery is logged and does not keep the other monitors from firing. */
        void fire(Pid self, ExitReason reason) {
            try {
                deliver.accept(new Down(this, self, reason));
            } catch (Throwable e) {
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
