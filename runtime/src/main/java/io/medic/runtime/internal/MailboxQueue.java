package io.medic.runtime.internal;

import akka.actor.ActorRef;
import akka.dispatch.Envelope;
import akka.dispatch.MessageQueue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import io.medic.runtime.MailboxPolicy;

/**
 * INTERNAL API
 *
 * <p>What a Medic process's record reads from its mailbox's queue, whatever its policy: the
 * unbounded {@link CountingMessageQueue} (the default) or a {@link PolicyMessageQueue} (bounded or
 * stack). Every read here is O(1) and safe from any thread.
 */
public abstract class MailboxQueue implements MessageQueue {
    private static final VarHandle TRACER;

    static {
        try {
            TRACER = MethodHandles.lookup().findVarHandle(MailboxQueue.class, "tracer", ProcessTracer.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The process's trace hook while trace sessions run, else null (see {@link #tracer()}). */
    private ProcessTracer tracer;

    /**
     * The process's trace hook, or null when no trace session concerns it: a plain load, on every send (any
     * thread) and every message handled (the process's). Plain is enough: a hook is immutable (final
     * fields), so a thread that sees it sees it whole; a thread that has not seen a hook just set misses the
     * events of the message in flight, and one that still sees a hook just removed offers events its
     * session, ended, drops.
     */
    final ProcessTracer tracer() {
        return tracer;
    }

    /** Sets or removes the trace hook ({@link TraceHub}, any thread): a release store. */
    final void tracer(ProcessTracer t) {
        TRACER.setRelease(this, t);
    }

    /**
     * Sets the trace hook, on the consumer's thread as the process starts, and returns the messages queued
     * before it was set, which the hook did not see arrive. This one returns none (a policy queue's early
     * messages go unreported); the unbounded queue reads them.
     */
    java.util.List<Object> tracerAndQueued(ProcessTracer t) {
        tracer(t);
        return java.util.List.of();
    }

    /** Messages in the queue now; any thread. */
    public abstract long length();

    /** Messages ever put into the queue (those refused by a full mailbox are not); any thread. */
    public abstract long enqueuedCount();

    /**
     * How long the oldest message waiting has waited, in milliseconds (0 when none waits), from the
     * coarse-clock stamps taken at enqueue ({@link CountingMessageQueue#stamp}); any thread.
     */
    abstract long oldestAgeMillis(long nowNanos);

    /** Messages refused or dropped by the mailbox's policy; any thread. */
    public long dropped() {
        return 0;
    }

    /** The policy of this queue. */
    public MailboxPolicy policy() {
        return MailboxPolicy.unbounded();
    }

    /**
     * When the actor stops: requests still queued (calls, sys requests) fail at once with the process's
     * exit reason instead of waiting for their timeouts; other messages go to dead letters as usual.
     */
    @Override
    public final void cleanUp(ActorRef owner, MessageQueue deadLetters) {
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
