package io.medic.runtime.internal;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.dispatch.MailboxType;
import akka.dispatch.MessageQueue;
import akka.dispatch.ProducesMessageQueue;
import com.typesafe.config.Config;
import scala.Option;

/**
 * INTERNAL API
 *
 * <p>The mailbox of every Medic process (configured at {@code medic.mailbox}): Akka's lock-free
 * multi-producer single-consumer node queue, with enqueue and dequeue counters so that the message
 * queue length is an O(1) read.
 */
public final class CountingMailbox implements MailboxType, ProducesMessageQueue<CountingMessageQueue> {

    public CountingMailbox(ActorSystem.Settings settings, Config config) {
        // no settings
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        return new CountingMessageQueue();
    }
}
