package io.medic.runtime.internal;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.dispatch.MailboxType;
import akka.dispatch.MessageQueue;
import com.typesafe.config.Config;
import io.medic.runtime.MailboxPolicy;
import java.util.concurrent.ConcurrentHashMap;
import scala.Option;

/**
 * INTERNAL API
 *
 * <p>The mailbox type of processes spawned with a bounded or stack {@link MailboxPolicy}
 * (configured at {@code medic.policy-mailbox}). Akka makes a mailbox from a config path, with no
 * argument of its own; the spawn registers the policy and the process's record under the actor's
 * name ({@link #register}, unique on the node: it carries the process number) before it spawns, and
 * {@link #create} takes them back when Akka makes the mailbox (on the spawning thread, or on the
 * guardian's for a top-level actor).
 */
public final class PolicyMailbox implements MailboxType {
    /** The config path of this mailbox type. */
    public static final String CONFIG_PATH = "medic.policy-mailbox";

    /** A spawn's policy and record, until its mailbox is made. */
    private record Pending(MailboxPolicy policy, ProcessRecord record) {
    }


    public PolicyMailbox(ActorSystem.Settings settings, Config config) {
        // no settings: the policy comes with each spawn
    }

    /** Before spawning the actor named {@code actorName} with this mailbox type. */
    static void register(String actorName, MailboxPolicy policy, ProcessRecord record) {
        pending(record.node()).put(actorName, new Pending(policy, record));
    }

    /** The spawn failed before its mailbox was made. */
    static void unregister(NodeServices node, String actorName) {
        pending(node).remove(actorName);
    }

    /** The node's spawns waiting for their mailbox (names are unique per node, not per JVM). */
    @SuppressWarnings("unchecked")
    private static ConcurrentHashMap<String, Pending> pending(NodeServices node) {
        return (ConcurrentHashMap<String, Pending>) node.attachments.computeIfAbsent(PolicyMailbox.class,
                k -> new ConcurrentHashMap<String, Pending>());
    }

    @Override
    public MessageQueue create(Option<ActorRef> owner, Option<ActorSystem> system) {
        Pending p = owner.isDefined() && system.isDefined()
                ? pending(NodeServices.get(system.get())).remove(owner.get().path().name()) : null;
        if (p == null) {
            // not a Medic spawn (someone used the config path by hand): the unbounded default
            return new CountingMessageQueue();
        }
        return new PolicyMessageQueue(p.policy(), p.record(), DropReporter.of(p.record().node()));
    }
}
