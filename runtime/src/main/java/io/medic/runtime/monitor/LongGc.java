package io.medic.runtime.monitor;

import java.time.Instant;

/**
 * A garbage collection that took at least {@code medic.monitor.long-gc.threshold}: Erlang's
 * {@code long_gc}, from the JVM's garbage collection notifications. A pause of the whole JVM stops
 * every process; a long one explains latency that no process's accounting shows.
 *
 * @param id                node-unique event id
 * @param at                when the notification came
 * @param collector         the collector ({@code G1 Young Generation}, {@code G1 Old Generation} ...)
 * @param action            what it did ({@code end of minor GC}, {@code end of major GC})
 * @param cause             why it ran ({@code G1 Evacuation Pause}, {@code System.gc()} ...)
 * @param durationMs        how long it took, in milliseconds, as the JVM reports it (for a concurrent
 *                          collector's cycle, its whole duration, not only its pauses)
 * @param heapBeforeBytes   heap used before it (all heap pools)
 * @param heapAfterBytes    heap used after it
 */
public record LongGc(long id, Instant at, String collector, String action, String cause, long durationMs,
                     long heapBeforeBytes, long heapAfterBytes) implements MonitorEvent {
    @Override
    public String type() {
        return "long_gc";
    }
}
