package io.medic.introspection.internal;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.dispatch.MessageDispatcher;
import io.medic.introspection.IntrospectionBusyException;
import io.medic.runtime.Node;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * INTERNAL API
 *
 * <p>Medic introspection's per-node services (an Akka extension, one per ActorSystem): the settings,
 * the authentication, the dispatcher everything runs on, the samplers, and the two permits that let at most one process
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
    /** {@code medic.http.auth}: one instance per node, so that the routes and the server's login guard share its memory of successful checks. */
    public final BasicAuth auth;
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
        this.auth = BasicAuth.fromConfig(system.settings().config());
        this.executor = system.dispatchers().lookup(settings.dispatcher());
        this.processes = new ProcessSampler(this);
        this.nodeSampler = new NodeSampler(this);
        this.schedulers = new SchedulerSampler(this);
        this.supervision = new SupervisionWalker(this);
    }

    /**
     * Runs {@code body} holding {@code permit} (one window of a kind at a time on this node) until the
     * stage it returns completes; fails with {@link IntrospectionBusyException} at once if the permit is
     * held, naming {@code what}.
     */
    <T> CompletionStage<T> exclusive(Semaphore permit, String what, Supplier<CompletionStage<T>> body) {
        if (!permit.tryAcquire()) {
            return CompletableFuture.failedFuture(new IntrospectionBusyException(
                    "a " + what + " window is already being sampled on node " + node.name()
                            + ": at most one at a time, retry when it is done"));
        }
        try {
            return body.get().whenComplete((r, err) -> permit.release());
        } catch (RuntimeException | Error e) {
            permit.release();
            throw e;
        }
    }

    /**
     * Completes on the introspection dispatcher after {@code delay}. The JDK's delayed executor rather
     * than Akka's scheduler: Akka's ticks every 10 ms, which would stretch a 1 ms window to 10.
     */
    CompletionStage<Void> after(Duration delay) {
        return CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, executor));
    }

    public static Introspection get(akka.actor.ActorSystem system) {
        return ID.get(system);
    }

    public static Introspection get(Node node) {
        return ID.get(node.classicSystem());
    }
}
