package io.medic.introspection.internal;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.dispatch.MessageDispatcher;
import io.medic.runtime.Node;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API
 *
 * <p>Medic introspection's per-node services (an Akka extension, one per ActorSystem): the settings,
 * the dispatcher everything runs on, the samplers, and the two permits that let at most one process
 * window and one scheduler window run at a time on the node. Thread-safe.
 */
public final class Introspection implements Extension {

    public static final Id ID = new Id();

    /** The extension id. */
    public static final class Id extends AbstractExtensionId<Introspection> {
        @Override
        public Introspection createExtension(ExtendedActorSystem system) {
            return new Introspection(system);
        }
    }

    public final Node node;
    public final HttpSettings settings;
    /** The {@code medic.http.dispatcher}: an Executor and an ExecutionContext. */
    public final MessageDispatcher executor;
    public final ProcessSampler processes;
    public final NodeSampler nodeSampler;
    public final SchedulerSampler schedulers;
    public final SupervisionWalker supervision;
    /** One proc_window at a time per node. */
    public final Semaphore processWindow = new Semaphore(1);
    /** One scheduler-usage window at a time per node. */
    public final Semaphore schedulerWindow = new Semaphore(1);
    /** The server started by MedicManagement, if any. */
    public final AtomicReference<CompletionStage<java.net.URI>> binding = new AtomicReference<>();

    private Introspection(ExtendedActorSystem system) {
        this.node = Node.get(system);
        this.settings = HttpSettings.fromConfig(system.settings().config());
        this.executor = system.dispatchers().lookup(settings.dispatcher());
        this.processes = new ProcessSampler(this);
        this.nodeSampler = new NodeSampler(this);
        this.schedulers = new SchedulerSampler(this);
        this.supervision = new SupervisionWalker(this);
    }

    public static Introspection get(akka.actor.ActorSystem system) {
        return ID.get(system);
    }

    public static Introspection get(Node node) {
        return ID.get(node.classicSystem());
    }
}
