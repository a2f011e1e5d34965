package io.medic.supervision.internal;

import akka.Done;
import akka.actor.AbstractExtensionId;
import akka.actor.CoordinatedShutdown;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.StartException;
import io.medic.supervision.Application;
import io.medic.supervision.ApplicationInfo;
import io.medic.supervision.ApplicationInfo.Status;
import io.medic.supervision.Supervisor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>The node's application controller ({@code application_controller}): starts applications, watches
 * their top supervisors and applies their start types when they terminate, and stops them in reverse
 * start order in CoordinatedShutdown's {@code service-stop} phase. One per ActorSystem (an Akka
 * extension). Its state is guarded by its monitor lock.
 */
public final class ApplicationController implements Extension {
    private static final Logger LOG = LoggerFactory.getLogger("io.medic.application");

    public static final Id ID = new Id();

    /** The extension id. */
    public static final class Id extends AbstractExtensionId<ApplicationController> {
        @Override
        public ApplicationController createExtension(ExtendedActorSystem system) {
            return new ApplicationController(Node.get(system));
        }
    }

    private static final class Entry {
        final Application app;
        Status status = Status.STARTING;
        Pid supervisor;
        ExitReason exitReason;
        Instant startedAt;

        Entry(Application app) {
            this.app = app;
        }

        ApplicationInfo info() {
            return new ApplicationInfo(app.name(), app.startType(), status, supervisor, exitReason, startedAt);
        }
    }

    private final Node node;
    private final Duration stopTimeout;
    private final LinkedHashMap<String, Entry> apps = new LinkedHashMap<>();
    private volatile boolean nodeStopping;
    private volatile boolean permanentTerminated;

    private ApplicationController(Node node) {
        this.node = node;
        this.stopTimeout = SupervisionSettings.of(node).applicationStopTimeout;
        CoordinatedShutdown.get(node.classicSystem()).addTask(CoordinatedShutdown.PhaseServiceStop(),
                "medic-stop-applications", this::stopAllForShutdown);
    }

    public static ApplicationController of(Node node) {
        return ID.get(node.classicSystem());
    }

    // ------------------------------------------------------------------ start

    public CompletionStage<Pid> start(Application app) {
        Entry e;
        synchronized (this) {
            if (nodeStopping) {
                return CompletableFuture.failedFuture(new IllegalStateException("node " + node.name()
                        + " is stopping: application '" + app.name() + "' not started"));
            }
            Entry existing = apps.get(app.name());
            if (existing != null && (existing.status == Status.STARTING || existing.status == Status.RUNNING
                    || existing.status == Status.STOPPING)) {
                return CompletableFuture.failedFuture(new IllegalStateException("application '" + app.name()
                        + "' is already " + existing.status.name().toLowerCase(java.util.Locale.ROOT)));
            }
            e = new Entry(app);
            apps.remove(app.name());
            apps.put(app.name(), e);
        }
        LOG.info("application {} starting ({})", app.name(), app.startType());
        CompletionStage<Pid> started;
        try {
            started = Supervisor.start(node, app.topSupervisor(), SpawnOptions.DEFAULT.withName(app.name()));
        } catch (RuntimeException ex) {
            started = CompletableFuture.failedFuture(ex);
        }
        return started.whenComplete((pid, error) -> {
            if (error != null) {
                synchronized (this) {
                    e.status = Status.FAILED;
                    e.exitReason = error.getCause() instanceof StartException s ? s.reason()
                            : error instanceof StartException s2 ? s2.reason() : ExitReason.exception(error);
                }
                LOG.error("application {} failed to start: {}", app.name(), e.exitReason);
                return;
            }
            synchronized (this) {
                e.supervisor = pid;
                e.status = Status.RUNNING;
                e.startedAt = Instant.now();
            }
            LOG.info("application {} started: top supervisor {}", app.name(), pid);
            Medic.whenExited(pid).thenAccept(reason -> terminated(e, reason));
        });
    }

