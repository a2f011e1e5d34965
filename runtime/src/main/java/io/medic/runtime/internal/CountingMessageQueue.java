package io.medic.runtime.internal;

import akka.actor.ActorRef;
import akka.dispatch.Envelope;
import akka.dispatch.UnboundedMessageQueueSemantics;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * INTERNAL API
 *
 * <p>The message queue of every Medic process: a lock-free multi-producer single-consumer linked
 * queue (the shape of the queue of typed actors' default mailbox) whose nodes are numbered, so that
 * the queue's length is an O(1) read without a counter of its own.
 *
 * <p><b>How.</b> A producer appends a node with a compare-and-set of the tail, after giving the node
 * the number of the tail it saw plus one (that number was written before that tail was published by
 * its own compare-and-set, so it is always there to read), then links the old tail to it. The single
 * consumer takes nodes from the head and counts them. The length is the tail's number minus the count
 * taken; messages ever enqueued are the count taken plus the length. One atomic instruction per send —
 * the compare-and-set that appends — where a queue with a separate counter needs two (on the machines
 * Medic is measured on, each costs ~10 ns, a sixth of a trivial message's whole cost). Numbers are ints
 * and wrap: only differences are read, and a queue holds fewer than 2^31 messages.
 *
 * <p><b>Memory order.</b> The tail is read with acquire and changed by compare-and-set (a full fence);
 * a node's link is written with release and read with acquire, so the consumer sees the message of a
 * node it reaches; the head is written by the consumer with release and read with acquire by
 * {@link #hasMessages} (any thread); the count taken is written opaque by the consumer and read with
 * acquire, before the tail.
 * Reading the count first and the tail second never gives a negative length, and the length is exact
 * whenever no send is in flight. A producer that has appended but not yet linked its node holds the
 * consumer back until it links (a few instructions), as in Akka's own queue.
 *
 * <p><b>When each message came.</b> A node's word is its number only while it is the tail: nothing
 * reads a number but the tail's. The producer that appends after it overwrites it (with release, once
 * its compare-and-set has made another node the tail, and before it links the two) with its own
 * message's enqueue time, a coarse-clock stamp ({@link #stamp}, ~1 ms units) read before sending. So the
 * stub at the head, when it has a successor, says when the oldest message waiting was enqueued
 * ({@link #oldestAgeMillis}): no field more in any node, one plain store more per send. A reader of
 * the length re-reads the tail after its number, and tries again if a producer moved it meanwhile.
 *
 * <p><b>Who sent it, and long queues.</b> Each send counts as a message out of the handler running on
 * the sending thread, if any ({@link Running#countSend}: a few loads). And each send compares the length
 * it made with the node's long_message_queue enable threshold, each take the process makes compares
 * nothing but its record's alarm flag: the system monitor hears of a queue only when it crosses the
 * enable threshold going up, and again when it falls to the disable one.
 *
 * <p>When the actor stops, requests still queued (calls, sys requests) fail at once with the process's
 * exit reason instead of waiting for their timeouts; other messages go to dead letters as usual.
 */
public final class CountingMessageQueue extends MailboxQueue implements UnboundedMessageQueueSemantics {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle TAKEN;
    private static final VarHandle NEXT;
    private static final VarHandle WORD;
    /** A stamp is {@code System.nanoTime() >> STAMP_SHIFT}: units of 2^20 ns, ~1.05 ms. */
    static final int STAMP_SHIFT = 20;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(CountingMessageQueue.class, "head", Node.class);
            TAIL = l.findVarHandle(CountingMessageQueue.class, "tail", Node.class);
            TAKEN = l.findVarHandle(CountingMessageQueue.class, "taken", long.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
            WORD = l.findVarHandle(Node.class, "word", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One queued message, numbered in the order of sending. */
    static final class Node {
        Envelope value;
        /** The next node; null until its producer links it. Release / acquire. */
        Node next;
        /**
         * While the node is the tail: 1 + the number of the node before it (wrapping), written before
         * the node is published. Once another node follows: that node's enqueue stamp, written with
         * release before the link.
         */
        int word;

        Node(Envelope value) {
            this.value = value;
        }
    }

    /** The last node taken (a stub at first): the consumer's end. Written by the consumer only. */
    private Node head;
    /** The last node appended: the producers' end. */
    private Node tail;
    /** Messages taken from the queue: written by the consumer only. */
    @SuppressWarnings("unused") // accessed through TAKEN
    private long taken;
    /** The process whose mailbox this is (null for an actor that is not a Medic process). */
    private final ProcessRecord owner;

    public CountingMessageQueue() {
        this(null, 0);
    }

    /** The queue of {@code owner}'s mailbox (null: not a Medic process: no stamps, no alarm). */
    CountingMessageQueue(ProcessRecord owner) {
        this(owner, 0);
    }

    /** A queue that has already passed {@code alreadyTaken} messages (its numbers start there): for tests of wrapping. */
    CountingMessageQueue(ProcessRecord owner, long alreadyTaken) {
        Node stub = new Node(null);
        stub.word = (int) alreadyTaken;
        this.owner = owner;
        head = stub;
        tail = stub;
        taken = alreadyTaken;
    }

    /** The stamp of {@code nanos} ({@code System.nanoTime()} or the coarse clock), in ~1 ms units. */
    static int stamp(long nanos) {
        return (int) (nanos >> STAMP_SHIFT);
    }

    /** Milliseconds from {@code stamp} to {@code nowNanos}: 0 if not later (stamps wrap after ~71 days). */
    static long ageMillis(int stamp, long nowNanos) {
        int units = stamp(nowNanos) - stamp;
        return units <= 0 ? 0 : ((long) units << STAMP_SHIFT) / 1_000_000;
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
        ProcessTracer t = tracer();
        if (t != null) {
            t.enqueued(handle.message()); // before the message can be handled: its arrival comes first
        }
        Node n = new Node(handle);
        ProcessRecord o = owner;
        NodeServices node = o == null ? null : o.node();
        int stamp = node == null ? 0 : stamp(node.clock.nanos());
        Node prev;
        int number;
        do {
            prev = (Node) TAIL.getAcquire(this);
            number = prev.word + 1;
            n.word = number;
        } while (!TAIL.compareAndSet(this, prev, n));
        WORD.setRelease(prev, stamp); // prev is no longer the tail: its word now says when its successor came
        NEXT.setRelease(prev, n);
        Running.countSend();
        if (node != null && number - (int) (long) TAKEN.getOpaque(this) >= node.queueEnable) {
            longQueue(o, node);
        }
    }

    /** The length reached the enable threshold: the monitor hears of it if the alarm was down. */
    private void longQueue(ProcessRecord o, NodeServices node) {
        if (o.raiseQueueAlarm()) {
            node.monitor.queueAlarm(o, length(), true);
        }
    }

    @Override
    public Envelope dequeue() {
        Node h = head;
        Node next = (Node) NEXT.getAcquire(h);
        if (next == null) {
            if (TAIL.getAcquire(this) == h) {
                return null;
            }
            // appended but not linked yet: the producer links it within a few instructions
            while ((next = (Node) NEXT.getAcquire(h)) == null) {
                Thread.onSpinWait();
            }
        }
        Envelope e = next.value;
        next.value = null; // the node is the new stub: let the message go
        HEAD.setRelease(this, next);
        long took = taken + 1;
        TAKEN.setOpaque(this, took);
        ProcessRecord o = owner;
        // alarm down (the usual case): one load of the record's flags, as before. Up: the length (a read of
        // the tail the senders write) is checked every ALARM_CHECK_EVERY takes and when the queue may be empty
        if (o != null && o.queueAlarm() && ((took & (ALARM_CHECK_EVERY - 1)) == 0 || NEXT.getAcquire(next) == null)) {
            shortQueue(o);
        }
        return e;
    }

    /**
     * Sets the trace hook and returns the messages queued before it was set (oldest first), which the
     * hook did not see arrive. The consumer's thread only (it owns the head): the messages are read, not
     * taken. A producer that read no hook and appends after the snapshot of the tail is in neither.
     */
    @Override
    java.util.List<Object> tracerAndQueued(ProcessTracer t) {
        Node last = (Node) TAIL.getAcquire(this);
        tracer(t);
        java.util.List<Object> out = new java.util.ArrayList<>();
        for (Node n = head; n != last; ) {
            Node next;
            while ((next = (Node) NEXT.getAcquire(n)) == null) {
                Thread.onSpinWait(); // appended, not linked yet: a few instructions away
            }
            out.add(next.value.message());
            n = next;
        }
        return out;
    }

    /**
     * While the long_message_queue alarm is up, the process checks its queue's length after this many
     * takes (a power of two), or when the queue may have emptied: the alarm is lowered within that many
     * messages of the length falling to the disable threshold.
     */
    static final int ALARM_CHECK_EVERY = 64;

    /** The alarm is up: lowered, and the monitor told, once the length is down to the disable threshold. */
    private void shortQueue(ProcessRecord o) {
        long len = length();
        if (len <= o.node().queueDisable && o.clearQueueAlarm()) {
            o.node().monitor.queueAlarm(o, len, false);
        }
    }

    @Override
    public int numberOfMessages() {
        long n = length();
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    /** On the dispatcher's hot path: two loads. */
    @Override
    public boolean hasMessages() {
        return HEAD.getAcquire(this) != TAIL.getAcquire(this);
    }

    /** Messages in the queue now (O(1)); any thread. */
    @Override
    public long length() {
        long t = (long) TAKEN.getAcquire(this); // acquire: the read of the tail cannot move before it
        return lengthAfter(t);
    }

    /** Messages ever enqueued; any thread. */
    @Override
    public long enqueuedCount() {
        long t = (long) TAKEN.getAcquire(this);
        return t + lengthAfter(t);
    }

    /**
     * The tail's number minus {@code taken}, read after it: never negative. The tail is read again after
     * its number: a producer that appended meanwhile may have overwritten it with a stamp.
     */
    private long lengthAfter(long taken) {
        while (true) {
            Node t = (Node) TAIL.getAcquire(this);
            int last = (int) WORD.getAcquire(t);
            VarHandle.loadLoadFence();
            if (TAIL.getAcquire(this) == t) {
                return Math.max(0, last - (int) taken);
            }
        }
    }

    /**
     * How long the message at the head of the queue has waited, in milliseconds (0 when the queue is
     * empty): the head stub's word, once it has a successor, is that successor's enqueue stamp. Any
     * thread; acquire loads of the head, its link and the word.
     */
    @Override
    long oldestAgeMillis(long nowNanos) {
        Node h = (Node) HEAD.getAcquire(this);
        Node m = (Node) NEXT.getAcquire(h);
        if (m == null) {
            return 0;
        }
        return ageMillis((int) WORD.getAcquire(h), nowNanos);
    }
}
