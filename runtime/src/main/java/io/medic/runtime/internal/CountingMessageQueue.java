package io.medic.runtime.internal;

import akka.actor.ActorRef;
import akka.dispatch.Envelope;
import akka.dispatch.MessageQueue;
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
 * <p>When the actor stops, requests still queued (calls, sys requests) fail at once with the process's
 * exit reason instead of waiting for their timeouts; other messages go to dead letters as usual.
 */
public final class CountingMessageQueue implements MessageQueue, UnboundedMessageQueueSemantics {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle TAKEN;
    private static final VarHandle NEXT;
    private static final VarHandle TRACER;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(CountingMessageQueue.class, "head", Node.class);
            TAIL = l.findVarHandle(CountingMessageQueue.class, "tail", Node.class);
            TAKEN = l.findVarHandle(CountingMessageQueue.class, "taken", long.class);
            NEXT = l.findVarHandle(Node.class, "next", Node.class);
            TRACER = l.findVarHandle(CountingMessageQueue.class, "tracer", ProcessTracer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One queued message, numbered in the order of sending. */
    static final class Node {
        Envelope value;
        /** The next node; null until its producer links it. Release / acquire. */
        Node next;
        /** 1 + the number of the node before it (wrapping); written before the node is published. */
        int number;

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
    /**
     * The process's trace hook while trace sessions run, else null (see {@link #tracer()}). It fits in
     * the padding of this object (28 bytes of fields and header, 32 allocated): an idle process is no
     * larger for it.
     */
    private ProcessTracer tracer;

    public CountingMessageQueue() {
        this(0);
    }

    /** A queue that has already passed {@code alreadyTaken} messages (its numbers start there): for tests of wrapping. */
    CountingMessageQueue(long alreadyTaken) {
        Node stub = new Node(null);
        stub.number = (int) alreadyTaken;
        head = stub;
        tail = stub;
        taken = alreadyTaken;
    }

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
        ProcessTracer t = tracer;
        if (t != null) {
            t.enqueued(handle.message()); // before the message can be handled: its arrival comes first
        }
        Node n = new Node(handle);
        Node prev;
        do {
            prev = (Node) TAIL.getAcquire(this);
            n.number = prev.number + 1;
        } while (!TAIL.compareAndSet(this, prev, n));
        NEXT.setRelease(prev, n);
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
        TAKEN.setOpaque(this, taken + 1);
        return e;
    }

    /**
     * The process's trace hook, or null when no trace session concerns it: a plain load, on every send (any
     * thread) and every message handled (the process's). Plain is enough: a hook is immutable (final
     * fields), so a thread that sees it sees it whole; a thread that has not seen a hook just set misses the
     * events of the message in flight, and one that still sees a hook just removed offers events its
     * session, ended, drops.
     */
    ProcessTracer tracer() {
        return tracer;
    }

    /** Sets or removes the trace hook ({@link TraceHub}, any thread): a release store. */
    void tracer(ProcessTracer t) {
        TRACER.setRelease(this, t);
    }

    /**
     * Sets the trace hook and returns the messages queued before it was set (oldest first), which the
     * hook did not see arrive. The consumer's thread only (it owns the head): the messages are read, not
     * taken. A producer that read no hook and appends after the snapshot of the tail is in neither.
     */
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
    public long length() {
        long t = (long) TAKEN.getAcquire(this); // acquire: the read of the tail cannot move before it
        return lengthAfter(t);
    }

    /** Messages ever enqueued; any thread. */
    public long enqueuedCount() {
        long t = (long) TAKEN.getAcquire(this);
        return t + lengthAfter(t);
    }

    /** The tail's number minus {@code taken}, read after it: never negative. */
    private long lengthAfter(long taken) {
        int last = ((Node) TAIL.getAcquire(this)).number;
        return Math.max(0, last - (int) taken);
    }

    @Override
    public void cleanUp(ActorRef owner, MessageQueue deadLetters) {
        Envelope e;
        while ((e = dequeue()) != null) {
            if (e.message() instanceof Request<?> r) {
                r.failBecauseDead();
            } else {
                deadLetters.enqueue(owner, e);
            }
        }
    }
}
