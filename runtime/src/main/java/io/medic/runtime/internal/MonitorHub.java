package io.medic.runtime.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.medic.runtime.LogText;
import io.medic.runtime.Pid;
import io.medic.runtime.monitor.BusyDispatcher;
import io.medic.runtime.monitor.LargeState;
import io.medic.runtime.monitor.LongGc;
import io.medic.runtime.monitor.DroppedMessages;
import io.medic.runtime.monitor.LongMessageQueue;
import io.medic.runtime.monitor.LongSchedule;
import io.medic.runtime.monitor.MonitorEvent;
import io.medic.runtime.monitor.MonitorEventPage;
import io.medic.runtime.monitor.MonitorSettings;
import io.medic.runtime.monitor.MonitorSubscription;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>A node's system monitor: the detectors' thresholds, and what becomes of an event — a node-unique
 * id, the bounded ring, the node's {@link EventBus} (subscribed processes, listeners, the HTTP stream),
 * a rate-limited WARN line on {@code io.medic.monitor}, a flight-recorder event. The detectors live
 * where the events happen: long_gc here (the JVM's GC notifications), long_schedule and busy_dispatcher
 * in the node's {@link Sampler}, long_message_queue in the mailbox ({@link CountingMessageQueue}),
 * large_state where a process re-estimates its state ({@link ProcessRecord#refreshMemory}).
 *
 * <p>The last two happen on a sender's or a process's thread, inside Akka's mailbox processing or a
 * process's accounting: they only hand a small note to a bounded queue here ({@link #queueAlarm},
 * {@link #largeState}), and the sampler publishes it within one sampling interval. Publishing is
 * serialized (the ring, the ids, the rate limit), so a listener sees events in id order; a publication
 * costs a few allocations and whatever the subscribers do, which is why there are at most
 * {@code max-events-per-second} of them. Thread-safe.
 */
public final class MonitorHub implements AutoCloseable {
    static final Logger LOG = LoggerFactory.getLogger("io.medic.monitor");
    /** Notes from other threads waiting for the sampler; more are dropped (and counted). */
    private static final int PENDING = 1024;

    private final NodeServices node;
    private final MonitorSettings settings;
    private final EventBus bus;
    private final ArrayDeque<MonitorEvent> ring;
    private final ArrayBlockingQueue<Runnable> pending = new ArrayBlockingQueue<>(PENDING);
    private final AtomicLong pendingDropped = new AtomicLong();
    private final List<Runnable> gcListeners = new ArrayList<>();
    // guarded by this
    private long lastId;
    private long published;
    private long dropped;
    private long window = -1;
    private int inWindow;
    private long logWindow = -1;
    private int logsInWindow;
    private long logsDropped;

    MonitorHub(NodeServices node, MonitorSettings settings, EventBus bus) {
        this.node = node;
        this.settings = settings;
        this.bus = bus;
        this.ring = new ArrayDeque<>(Math.min(settings.ringSize(), 1024));
        if (settings.jfr()) {
            MedicJfr.register();
        }
        if (settings.longGcOn()) {
            listenToGc();
        }
    }

    /** The settings this monitor runs with. */
    public MonitorSettings settings() {
        return settings;
    }

    // ================================================================== subscriptions

    /** Delivers every event to {@code pid} as an info, until closed or until the process exits. */
    public MonitorSubscription subscribe(Pid pid) {
        ProcessRecord target = ProcessRecord.of(pid);
        EventBus.Subscription s = bus.subscribe(MonitorEvent.class, e -> {
            if (target.isAlive()) {
                pid.ref().tell(e);
            }
        });
        io.medic.runtime.MonitorRef exit = target.monitor(null, down -> s.close());
        return subscription(s, exit::demonitor);
    }

    /** Calls {@code listener} with every event, on the publishing thread. */
    public MonitorSubscription listen(Consumer<? super MonitorEvent> listener) {
        return subscription(bus.subscribe(MonitorEvent.class, listener), () -> { });
    }

    private static MonitorSubscription subscription(EventBus.Subscription s, Runnable onClose) {
        return new MonitorSubscription() {
            @Override
            public void close() {
                s.close();
                onClose.run();
            }

            @Override
            public boolean isActive() {
                return s.isActive();
            }
        };
    }

    /** The kept events after {@code after}, oldest first, at most {@code limit}. */
    public synchronized MonitorEventPage events(long after, int limit) {
        List<MonitorEvent> out = new ArrayList<>(Math.min(limit, ring.size()));
        long oldest = ring.isEmpty() ? lastId + 1 : ring.peekFirst().id();
        long missed = Math.max(0, oldest - 1 - after);
        long next = after;
        for (MonitorEvent e : ring) {
            if (e.id() > after) {
                if (out.size() == limit) {
                    break;
                }
                out.add(e);
                next = e.id();
            }
        }
        return new MonitorEventPage(out, next, lastId, missed, published, dropped + pendingDropped.get());
    }

    /** Subscriptions to the monitor's events now: processes, listeners, HTTP streams. */
    public int subscriptions() {
        return bus.subscriberCount(MonitorEvent.class);
    }

    // ================================================================== detectors' entry points

    /**
     * A mailbox crossed a long_message_queue threshold (on the sender's or the process's thread, inside
     * the mailbox): noted for the sampler. No-op when the detector is off (the thresholds never cross).
     */
    void queueAlarm(ProcessRecord r, long length, boolean alarm) {
        long at = System.currentTimeMillis();
        note(() -> publish(id -> new LongMessageQueue(id, Instant.ofEpochMilli(at), r.pid(), r.nameOrNull(), length, alarm)));
    }

    /** A process's estimate crossed the large_state threshold (on the process's thread): noted for the sampler. */
    void largeState(ProcessRecord r, long bytes) {
        long at = System.currentTimeMillis();
        note(() -> publish(id -> new LargeState(id, Instant.ofEpochMilli(at), r.pid(), r.nameOrNull(), bytes,
                settings.largeStateThresholdBytes())));
    }

    /**
     * A bounded mailbox dropped {@code dropped} messages since its last report ({@link DropReporter}'s
     * thread, at most once per process per report interval): published at once.
     */
    void droppedMessages(ProcessRecord r, long dropped, long periodMs, long total, String mailbox) {
        long at = System.currentTimeMillis();
        publish(id -> new DroppedMessages(id, Instant.ofEpochMilli(at), r.pid(), r.nameOrNull(), dropped, periodMs,
                total, mailbox));
    }

    /** Whether published events are logged ({@code medic.monitor.log.enabled}). */
    boolean logsEvents() {
        return settings.log();
    }

    private void note(Runnable r) {
        if (!pending.offer(r)) {
            pendingDropped.incrementAndGet();
        }
    }

    /** Publishes the notes other threads left (the sampler's thread). */
    void drain() {
        Runnable r;
        while ((r = pending.poll()) != null) {
            r.run();
        }
    }

    /**
     * A handler has run for the long_schedule threshold (the sampler's thread): its stack is taken now,
     * and kept only if the same run is still going when it has been taken.
     */
    void longSchedule(ProcessRecord r, Running slot, int run, long runningNanos) {
        List<String> stack = List.of();
        boolean truncated = false;
        if (!r.isSensitive() && settings.maxStackFrames() > 0) {
            StackTraceElement[] frames = slot.thread.getStackTrace();
            if (slot.runsAcquire() == run && r.runsOn(slot)) {
                int n = Math.min(frames.length, settings.maxStackFrames());
                truncated = frames.length > n;
                stack = Arrays.stream(frames, 0, n).map(StackTraceElement::toString).toList();
            }
        }
        String type = r.currentMessageType().orElse(r.status() == io.medic.runtime.ProcessStatus.INITIALIZING ? "init" : null);
        List<String> s = stack;
        boolean t = truncated;
        long at = System.currentTimeMillis();
        publish(id -> new LongSchedule(id, Instant.ofEpochMilli(at), r.pid(), r.nameOrNull(), type,
                runningNanos / 1_000_000, slot.thread.getName(), s, t));
    }

    /** A dispatcher became starved, or free again (the sampler's thread). */
    void busyDispatcher(String dispatcher, int busyThreads, int threads, long busyForNanos, boolean busy) {
        long at = System.currentTimeMillis();
        publish(id -> new BusyDispatcher(id, Instant.ofEpochMilli(at), dispatcher, busyThreads, threads,
                busy ? busyForNanos / 1_000_000 : 0, busy));
    }

    // ================================================================== publishing

    /**
     * Publishes one event, made with its id, unless {@code max-events-per-second} were published in this
     * second already (then it is counted as dropped): the ring, the bus, the log, the flight recorder.
     */
    synchronized void publish(LongFunction<MonitorEvent> make) {
        long second = System.nanoTime() / 1_000_000_000L;
        if (second != window) {
            window = second;
            inWindow = 0;
        }
        if (inWindow >= settings.maxEventsPerSecond()) {
            dropped++;
            return;
        }
        inWindow++;
        MonitorEvent e = make.apply(++lastId);
        published++;
        if (ring.size() == settings.ringSize()) {
            ring.pollFirst();
        }
        ring.addLast(e);
        bus.publish(e);
        if (settings.log()) {
            log(e, second);
        }
        if (settings.jfr()) {
            MedicJfr.record(e);
        }
    }

    private void log(MonitorEvent e, long second) {
        if (second != logWindow) {
            logWindow = second;
            logsInWindow = 0;
            if (logsDropped > 0) {
                LOG.warn("monitor: {} event lines not logged (medic.monitor.log.max-per-second = {}); "
                        + "GET /medic/monitor/events has them all", logsDropped, settings.logMaxPerSecond());
                logsDropped = 0;
            }
        }
        if (logsInWindow >= settings.logMaxPerSecond()) {
            logsDropped++;
            return;
        }
        logsInWindow++;
        LOG.warn("{}", describe(e));
    }

    /** One log line for an event: what, who, how much, in the event's own words. Control characters escaped. */
    static String describe(MonitorEvent e) {
        String line;
        if (e instanceof LongGc g) {
            line = "monitor long_gc: " + g.collector() + " took " + g.durationMs() + " ms (" + g.cause() + ", "
                    + g.action() + "), heap " + mb(g.heapBeforeBytes()) + " -> " + mb(g.heapAfterBytes());
        } else if (e instanceof LongSchedule s) {
            line = "monitor long_schedule: " + who(s.pid(), s.registeredName()) + " has run one handler for "
                    + s.durationMs() + " ms (message type " + s.messageType() + ", thread " + s.thread() + ")"
                    + (s.stack().isEmpty() ? "" : " at " + s.stack().get(0));
        } else if (e instanceof LongMessageQueue q) {
            line = "monitor long_message_queue: " + who(q.pid(), q.registeredName()) + (q.alarm()
                    ? " has " + q.messageQueueLen() + " messages waiting (medic.monitor.long-message-queue.enable)"
                    : " is back to " + q.messageQueueLen() + " messages waiting (medic.monitor.long-message-queue.disable)");
        } else if (e instanceof LargeState l) {
            line = "monitor large_state: " + who(l.pid(), l.registeredName()) + " is estimated at "
                    + mb(l.memoryBytes()) + " (medic.monitor.large-state.threshold " + mb(l.thresholdBytes()) + ")";
        } else if (e instanceof DroppedMessages d) {
            line = "monitor dropped_messages: " + who(d.pid(), d.registeredName()) + " dropped " + d.dropped()
                    + " messages in the last " + d.periodMs() + " ms: its mailbox " + d.mailbox() + " was full ("
                    + d.droppedTotal() + " dropped in all)";
        } else {
            BusyDispatcher b = (BusyDispatcher) e;
            line = "monitor busy_dispatcher: " + b.dispatcher() + (b.busy()
                    ? ": " + b.busyThreads() + " of its " + b.threads() + " threads have been busy in handlers for "
                    + b.busyForMs() + " ms or more"
                    : ": a thread is free again (" + b.busyThreads() + " of " + b.threads() + " busy)");
        }
        return LogText.escaped(line);
    }

    private static String who(Pid pid, String name) {
        return name == null ? pid.toString() : pid + " (" + name + ")";
    }

    private static String mb(long bytes) {
        return bytes >= 10L << 20 ? (bytes >> 20) + " MB" : bytes >= 10L << 10 ? (bytes >> 10) + " KB" : bytes + " B";
    }

    // ================================================================== long_gc

    /** Listens to every collector's notifications: a collection at or above the threshold is an event. */
    private void listenToGc() {
        long threshold = settings.longGcThreshold().toMillis();
        for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(bean instanceof NotificationEmitter emitter)) {
                continue;
            }
            NotificationListener l = (n, handback) -> onGc(n, threshold);
            emitter.addNotificationListener(l, null, null);
            gcListeners.add(() -> {
                try {
                    emitter.removeNotificationListener(l);
                } catch (ListenerNotFoundException e) {
                    // gone already
                }
            });
        }
    }

    private void onGc(Notification n, long threshold) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long duration = info.getGcInfo().getDuration();
        if (duration < threshold) {
            return;
        }
        long before = heap(info.getGcInfo().getMemoryUsageBeforeGc());
        long after = heap(info.getGcInfo().getMemoryUsageAfterGc());
        long at = System.currentTimeMillis();
        publish(id -> new LongGc(id, Instant.ofEpochMilli(at), info.getGcName(), info.getGcAction(), info.getGcCause(),
                duration, before, after));
    }

    /** Bytes used in the heap's pools among {@code pools}. */
    private static long heap(Map<String, MemoryUsage> pools) {
        long sum = 0;
        for (Iterator<Map.Entry<String, MemoryUsage>> it = pools.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, MemoryUsage> p = it.next();
            if (isHeapPool(p.getKey())) {
                sum += p.getValue().getUsed();
            }
        }
        return sum;
    }

    private static boolean isHeapPool(String name) {
        for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals(name)) {
                return pool.getType() == java.lang.management.MemoryType.HEAP;
            }
        }
        return false;
    }

    /** Stops listening to the GC (the node terminates). */
    @Override
    public void close() {
        for (Runnable r : gcListeners) {
            r.run();
        }
        gcListeners.clear();
    }
}
