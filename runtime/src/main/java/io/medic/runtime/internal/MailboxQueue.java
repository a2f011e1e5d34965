package io.medic.runtime.internal;

import akka.actor.ActorRef;
import akka.dispatch.Envelope;
import akka.dispatch.MessageQueue;
import io.medic.runtime.MailboxPolicy;

/**
 * INTERNAL API
 *
 * <p>What a Medic process's record reads from its mailbox's queue, whatever its policy: the
 * unbounded {@link CountingMessageQueue} (the default) or a {@link PolicyMessageQueue} (bounded or
 * stack). Every read here is O(1) and safe from any thread.
 */
public abstract class MailboxQueue implements MessageQueue {

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
