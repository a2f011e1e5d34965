package io.medic.introspection.internal;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>The memory watchdog: writes a crash dump <em>before</em> the heap runs out — the analog of
 * {@code erl_crash.dump}'s "Cannot allocate", for a JVM that cannot be trusted to run code after an
 * {@code OutOfMemoryError}. It sets each heap pool's <em>collection usage threshold</em> (usage right after a
 * garbage collection, which is what is really live) at {@code medic.dump.memory-threshold} of the pool's
 * maximum, and listens to the JVM's threshold notifications: the first one after a crossing writes a dump
 * (on the dumps' own thread) naming the pool and its usage. It fires once per crossing: it re-arms only
 * after a collection leaves the pool below the threshold again (seen through the collectors' GC
 * notifications). Pools without a maximum, or without collection usage support, are not watched.
 *
 * <p>The thresholds are the JVM's, shared by every node in it: a node sets a pool's threshold when it has
 * none or a higher one, and each node checks the usage against its own fraction. Thread-safe.
 */
final class MemoryWatchdog implements NotificationListener {
    private static final Logger LOG = LoggerFactory.getLogger(Dumps.LOGGER);

    private final Dumps dumps;
    private final double fraction;
    /** Watched pools by name: their threshold in bytes. */
    private final Map<String, Long> thresholds = new ConcurrentHashMap<>();
    /** Pools whose crossing has been dumped, until a collection leaves them below again. */
    private final Map<String, Boolean> fired = new ConcurrentHashMap<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();

    private MemoryWatchdog(Dumps dumps, double fraction) {
        this.dumps = dumps;
        this.fraction = fraction;
    }

    static MemoryWatchdog start(Dumps dumps, double fraction) {
        MemoryWatchdog w = new MemoryWatchdog(dumps, fraction);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage() == null ? -1 : pool.getUsage().getMax();
            if (pool.getType() != MemoryType.HEAP || max <= 0 || !pool.isCollectionUsageThresholdSupported()) {
                continue;
            }
            long threshold = Math.max(1, (long) (max * fraction));
            long current = pool.getCollectionUsageThreshold();
            if (current == 0 || current > threshold) {
                pool.setCollectionUsageThreshold(threshold);
            }
            w.thresholds.put(pool.getName(), threshold);
        }
        w.listen((NotificationEmitter) ManagementFactory.getMemoryMXBean());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                w.listen(e);
            }
        }
        return w;
    }

    private void listen(NotificationEmitter e) {
        e.addNotificationListener(this, null, null);
        emitters.add(e);
    }

    void stop() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        try {
            if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(n.getType())) {
                MemoryNotificationInfo info = MemoryNotificationInfo.from((CompositeData) n.getUserData());
                crossed(info.getPoolName(), info.getUsage());
            } else if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                GarbageCollectionNotificationInfo gc = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                for (Map.Entry<String, MemoryUsage> after : gc.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    Long threshold = thresholds.get(after.getKey());
                    if (threshold == null) {
                        continue;
                    }
                    if (after.getValue().getUsed() < threshold) {
                        fired.remove(after.getKey()); // below again: the next crossing dumps
                    } else {
                        crossed(after.getKey(), after.getValue());
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("memory watchdog of node {}: a notification could not be read: {}", dumps.node().name(), e.toString());
        }
    }

    /** A pool is at or above its threshold after a collection: a dump, once per crossing. */
    private void crossed(String pool, MemoryUsage usage) {
        Long threshold = thresholds.get(pool);
        if (threshold == null || usage.getUsed() < threshold || fired.putIfAbsent(pool, Boolean.TRUE) != null) {
            return;
        }
        String slogan = String.format(Locale.ROOT,
                "memory watchdog: heap pool '%s' at %.1f%% of its maximum after a garbage collection (%d of %d bytes; "
                        + "medic.dump.memory-threshold = %s)",
                pool, 100.0 * usage.getUsed() / usage.getMax(), usage.getUsed(), usage.getMax(), fraction);
        dumps.memoryCrossed(slogan);
    }
}
