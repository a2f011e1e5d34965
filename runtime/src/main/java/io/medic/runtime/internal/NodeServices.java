package io.medic.runtime.internal;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import io.medic.runtime.ExitReason;
import io.medic.runtime.InitResult;
import io.medic.runtime.MedicSettings;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Spawned;
import io.medic.runtime.monitor.MonitorSettings;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>Medic's node-wide services for one ActorSystem (an Akka extension): settings, the coarse clock,
 * the process table, the registry, the event bus, the system monitor and the sampler that feeds CPU
 * accounting and the monitor, and the spawn procedure every Medic process goes through.
 */
public final class NodeServices implements Extension {

    /**
     * Bytes of an idle Medic process not counted by the state estimate: actor cell, mailbox, record,
     * pid, table entry, behaviour and the parent's entry for the child. Measured for an idle GenServer
     * by {@code io.medic.benchmarks.HeapPerProcess} (100,000 processes, Java 17, compressed oops): 1,018
     * bytes on 2026-12-05 (a plain behaviour spawned through Medic: ~1,024; a plain Akka actor: ~844). See
     * docs/performance.md.
     */
    public static final long PROCESS_OVERHEAD_BYTES = 1_018;
    /** Bytes per queued message counted by {@code memory}: mailbox node and envelope (not the message). */
    public static final long QUEUED_MESSAGE_BYTES = 48;

    public static final Id ID = new Id();

    /** The extension id. */
    public static final class Id extends AbstractExtensionId<NodeServices> {
        @Override
        public NodeServices createExtension(ExtendedActorSystem system) {
            return new NodeServices(system);
        }
    }

    public final ExtendedActorSystem system;
    public final MedicSettings settings;
    /** {@code medic.memory.refresh-interval} in nanoseconds, read after every GenServer message. */
    final long memoryRefreshNanos;
    public final CoarseClock clock;
    public final ProcessTableImpl table;
    public final RegistryImpl registry;
    final SizeEstimator sizeEstimator;
    final com.sun.management.ThreadMXBean allocation;
    /** Block length - 1 of a process timed exactly (a slow one): one block in N messages, N = allocation-sample-every. */
    final long allocationSampleMask;
    /** Block length - 1 of a hot process (timed with the coarse clock): {@value ProcessRecord#HOT_BLOCK_FACTOR} N messages (N when N = 1). */
    final long hotSampleMask;
    final TraceLimiter traceLimiter;
    /** The node's trace sessions (recon_trace): their hooks on processes, their caps. */
    public final TraceHub traces;
    /** Node-level typed events: the system monitor's, and whatever other modules publish. */
    public final EventBus events;
    /** The system monitor. */
    public final MonitorHub monitor;
    /** The long_message_queue thresholds, read by every send and by a process whose alarm is up (MAX_VALUE: off). */
    final int queueEnable;
    final int queueDisable;
    /** The large_state threshold, in bytes (MAX_VALUE: off). */
    final long largeStateBytes;
    private final Sampler sampler;
    /** The node's crash reports ({@code medic.crash}). */
    public final CrashLog crashes;
    public final Logger log = LoggerFactory.getLogger("io.medic.runtime");
    private final ConcurrentHashMap<String, Props> props = new ConcurrentHashMap<>();
    private final Props defaultProps = MailboxSelector.fromConfig("medic.mailbox");
    private final java.util.concurrent.CopyOnWriteArrayList<java.util.function.Consumer<io.medic.runtime.Node.AbnormalStop>> lastWords =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicBoolean stoppedAbnormally = new java.util.concurrent.atomic.AtomicBoolean();
    /** A bounded or stack mailbox ({@link PolicyMailbox}). */
    private final Props policyProps = MailboxSelector.fromConfig(PolicyMailbox.CONFIG_PATH);
    /** Node-level objects other modules attach to this node (the Node facade, application controller ...). */
    public final ConcurrentHashMap<Class<?>, Object> attachments = new ConcurrentHashMap<>();

