package io.medic.runtime.monitor;

import java.time.Instant;

/**
 * One event of Medic's system monitor: what {@code erlang:system_monitor/2} sends its receiving
 * process as {@code {monitor, PidOrPort, Type, Info}}, as a typed record. Every event has a node-unique
 * id, in the order the node published them (a cursor for {@link SystemMonitor#events}), the time it was
 * detected and its type, Erlang's name for it.
 *
 * <table>
 *   <caption>Medic's events and Erlang's</caption>
 *   <tr><td>{@link LongGc}</td><td>{@code long_gc}</td></tr>
 *   <tr><td>{@link LongSchedule}</td><td>{@code long_schedule}</td></tr>
 *   <tr><td>{@link LongMessageQueue}</td><td>{@code long_message_queue}</td></tr>
 *   <tr><td>{@link LargeState}</td><td>{@code large_heap}</td></tr>
 *   <tr><td>{@link BusyDispatcher}</td><td>none: {@code busy_port}'s spirit, for the threads that run processes</td></tr>
 *   <tr><td>{@link DroppedMessages}</td><td>none: pobox's {@code dropped N messages}, from a bounded mailbox</td></tr>
 * </table>
 */
public sealed interface MonitorEvent permits LongGc, LongSchedule, LongMessageQueue, LargeState, BusyDispatcher,
        DroppedMessages {

    /** The event's id: node-unique, increasing in the order the node published its events (from 1). */
    long id();

    /** When it was detected. */
    Instant at();

    /** {@code long_gc}, {@code long_schedule}, {@code long_message_queue}, {@code large_state}, {@code busy_dispatcher} or {@code dropped_messages}. */
    String type();
}
