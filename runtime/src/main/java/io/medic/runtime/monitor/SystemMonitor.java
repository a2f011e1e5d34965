package io.medic.runtime.monitor;

import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.internal.MonitorHub;
import io.medic.runtime.internal.NodeServices;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The front door of a node's system monitor: {@code erlang:system_monitor/2}. The detectors run on their
 * own once the node starts, each configured under {@code medic.monitor}; this class subscribes processes
 * and listeners to their events and reads the events kept.
 *
 * <pre>{@code
 * try (MonitorSubscription s = SystemMonitor.subscribe(node, watcher)) {  // events arrive as infos
 *     ...
 * }
 * SystemMonitor.listen(node, e -> log.warn("{}", e));                      // or a listener
 * MonitorEventPage page = SystemMonitor.events(node, 0, 100);              // the ring, oldest first
 * }</pre>
 *
 * <p><b>A difference from Erlang.</b> {@code erlang:system_monitor/2} names one receiving process per
 * node, each call replacing the last, and sets the thresholds with it. Medic keeps any number of
 * subscribers (its own HTTP stream, log and flight recorder are consumers too), and the thresholds come
 * from the configuration. Thread-safe.
 */
public final class SystemMonitor {
    private SystemMonitor() {
    }

    /**
     * Delivers every event of {@code node}'s monitor to {@code pid} as an info message (a GenServer gets
     * it in {@code handleInfo}), as {@code erlang:system_monitor(Pid, Options)} names its receiver. The
     * subscription ends when it is closed or when the process exits. Events are rare (each detector raises
     * one per crossing of its threshold, and at most {@code max-events-per-second} in all), so the
     * subscriber's mailbox cannot be flooded by them.
     */
    public static MonitorSubscription subscribe(Node node, Pid pid) {
        Objects.requireNonNull(pid, "pid");
        return hub(node).subscribe(pid);
    }

    /**
     * Calls {@code listener} with every event of {@code node}'s monitor, on the thread that publishes it
     * (the node's sampler, or the JVM's GC notification thread): it must be quick and must not block. A
     * listener that throws is logged and kept.
     */
    public static MonitorSubscription listen(Node node, Consumer<? super MonitorEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        return hub(node).listen(listener);
    }

    /**
     * The events kept after the one with id {@code after} (0 for all kept), oldest first, at most
     * {@code limit} (1 to 1000). Cost: a copy of at most {@code limit} references from the ring.
     *
     * @throws IllegalArgumentException if {@code after} is negative or {@code limit} not from 1 to 1000
     */
    public static MonitorEventPage events(Node node, long after, int limit) {
        if (after < 0) {
            throw new IllegalArgumentException("after: bad value " + after + ", expected an event id, 0 or more");
        }
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit: bad value " + limit + ", expected 1 to 1000");
        }
        return hub(node).events(after, limit);
    }

    /**
     * The subscriptions to {@code node}'s monitor now — processes, listeners and the HTTP streams — each
     * owned by whoever made it: a count that goes back down when they close (or their process exits).
     */
    public static int subscriptions(Node node) {
        return hub(node).subscriptions();
    }

    /** The monitor's settings on {@code node}. */
    public static MonitorSettings settings(Node node) {
        return hub(node).settings();
    }

    private static MonitorHub hub(Node node) {
        Objects.requireNonNull(node, "node");
        return NodeServices.get(node.classicSystem()).monitor;
    }
}