    private NodeServices(ExtendedActorSystem system) {
        ConfigCheck.check(system, log);
        this.system = system;
        this.settings = MedicSettings.fromConfig(system.settings().config());
        this.memoryRefreshNanos = settings.memoryRefreshNanos();
        this.clock = new CoarseClock("medic-clock-" + system.name(), settings.clockTick().toNanos());
        this.table = new ProcessTableImpl(this);
        this.registry = new RegistryImpl();
        this.sizeEstimator = new SizeEstimator(settings.memoryMaxVisits(), settings.memorySampleElements());
        this.allocation = allocationBean();
        this.allocationSampleMask = settings.allocationSampleEvery() - 1L;
        // N = 1 asks for every message to be measured: hot or not
        this.hotSampleMask = settings.allocationSampleEvery() == 1 ? 0
                : (long) settings.allocationSampleEvery() * ProcessRecord.HOT_BLOCK_FACTOR - 1L;
        this.crashes = new CrashLog(this, system.settings().config());
        this.traceLimiter = new TraceLimiter(settings.traceMaxEventsPerSecond(), LoggerFactory.getLogger("io.medic.trace"));
        this.events = new EventBus(log);
        MonitorSettings ms = MonitorSettings.fromConfig(system.settings().config());
        this.queueEnable = ms.longMessageQueueOn() ? ms.queueEnable() : Integer.MAX_VALUE;
        this.queueDisable = ms.queueDisable();
        this.largeStateBytes = ms.largeStateOn() ? ms.largeStateThresholdBytes() : Long.MAX_VALUE;
        this.monitor = new MonitorHub(this, ms, events);
        crashes.listen(events::publish); // crash reports are node events too: the bus carries them to JFR and streams
        if (ms.jfr()) {
            events.subscribe(io.medic.runtime.CrashReport.class, MedicJfr::crash);
        }
        this.sampler = settings.cpuAccounting() || ms.longScheduleOn() || ms.busyDispatcherOn()
                || ms.longMessageQueueOn() || ms.largeStateOn()
                ? new Sampler(this, settings.cpuSampleInterval().toNanos(), settings.cpuAccounting(), ms) : null;
        this.traces = new TraceHub(this, TraceSettings.fromConfig(system.settings().config()));
        system.registerOnTermination(clock::close);
        system.registerOnTermination(traces::terminate);
        system.registerOnTermination(monitor::close);
        if (sampler != null) {
            system.registerOnTermination(sampler::close);
            sampler.start();
        }
    }

    /** Whether handlers' CPU time is measured from the threads' CPU clocks (else it is their wall time). */
    public boolean measuresCpu() {
        return sampler != null && sampler.measuresCpu();
    }

    /**
     * The sampler's completed rounds (-1 when no sampler runs): a handler that ended before round n
     * began has its CPU time credited in full once {@code samplerRounds()} has passed n + 1.
     */
    public long samplerRounds() {
        return sampler == null ? -1 : sampler.rounds();
    }

    public static NodeServices get(akka.actor.ActorSystem system) {
        return ID.get(system);
    }

    public static NodeServices get(akka.actor.typed.ActorSystem<?> system) {
        return ID.get(Adapter.toClassic(system));
    }

    private static com.sun.management.ThreadMXBean allocationBean() {
        try {
            java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            if (bean instanceof com.sun.management.ThreadMXBean b && b.isThreadAllocatedMemorySupported()) {
                if (!b.isThreadAllocatedMemoryEnabled()) {
                    b.setThreadAllocatedMemoryEnabled(true);
                }
                return b;
            }
        } catch (RuntimeException e) {
            // not available on this JVM: allocated_bytes stays 0
        }
        return null;
    }

    /** See {@link io.medic.runtime.Node#onAbnormalStop}. */
    public void onAbnormalStop(java.util.function.Consumer<io.medic.runtime.Node.AbnormalStop> hook) {
        lastWords.add(hook);
    }

