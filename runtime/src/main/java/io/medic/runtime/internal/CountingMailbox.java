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
 * multi-producer single-consumer node queue, numbered so that the message queue length is an O(1)
 * read, stamped so that the age of the oldest message is one too. The queue knows the process it
 * belongs to: the record is in the table before its actor (and so its mailbox) is created, under the
 * number Medic encodes in the actor's name (an actor given this mailbox that is not a Medic process
 * gets a queue without stamps or alarms).
 */
public final class CountingMailbox implements MailboxType, ProducesMessageQueue<CountingMessageQueue> {

    public CountingMailbox(ActorSystem.Settings settings, Config config) {
        // no settings
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        return new CountingMessageQueue(owner.isDefined() && system.isDefined() ? recordOf(owner.get(), system.get()) : null);
    }

    /** The Medic process an actor is, or null (an actor given Medic's mailbox without being one). */
    private static ProcessRecord recordOf(ActorRef actor, ActorSystem system) {
        long number = PidForms.numberFromActorName(actor.path().name());
        if (number <= 0) {
            return null;
        }
        return NodeServices.get(system).table.record(number); // numbers are never reused: it is this actor's

    }
}
