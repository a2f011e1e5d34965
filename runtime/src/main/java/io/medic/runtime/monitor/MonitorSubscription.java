package io.medic.runtime.monitor;

/**
 * A subscription to a node's monitor events ({@link SystemMonitor#subscribe},
 * {@link SystemMonitor#listen}): closing it stops the deliveries. A subscribed process's subscription
 * also ends when the process exits. Thread-safe; closing twice does nothing.
 */
public interface MonitorSubscription extends AutoCloseable {

    /** Stops the deliveries (idempotent). */
    @Override
    void close();

    /** True until closed (or, for a process, until it exited). */
    boolean isActive();
}
