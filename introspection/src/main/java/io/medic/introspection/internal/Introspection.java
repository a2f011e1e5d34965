package io.medic.introspection.internal;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.dispatch.MessageDispatcher;
import io.medic.introspection.IntrospectionBusyException;
import io.medic.runtime.Node;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * INTERNAL API
 *
 * <p>Medic introspection's per-node services (an Akka extension, one per ActorSystem): the settings,
 * the authentication, the dispatcher everything runs on, the samplers, and the busy rule of every window: at most one
 * window of each kind (process, port, scheduler) at a time on the node, each holding its own permit;
 * another of the same kind fails at once with {@link IntrospectionBusyException}. Windows still open when
 * the node terminates fail. Thread-safe.
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
    public final PortSampler ports;
    public final NodeSampler nodeSampler;
    public final SchedulerSampler schedulers;
    public final SupervisionWalker supervision;
    public final CrashHistory crashes;
    /** One proc_window at a time per node. */
    public final Semaphore processWindow = new Semaphore(1);
    /** One scheduler-usage window at a time per node. */
    public final Semaphore schedulerWindow = new Semaphore(1);
    /** One port window (inet_window) at a time per node. */
    public final Semaphore portWindow = new Semaphore(1);
    /** The waits of the windows in progress: failed if the node terminates before they end. */
    private final Set<CompletableFuture<Void>> waits = ConcurrentHashMap.newKeySet();
    private volatile boolean terminated;
    /** The server started by MedicManagement, if any. */
    public final AtomicReference<CompletionStage<java.net.URI>> binding = new AtomicReference<>();

    private Introspection(ExtendedActorSystem system) {
        this.node = Node.get(system);
        this.settings = HttpSettings.fromConfig(system.settings().config());
        this.auth = BasicAuth.fromConfig(system.settings().config());
        this.executor = system.dispatchers().lookup(settings.dispatcher());
        this.processes = new ProcessSampler(this);
        this.ports = new PortSampler(this);
        this.nodeSampler = new NodeSampler(this);
        this.schedulers = new SchedulerSampler(this);
        this.supervision = new SupervisionWalker(this);
        this.crashes = new CrashHistory(this);
        try {
            system.registerOnTermination(this::terminate);
        } catch (RuntimeException e) {
            terminated = true; // the system is already shutting down: no window can end
        }
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
        CompletableFuture<Void> wait = new CompletableFuture<>();
        waits.add(wait);
        wait.whenComplete((x, err) -> waits.remove(wait));
        CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS, executor).execute(() -> wait.complete(null));
        if (terminated) {
            terminate();
        }
        return wait;
    }

    /** The node is gone: the windows still waiting fail (their permits are released as they do). */
    private void terminate() {
        terminated = true;
        for (CompletableFuture<Void> w : waits) {
            w.completeExceptionally(new IllegalStateException("node " + node.name() + " terminated during the window"));
        }
    }

    public static Introspection get(akka.actor.ActorSystem system) {
        return ID.get(system);
    }

    public static Introspection get(Node node) {
        return ID.get(node.classicSystem());
    }
}
