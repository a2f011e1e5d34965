package io.medic.runtime.monitor;

import java.time.Instant;

/**
 * Every thread of a dispatcher busy inside Medic handlers for at least
 * {@code medic.monitor.busy-dispatcher.threshold} — starvation: a message for any other process of that
 * dispatcher waits for a thread (or, {@code busy} false, the first thread free again). Erlang has no such
 * event: its schedulers cannot be blocked by a process; Akka's threads can. A thread counts as busy for a
 * sampling interval in which it spent at least 90 % of the time inside Medic handlers (blocked, sleeping
 * or computing); work of actors that are not Medic processes is not seen.
 *
 * @param id         node-unique event id
 * @param at         when it was detected
 * @param dispatcher the dispatcher's id ({@code akka.actor.default-dispatcher} ...)
 * @param busyThreads its threads busy for the threshold or more
 * @param threads    its threads (its parallelism)
 * @param busyForMs  how long the least busy of them had been busy (true), or 0 (false)
 * @param busy       true: it became starved; false: a thread is free again
 */
public record BusyDispatcher(long id, Instant at, String dispatcher, int busyThreads, int threads, long busyForMs,
                             boolean busy) implements MonitorEvent {
    @Override
    public String type() {
        return "busy_dispatcher";
    }
}
