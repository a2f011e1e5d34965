package io.medic.runtime.internal;

import akka.actor.ActorRef;
import akka.actor.AutoReceivedMessage;
import akka.dispatch.Envelope;
import io.medic.runtime.Down;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.OverloadedException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;

/**
 * INTERNAL API
 *
 * <p>The queue of a process whose mailbox has a bound ({@link MailboxPolicy#bounded} or
 * {@link MailboxPolicy#stack}): pobox's three buffers inside the mailbox. The unbounded default is
 * {@link CountingMessageQueue}, untouched by any of this.
 *
 * <p><b>Two lanes.</b> User messages (calls, casts, infos, anything else) go into a ring of at most
 * {@code capacity} slots, taken first in first out ({@code bounded}) or last in first out
 * ({@code stack}). Medic's control messages ({@link #isControl}: sys requests, exit signals, monitor
 * notifications, a GenServer's idle timeout, Akka's auto-received messages) go into a FIFO lane of
 * their own that no bound applies to: they are never refused nor dropped. In a {@code bounded}
 * mailbox each control message keeps its place in the order of sending: it is taken once every user
 * message enqueued before it has been taken or dropped (each control entry records how many user
 * messages had entered the ring before it), so a message and then an exit signal from one sender
 * arrive in that order, as in Erlang. In a {@code stack}, where user messages have no order to keep,
 * a control message is taken before any user message, in the order control messages came.
 *
 * <p><b>When full.</b> {@code keep_old} refuses the new message; {@code drop_oldest} and
 * {@code stack} drop the oldest user message to make room. A refused or dropped call fails at once
 * with {@link OverloadedException} (reason {@code mailbox_full}) on the thread that caused it; any
 * other user message is counted in {@link #dropped()} and reported by the node's
 * {@link DropReporter}. Calls refused or dropped are counted too: every user message sent is handled,
 * dropped or still queued.
 *
 * <p><b>Like the unbounded queue</b>, each message entering counts as a message out of the handler
 * sending it ({@link Running#countSend}), the length raises and lowers the process's long_message_queue
 * alarm, and each message carries its coarse-clock enqueue stamp ({@code oldest_message_age_ms}).
 *
 * <p><b>Concurrency.</b> One lock (the queue's monitor) guards the ring, the control lane and the
 * counters: one uncontended lock per send and per take, as Akka's own bounded mailbox takes (its
 * {@code LinkedBlockingQueue} has a lock for each end). The length, the enqueued count and the dropped
 * count are published with release stores and read with acquire loads from any thread, O(1), exact
 * whenever no send is in flight. Failing a call and reporting a drop happen after the lock is released.
 */