    private void terminated(Entry e, ExitReason reason) {
        boolean byHand;
        synchronized (this) {
            byHand = e.status == Status.STOPPING || nodeStopping; // stop() or the node's shutdown
            e.status = byHand ? Status.STOPPED : Status.FAILED;
            e.exitReason = reason;
        }
        String name = e.app.name();
        if (byHand) {
            LOG.info("application {} stopped: {}", name, reason);
            return;
        }
        switch (e.app.startType()) {
            case PERMANENT -> {
                permanentTerminated = true;
                LOG.error("application {} exited with reason {}; type permanent: stopping node {} with exit status 1",
                        name, reason, node.name());
                node.stop(1, "permanent application " + name + " exited: " + reason);
            }
            case TRANSIENT -> {
                if (reason instanceof ExitReason.Normal) {
                    LOG.info("application {} exited normally (type transient)", name);
                } else {
                    LOG.error("application {} exited with reason {}; type transient: stopping node {} with exit status 1",
                            name, reason, node.name());
                    node.stop(1, "transient application " + name + " exited abnormally: " + reason);
                }
            }
            case TEMPORARY -> LOG.warn("application {} exited with reason {} (type temporary: the node keeps running)",
                    name, reason);
        }
    }

    // ------------------------------------------------------------------ stop

    public CompletionStage<Void> stop(String name) {
        Entry e;
        synchronized (this) {
            e = apps.get(name);
            if (e == null) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("application: bad value '" + name
                        + "', expected one of " + apps.keySet()));
            }
            if (e.status != Status.RUNNING) {
                return CompletableFuture.failedFuture(new IllegalStateException("application '" + name + "' is "
                        + e.status.name().toLowerCase(java.util.Locale.ROOT) + ", not running"));
            }
            e.status = Status.STOPPING;
        }
        return stopTree(e);
    }

    private CompletionStage<Void> stopTree(Entry e) {
        Pid pid = e.supervisor;
        if (pid == null || !pid.isAlive()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        GenServer.stop(pid, ExitReason.SHUTDOWN, stopTimeout).whenComplete((r, error) -> {
            if (error != null && pid.isAlive()) {
                LOG.error("application {}: its tree did not stop within {} ({}); killing its top supervisor",
                        e.app.name(), stopTimeout, error.toString());
                Medic.exit(pid, ExitReason.KILLED);
            }
            done.complete(null);
        });
        return done;
    }

    /** CoordinatedShutdown task: stop every running application, newest first, one after the other. */
    private CompletionStage<Done> stopAllForShutdown() {
        List<Entry> running = new ArrayList<>();
        synchronized (this) {
            nodeStopping = true;
            for (Entry e : apps.values()) {
                if (e.status == Status.RUNNING || e.status == Status.STARTING) {
                    if (e.status == Status.RUNNING) {
                        e.status = Status.STOPPING;
                    }
                    running.add(0, e);
                }
            }
        }
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Entry e : running) {
            chain = chain.thenCompose(v -> stopTree(e));
        }
        return chain.thenApply(v -> Done.getInstance());
    }

    // ------------------------------------------------------------------ views

    public synchronized List<ApplicationInfo> list() {
        List<ApplicationInfo> out = new ArrayList<>(apps.size());
        for (Entry e : apps.values()) {
            out.add(e.info());
        }
        return out;
    }

    public synchronized Optional<ApplicationInfo> get(String name) {
        Entry e = apps.get(name);
        return e == null ? Optional.empty() : Optional.of(e.info());
    }

    /** No application is starting, and none failed its start. */
    public synchronized boolean allStarted() {
        for (Entry e : apps.values()) {
            if (e.status == Status.STARTING || (e.status == Status.FAILED && e.startedAt == null)) {
                return false;
            }
        }
        return true;
    }

    public boolean permanentTerminated() {
        return permanentTerminated;
    }
}
