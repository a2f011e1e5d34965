package io.medic.runtime.internal;

import io.medic.runtime.LogText;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * INTERNAL API
 *
 * <p>A node's typed event bus: whoever raises node-level events (the system monitor's detectors, the
 * supervisors' crash reports) publishes them here, and whoever keeps or forwards them (the monitor's
 * ring and stream, a subscribed process, a listener) subscribes by type. Delivery is synchronous, on
 * the publisher's thread, in subscription order: a subscriber must be quick and must not block. A
 * subscriber that throws is logged and kept. Thread-safe; subscribing and unsubscribing are rare
 * (copy-on-write).
 */
public final class EventBus {

    /** One subscription: its type and consumer; closing it unsubscribes. */
    public final class Subscription implements AutoCloseable {
        private final Class<?> type;
        private final Consumer<Object> consumer;
        private volatile boolean active = true;

        private Subscription(Class<?> type, Consumer<Object> consumer) {
            this.type = type;
            this.consumer = consumer;
        }

        /** True until closed. */
        public boolean isActive() {
            return active;
        }

        @Override
        public void close() {
            active = false;
            subscriptions.remove(this);
        }
    }

    private final CopyOnWriteArrayList<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final Logger log;

    EventBus(Logger log) {
        this.log = log;
    }

    /** Calls {@code consumer} with every event published from now on that is a {@code type}. */
    @SuppressWarnings("unchecked")
    public <T> Subscription subscribe(Class<T> type, Consumer<? super T> consumer) {
        Subscription s = new Subscription(type, e -> ((Consumer<Object>) consumer).accept(e));
        subscriptions.add(s);
        return s;
    }

    /** Hands {@code event} to every subscriber of its type, in subscription order. */
    public void publish(Object event) {
        for (Subscription s : subscriptions) {
            if (s.active && s.type.isInstance(event)) {
                try {
                    s.consumer.accept(event);
                } catch (RuntimeException | LinkageError e) {
                    log.warn("a subscriber to {} events failed: {}", event.getClass().getSimpleName(),
                            LogText.escaped(String.valueOf(e)));
                }
            }
        }
    }

    /** Subscriptions made now for exactly {@code type}. */
    public int subscriberCount(Class<?> type) {
        int n = 0;
        for (Subscription s : subscriptions) {
            if (s.type == type) {
                n++;
            }
        }
        return n;
    }

    /** Subscribers now, all types. */
    public int subscriberCount() {
        return subscriptions.size();
    }
}