    /**
     * The node is stopping abnormally: runs the last-words hooks once (the first abnormal stop only), on
     * the calling thread, each failure logged and the next still run.
     */
    public void abnormalStop(io.medic.runtime.Node.AbnormalStop why) {
        if (!stoppedAbnormally.compareAndSet(false, true)) {
            return;
        }
        for (java.util.function.Consumer<io.medic.runtime.Node.AbnormalStop> hook : lastWords) {
            try {
                hook.accept(why);
            } catch (Throwable t) {
                UserCode.rethrowIfFatal(t);
                log.error("node {}: a last-words hook failed while the node was stopping ({}): {}", system.name(),
                        io.medic.runtime.LogText.escaped(why.slogan()), io.medic.runtime.LogText.escaped(t.toString()));
            }
        }
    }

    /** Creates the behaviour of a process once its record exists. */
    @FunctionalInterface
    public interface ProcessFactory {
        Behavior<Object> create(ProcessCore process);
    }

    /**
     * Spawns a Medic process: claims its name, enters it in the table, spawns its actor (as a child of
     * {@code parent}, or top-level when {@code parent} is null) with the counting mailbox, and binds its
     * pid. Throws (and leaves nothing behind) if the name is taken or the actor cannot be created.
     */
    public <T> Spawned<T> spawn(ActorContext<?> parent, String kind, String initialCall, String namePrefix,
                                SpawnOptions options, ProcessFactory factory) {
        Pid parentPid = parent == null ? null : table.lookup(parent.getSelf()).orElse(null);
        long number = table.nextNumber();
        CompletableFuture<InitResult> init = new CompletableFuture<>();
        ProcessCore record = new ProcessCore(number, this, kind, initialCall, parentPid, options.restarts(),
                options.sensitive(), parent == null, init);
        String name = options.name().orElse(null);
        table.add(record); // every number handed out is entered once and removed once (record.exit)
        ActorRef<Object> ref;
        String actorName = null;
        try {
            if (name != null) {
                registry.claim(name, record);
            }
            if (traces.active()) {
                traces.spawning(record, name, options.restarts()); // a restart the sessions follow
            }
            Behavior<Object> behavior = factory.create(record);
            Props p = props(options);
            actorName = PidForms.actorName(name != null ? name : namePrefix, number);
            if (!options.mailbox().isUnbounded()) {
                PolicyMailbox.register(actorName, options.mailbox(), record); // taken back when Akka makes the mailbox
            }
            ref = parent != null ? parent.spawn(behavior, actorName, p) : spawnTopLevel(behavior, actorName, p);
        } catch (RuntimeException e) {
            if (actorName != null && !options.mailbox().isUnbounded()) {
                PolicyMailbox.unregister(this, actorName);
            }
            record.markExited(ExitReason.exception(e));
            throw e;
        }
        Pid pid = record.bindFromSpawner(ref);
        return new Spawned<>(pid, ref.narrow(), init);
    }

    private Props props(SpawnOptions options) {
        String dispatcher = options.dispatcher().orElse(null);
        boolean policy = !options.mailbox().isUnbounded();
        if (dispatcher == null) {
            return policy ? policyProps : defaultProps;
        }
        String mailbox = policy ? PolicyMailbox.CONFIG_PATH : "medic.mailbox";
        return props.computeIfAbsent(mailbox + "|" + dispatcher,
                k -> MailboxSelector.fromConfig(mailbox).withDispatcherFromConfig(dispatcher));
    }

    /**
     * A top-level process: under the user guardian, without the stop supervisor Akka's
     * {@code Adapter.spawn} puts around a typed actor (Medic's processes contain their own failures,
     * see {@link AkkaInternals#spawnTopLevel}).
     */
    private ActorRef<Object> spawnTopLevel(Behavior<Object> behavior, String name, Props props) {
        try {
            return AkkaInternals.spawnTopLevel(system, behavior, name, props);
        } catch (UnsupportedOperationException e) {
            // an ActorSystem with a typed user guardian (ActorTestKit...) refuses top-level actors from
            // outside: Medic's top-level processes then live under /system
            return Adapter.toTyped(system).systemActorOf(behavior, name, props);
        }
    }
}
