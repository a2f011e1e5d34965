package io.medic.runtime;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.runtime.internal.NodeServices;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A Medic node: one Akka {@link ActorSystem} plus Medic's process table, registry and settings — the
 * analog of one BEAM node.
 *
 * <pre>{@code
 * try (Node node = Node.start("shop")) {
 *     Pid pid = GenServer.startSync(node, new Cart(), SpawnOptions.DEFAULT.withName("cart"), Duration.ofSeconds(5));
 *     ...
 * }
 * }</pre>
 *
 * <p>{@link #start(String, Config, List)} also starts components (Medic applications) in order, each
 * only after the previous one has started, and fails the node's start with the first failure, after
 * stopping the node. Shutdown goes through Akka's CoordinatedShutdown. Thread-safe.
 */
public final class Node implements AutoCloseable {

    /** Something started with the node, in order (a Medic application). */
    public interface Component {
        /** A name for logs and errors. */
        String name();

        /** Starts it; the stage completes when it has started, or fails with the cause. */
        CompletionStage<?> start(Node node);

        /** True if the node must not run without it: its failed start fails the node's start. */
        default boolean vital() {
            return true;
        }
    }

    /**
     * How this node reaches processes of other nodes: Erlang's distribution, installed by a distribution
     * module (the cluster module) with {@link #installDistribution}. The runtime asks it to resolve the
     * pids of other nodes that {@link #lookup} parses ({@code <0.N.0>@node}); what reaches those processes
     * goes through their {@link RemotePid}.
     */
    public interface Distribution {
        /** This node's name as other nodes print it after the {@code @} of its pids (e.g. {@code 127.0.0.1:25520}). */
        String nodeName();

        /**
         * The process {@code <0.number.0>} of node {@code node} (never this node), if {@code node} is a
         * node of the cluster now; empty otherwise. Never waits for the network: whether the process is
         * alive is found out by what is sent to it, as with Erlang's {@code list_to_pid/1}.
         */
        Optional<Pid> resolve(String node, long number);
    }

    private static final Config NODE_DEFAULTS = ConfigFactory.parseString(String.join("\n",
            "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
            "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
            "akka.loglevel = INFO",
            "akka.log-dead-letters-during-shutdown = off",
            "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = on",
            // Akka Management binds to the host's address by default: a Medic node serves its
            // introspection routes on loopback unless application.conf says otherwise.
            "akka.management.http.hostname = \"127.0.0.1\""));

    /**
     * Why a node is stopping abnormally, handed to the {@linkplain #onAbnormalStop last-words hooks}: the
     * analog of the slogan at the top of an {@code erl_crash.dump}.
     *
     * @param cause  {@code halt} ({@link #halt}), {@code exit_status} ({@link #stop} with a status other
     *               than 0, e.g. a permanent application that terminated) or {@code fatal_error} (a
     *               {@link VirtualMachineError} out of a process, before the JVM treats it as fatal)
     * @param slogan what happened, in words ({@code permanent application shop exited: shutdown})
     * @param status the exit status the node will end with (1 for a fatal error)
     */
    public record AbnormalStop(String cause, String slogan, int status) {
        public AbnormalStop {
            Objects.requireNonNull(cause, "cause");
            Objects.requireNonNull(slogan, "slogan");
        }
    }

    private final NodeServices services;
    private final java.util.concurrent.atomic.AtomicBoolean modulesAttached = new java.util.concurrent.atomic.AtomicBoolean();
    private final CompletableFuture<Integer> exitStatus = new CompletableFuture<>();
    private volatile int requestedStatus;

    private Node(NodeServices services) {
        this.services = services;
        // once the system has terminated entirely: after every termination callback (Akka runs them last
        // registered first, so a callback registered here would run before the node's services had
        // closed, and before Akka stops its scheduler)
        services.system.getWhenTerminated().thenRun(() -> exitStatus.complete(requestedStatus));
    }

    /** Starts a node named {@code name} with the default configuration (application.conf, reference.conf). */
    public static Node start(String name) {
        return start(name, ConfigFactory.empty(), List.of());
    }

    /** Starts a node; {@code overrides} take precedence over application.conf. */
    public static Node start(String name, Config overrides) {
        return start(name, overrides, List.of());
    }

    /**
     * Starts a node, then each component in order, waiting for each. If a vital one fails, the node is
     * shut down and a {@link StartException} names the component and the cause; a non-vital one's
     * failure is logged.
     */
    public static Node start(String name, Config overrides, List<? extends Component> components) {
        Objects.requireNonNull(name, "name");
        Config config = ConfigFactory.defaultOverrides()
                .withFallback(overrides)
                .withFallback(ConfigFactory.defaultApplication())
                .withFallback(NODE_DEFAULTS)
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        akka.actor.ActorSystem system = akka.actor.ActorSystem.create(name, config);
        Node node;
        try {
            node = of(NodeServices.get(system));
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
        for (Component c : components) {
            try {
                c.start(node).toCompletableFuture().join();
            } catch (RuntimeException e) {
                Throwable cause = Clients.unwrap(e);
                if (!c.vital()) {
                    node.log().error("node {}: start of {} failed, continuing without it: {}", name, c.name(), cause.toString());
                    continue;
                }
                node.log().error("node {}: start of {} failed, stopping the node: {}", name, c.name(), cause.toString());
                node.close();
                ExitReason reason = cause instanceof StartException s ? s.reason() : ExitReason.exception(cause);
                throw new StartException("node " + name + ": start of " + c.name() + " failed: " + cause.getMessage(), reason);
            }
        }
        return node;
    }

    /** The node of an ActorSystem (creating Medic's services on it if needed). */
    public static Node get(ActorSystem<?> system) {
        return of(NodeServices.get(system));
    }

    /** The node of a classic ActorSystem. */
    public static Node get(akka.actor.ActorSystem system) {
        return of(NodeServices.get(system));
    }

    static Node of(NodeServices services) {
        Node node = (Node) services.attachments.get(Node.class);
        if (node != null) {
            return node;
        }
        node = (Node) services.attachments.computeIfAbsent(Node.class, k -> new Node(services));
        node.attachModules();
        return node;
    }

    /**
     * Attaches, once, the node services other Medic modules name under {@code medic.node-services}
     * (each module's {@code reference.conf} adds its own: the introspection module its crash dumps and
     * memory watchdog), so that a node gets them however it was created. Each is a class with a public
     * static {@code attach(Node)} method; one that fails is logged and skipped.
     */
    private void attachModules() {
        if (!modulesAttached.compareAndSet(false, true)) {
            return;
        }
        Config section = services.system.settings().config().getConfig("medic.node-services");
        for (String key : new java.util.TreeSet<>(section.root().keySet())) {
            String className = section.getString(com.typesafe.config.ConfigUtil.quoteString(key)).trim();
            if (className.isEmpty()) {
                continue; // turned off
            }
            try {
                Class.forName(className, true, Node.class.getClassLoader())
                        .getMethod("attach", Node.class).invoke(null, this);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e instanceof java.lang.reflect.InvocationTargetException i && i.getCause() != null ? i.getCause() : e;
                log().error("node {}: node service {} ({}) could not be attached: {}", name(), LogText.escaped(key),
                        LogText.escaped(className), LogText.escaped(cause.toString()));
            }
        }
    }


    NodeServices services() {
        return services;
    }

    private org.slf4j.Logger log() {
        return services.log;
    }

    /** The node's name (its ActorSystem's name). */
    public String name() {
        return services.system.name();
    }

    /** The typed ActorSystem. */
    public ActorSystem<Void> system() {
        return Adapter.toTyped(services.system);
    }

    /** The classic ActorSystem (what Akka Management and Akka extensions take). */
    public akka.actor.ActorSystem classicSystem() {
        return services.system;
    }

    public MedicSettings settings() {
        return services.settings;
    }

    public ProcessTable processes() {
        return services.table;
    }

    public Registry registry() {
        return services.registry;
    }

    /** {@code erlang:whereis/1}. */
    public Optional<Pid> whereis(String name) {
        return services.registry.whereis(name);
    }

    /**
     * Installs the distribution of this node (once; the cluster module does it when the node joins a
     * cluster): from then on {@link #lookup} resolves pids of other nodes.
     *
     * @throws IllegalStateException if another distribution is installed
     */
    public void installDistribution(Distribution distribution) {
        Objects.requireNonNull(distribution, "distribution");
        Object before = services.attachments.putIfAbsent(Distribution.class, distribution);
        if (before != null && before != distribution) {
            throw new IllegalStateException("node " + name() + " already has a distribution: " + before);
        }
    }

    /** The distribution of this node, if one is installed (a node of a cluster). */
    public Optional<Distribution> distribution() {
        return Optional.ofNullable((Distribution) services.attachments.get(Distribution.class));
    }

    /** See {@link ProcessTable#lookup(String)}. */
    public Optional<Pid> lookup(String reference) {
        return services.table.lookup(reference);
    }

    /** Like {@link #lookup(String)} but throws {@link NoProcessException} for an unknown process. */
    public Pid pid(String reference) {
        return lookup(reference).orElseThrow(() -> new NoProcessException(reference));
    }

    /**
     * Stops the node: CoordinatedShutdown runs (Medic applications stop in reverse start order), the
     * ActorSystem terminates, and {@link #exitStatus()} completes with {@code status}. The first
     * non-zero status requested wins.
     */
    public CompletionStage<Done> stop(int status, String reason) {
        if (status != 0) {
            services.abnormalStop(new AbnormalStop("exit_status", String.valueOf(reason), status));
        }
        return stopWith(status, reason);
    }

    /**
     * Stops the node abnormally — Erlang's {@code erlang:halt(Status, Reason)} for a node that must not
     * go on: the {@linkplain #onAbnormalStop last-words hooks} run first, on the calling thread, while
     * every process is still there (a Medic node with the introspection module writes its crash dump
     * then, with {@code reason} as its slogan), then the node stops as {@link #stop} stops it, with exit
     * status 1. Unlike Erlang's {@code halt}, the node's shutdown still runs (applications stop in
     * reverse order): use {@code System.exit} after {@link #exitStatus()} to end the JVM.
     */
    public CompletionStage<Done> halt(String reason) {
        Objects.requireNonNull(reason, "reason");
        services.abnormalStop(new AbnormalStop("halt", reason, 1));
        return stopWith(1, reason);
    }

    /**
     * Adds a last-words hook: it runs once, on the thread that stops the node abnormally ({@link #halt},
     * {@link #stop} with a status other than 0, a fatal error out of a process), before any process is
     * stopped, with why. Hooks run in the order they were added; one that throws is logged and the next
     * still runs. Only the first abnormal stop of a node runs them. The crash dump of the introspection
     * module is written by one ({@code erl_crash.dump}'s "written when the node dies").
     */
    public void onAbnormalStop(java.util.function.Consumer<AbnormalStop> hook) {
        services.onAbnormalStop(Objects.requireNonNull(hook, "hook"));
    }

    private CompletionStage<Done> stopWith(int status, String reason) {
        synchronized (this) {
            if (requestedStatus == 0) {
                requestedStatus = status;
            }
        }
        if (status != 0) {
            log().error("node {} stopping with exit status {}: {}", name(), status, reason);
        } else {
            log().info("node {} stopping: {}", name(), reason);
        }
        return CoordinatedShutdown.get(services.system).runAll(CoordinatedShutdown.unknownReason());
    }

    /** Stops the node with status 0. */
    public CompletionStage<Done> shutdown() {
        return stop(0, "shutdown requested");
    }

    /** Completes with the node's exit status once its ActorSystem has terminated. */
    public CompletionStage<Integer> exitStatus() {
        return exitStatus;
    }

    /** Shuts down and waits (at most a minute) for termination. */
    @Override
    public void close() {
        shutdown();
        try {
            exitStatus.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            log().warn("node {} did not terminate within 60 s: {}", name(), e.toString());
        }
    }

    /** Waits for the node to terminate and returns its exit status. */
    public int awaitTermination(Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException {
        try {
            return exitStatus.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public String toString() {
        return "Node(" + name() + ", " + services.table.size() + " processes)";
    }
}