public final class PolicyMessageQueue extends MailboxQueue {
    private static final VarHandle SIZE;
    private static final VarHandle ENQUEUED;
    private static final VarHandle DROPPED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SIZE = l.findVarHandle(PolicyMessageQueue.class, "size", int.class);
            ENQUEUED = l.findVarHandle(PolicyMessageQueue.class, "enqueued", long.class);
            DROPPED = l.findVarHandle(PolicyMessageQueue.class, "dropped", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A control message, the number of user messages that had entered the ring before it, and its enqueue stamp. */
    private record Control(Envelope envelope, long usersBefore, int stamp) {
    }

    private static final int INITIAL_SLOTS = 16;

    private final MailboxPolicy policy;
    private final int capacity;
    private final boolean lifo;
    private final boolean keepOld;
    /** The process, for the errors of refused calls and the drop reports; null in unit tests of the queue alone. */
    private final ProcessRecord owner;
    private final DropReporter reporter;

    // --- guarded by this ---
    private Envelope[] ring = new Envelope[0];
    /** The enqueue stamp of each message in the ring ({@link CountingMessageQueue#stamp}), same index. */
    private int[] stamps = new int[0];
    /** Index of the oldest user message in the ring. */
    private int first;
    /** User messages in the ring. */
    private int users;
    /** User messages that ever entered the ring, and that ever left it (taken or dropped). */
    private long usersIn;
    private long usersOut;
    private ArrayDeque<Control> control;
    /** Drops not yet reported by the node's reporter. */
    private long unreported;

    // --- written under the lock with release stores, read by any thread with acquire loads ---
    /** User and control messages queued. */
    @SuppressWarnings("unused") // through SIZE
    private int size;
    @SuppressWarnings("unused") // through ENQUEUED
    private long enqueued;
    @SuppressWarnings("unused") // through DROPPED
    private long dropped;

    PolicyMessageQueue(MailboxPolicy policy, ProcessRecord owner, DropReporter reporter) {
        if (policy.isUnbounded()) {
            throw new IllegalArgumentException("policy: expected bounded or stack, got unbounded");
        }
        this.policy = policy;
        this.capacity = policy.capacity().orElseThrow();
        this.lifo = policy.kind() == MailboxPolicy.Kind.STACK;
        this.keepOld = policy.overflow().orElse(null) == MailboxPolicy.Overflow.KEEP_OLD;
        this.owner = owner;
        this.reporter = reporter;
    }

    /**
     * Medic's control messages: never refused nor dropped by a bounded mailbox, and never counted against
     * its capacity.
     */
    static boolean isControl(Object message) {
        return message instanceof SysRequest || message instanceof Messages.ExitSignal || message instanceof Down
                || message instanceof Messages.IdleTimeout || message instanceof AutoReceivedMessage;
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
        int stamp = owner == null ? 0 : CountingMessageQueue.stamp(owner.node().clock.nanos());
        int length;
        if (isControl(handle.message())) {
            synchronized (this) {
                if (control == null) {
                    control = new ArrayDeque<>(4);
                }
                control.addLast(new Control(handle, usersIn, stamp));
                length = published(1, 0);
            }
            sent(length);
            return;
        }
        Envelope lost;
        boolean report;
        synchronized (this) {
            if (users < capacity) {
                add(handle, stamp);
                length = published(1, 0);
                lost = null;
                report = false;
            } else {
                if (keepOld) {
                    lost = handle;
                } else {
                    lost = takeUser(false); // the oldest
                    add(handle, stamp);
                }
                report = unreported++ == 0;
                length = published(keepOld ? 0 : 1, 1);
            }
        }
        if (lost != handle) {
            sent(length);
        }
        if (lost != null) {
            lost(lost, report);
        }
    }

    /**
     * A message entered the queue, which now holds {@code length}: it counts as a message out of the
     * handler sending it, if any, and a length at the node's long_message_queue threshold raises the
     * process's alarm (as {@link CountingMessageQueue} does). Outside the lock.
     */
    private void sent(int length) {
        Running.countSend();
        ProcessRecord o = owner;
        if (o != null && length >= o.node().queueEnable && o.raiseQueueAlarm()) {
            o.node().monitor.queueAlarm(o, length, true);
        }
    }

    /** Appends a user message at the newest end; the ring has room or may grow. Under the lock. */
    private void add(Envelope e, int stamp) {
        if (users == ring.length) {
            grow();
        }
        int i = first + users;
        if (i >= ring.length) {
            i -= ring.length;
        }
        ring[i] = e;
        stamps[i] = stamp;
        users++;
        usersIn++;
    }

    private void grow() {
        int n = (int) Math.min(capacity, Math.max(INITIAL_SLOTS, 2L * ring.length));
        Envelope[] bigger = new Envelope[n];
        int[] biggerStamps = new int[n];
        for (int k = 0; k < users; k++) {
            int i = first + k;
            if (i >= ring.length) {
                i -= ring.length;
            }
            bigger[k] = ring[i];
            biggerStamps[k] = stamps[i];
        }
        ring = bigger;
        stamps = biggerStamps;
        first = 0;
    }

    /** Takes the newest user message ({@code newest}) or the oldest. Under the lock; the ring is not empty. */
    private Envelope takeUser(boolean newest) {
        Envelope e;
        if (newest) {
            int i = first + users - 1;
            if (i >= ring.length) {
                i -= ring.length;
            }
            e = ring[i];
            ring[i] = null;
        } else {
            e = ring[first];
            ring[first] = null;
            first = first + 1 == ring.length ? 0 : first + 1;
        }
        users--;
        usersOut++;
        return e;
    }

    /** Publishes the length (returned), {@code in} more messages enqueued and {@code lost} more dropped. Under the lock. */
    private int published(int in, int lost) {
        int length = users + (control == null ? 0 : control.size());
        SIZE.setRelease(this, length);
        if (in != 0) {
            ENQUEUED.setRelease(this, (long) ENQUEUED.get(this) + in);
        }
        if (lost != 0) {
            DROPPED.setRelease(this, (long) DROPPED.get(this) + lost);
        }
        return length;
    }

    /** A message refused or dropped: a call fails now; the drop is reported. Outside the lock. */
    private void lost(Envelope e, boolean report) {
        if (e.message() instanceof Request<?> r) {
            r.fail(refusal("call"));
        }
        if (reporter != null) {
            reporter.counted();
            if (report) {
                reporter.pending(this);
            }
        }
    }

    private OverloadedException refusal(String what) {
        String who = owner == null ? "a process" : owner.pid() + owner.registeredName().map(n -> " (" + n + ")").orElse("");
        String how = keepOld ? "refused the " + what
                : lifo ? "dropped the " + what + ", the oldest message of the full stack"
                : "dropped the " + what + ", the oldest message, to make room for a new one";
        return new OverloadedException("mailbox of " + who, "mailbox_full",
                "mailbox of " + who + " is full (" + policy + "): it " + how, null);
    }

    @Override
    public Envelope dequeue() {
        Envelope e;
        int length;
        synchronized (this) {
            ArrayDeque<Control> c = control;
            if (c != null && !c.isEmpty() && (lifo || users == 0 || c.peekFirst().usersBefore() <= usersOut)) {
                e = c.pollFirst().envelope();
            } else if (users > 0) {
                e = takeUser(lifo);
            } else {
                return null;
            }
            length = users + (c == null ? 0 : c.size());
            SIZE.setRelease(this, length);
        }
        ProcessRecord o = owner;
        if (o != null && o.queueAlarm() && length <= o.node().queueDisable && o.clearQueueAlarm()) {
            o.node().monitor.queueAlarm(o, length, false);
        }
        return e;
    }

    /**
     * The age of the oldest message waiting: the older of the ring's oldest end (first in, whatever the
     * order of taking) and the control lane's head. Takes the lock: a reader, not the hot path.
     */
    @Override
    long oldestAgeMillis(long nowNanos) {
        int oldest;
        synchronized (this) {
            ArrayDeque<Control> c = control;
            boolean anyControl = c != null && !c.isEmpty();
            if (users == 0 && !anyControl) {
                return 0;
            }
            if (users > 0 && anyControl) {
                int u = stamps[first];
                int k = c.peekFirst().stamp();
                oldest = u - k <= 0 ? u : k; // wrapping stamps: compare by difference
            } else {
                oldest = users > 0 ? stamps[first] : c.peekFirst().stamp();
            }
        }
        return owner == null ? 0 : CountingMessageQueue.ageMillis(oldest, nowNanos);
    }

    @Override
    public int numberOfMessages() {
        return (int) SIZE.getAcquire(this);
    }

    @Override
    public boolean hasMessages() {
        return (int) SIZE.getAcquire(this) != 0;
    }

    @Override
    public long length() {
        return (int) SIZE.getAcquire(this);
    }

    @Override
    public long enqueuedCount() {
        return (long) ENQUEUED.getAcquire(this);
    }

    @Override
    public long dropped() {
        return (long) DROPPED.getAcquire(this);
    }

    @Override
    public MailboxPolicy policy() {
        return policy;
    }

    /** The process whose queue this is (null in tests of the queue alone). */
    ProcessRecord owner() {
        return owner;
    }

    /** Drops since the last report, and the total at the same instant. */
    record Unreported(long dropped, long total) {
    }

    /** The drops since the last call and the total, read together (under the lock), for the reporter. */
    synchronized Unreported takeUnreported() {
        long n = unreported;
        unreported = 0;
        return new Unreported(n, (long) DROPPED.get(this));
    }
}
