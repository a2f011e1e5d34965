package io.medic.runtime.internal;

import akka.actor.ActorRef;
import akka.dispatch.AbstractNodeQueue;
import akka.dispatch.Envelope;
import akka.dispatch.MessageQueue;
import akka.dispatch.UnboundedMessageQueueSemantics;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * INTERNAL API
 *
 * <p>Akka's MPSC node queue ({@link AbstractNodeQueue}, the queue of typed actors' default mailbox)
 * plus two counters. Producers increment {@code enqueued} <em>before</em> linking the node, the single
 * consumer increments {@code dequeued} after unlinking one; reading {@code dequeued} first and
 * {@code enqueued} second therefore never gives a negative length, and the length is exact whenever
 * no send is in flight. The increment is a single atomic add on the cache line the producer has
 * just written to, which keeps its cost to a few nanoseconds.
 *
 * <p>When the actor stops, requests still queued (calls, sys requests) fail at once with the process's
 * exit reason instead of waiting for their timeouts; other messages go to dead letters as usual.
 */
public final class CountingMessageQueue extends AbstractNodeQueue<Envelope>
        implements MessageQueue, UnboundedMessageQueueSemantics {

    private static final VarHandle ENQUEUED;
    private static final VarHandle DEQUEUED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ENQUEUED = l.findVarHandle(CountingMessageQueue.class, "enqueued", long.class);
            DEQUEUED = l.findVarHandle(CountingMessageQueue.class, "dequeued", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through ENQUEUED
    private long enqueued;
    /**
     * Messages ever dequeued, modulo 2^32: only the difference with {@code enqueued} is read, and that
     * difference (the queue's length) is below 2^31. An int keeps the queue at 32 bytes.
     */
    private int dequeued;

    @Override
    public void enqueue(ActorRef receiver, Envelope handle) {
        ENQUEUED.getAndAdd(this, 1L);
        add(handle);
    }

    @Override
    public Envelope dequeue() {
        Envelope e = poll();
        if (e != null) {
            DEQUEUED.setOpaque(this, dequeued + 1);
        }
        return e;
    }

    @Override
    public int numberOfMessages() {
        long n = length();
        return n > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) n;
    }

    @Override
    public boolean hasMessages() {
        return !isEmpty();
    }

    /** Messages in the queue now (O(1)). */
    public long length() {
        int d = (int) DEQUEUED.getAcquire(this); // acquire: the read of enqueued cannot move before it
        long e = (long) ENQUEUED.getVolatile(this);
        return Math.max(0, (int) e - d); // exact modulo 2^32, and a length is below 2^31
    }

    /** Messages ever enqueued. */
    public long enqueuedCount() {
        return (long) ENQUEUED.getVolatile(this);
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
