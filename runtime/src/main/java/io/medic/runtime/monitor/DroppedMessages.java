package io.medic.runtime.monitor;

import io.medic.runtime.Pid;
import java.time.Instant;

/**
 * A bounded mailbox dropped messages: pobox's {@code dropped N messages} report as an event. A process
 * whose mailbox policy ({@link io.medic.runtime.MailboxPolicy}) refused or dropped messages gets at most
 * one such event per {@code medic.overload.drop-report-interval} (1 s), counting the drops since its
 * last one. Erlang's system monitor has no such event: Erlang mailboxes never drop.
 *
 * @param id             node-unique event id
 * @param at             when it was reported
 * @param pid            the process
 * @param registeredName its registered name, or null
 * @param dropped        messages refused or dropped since its last event
 * @param periodMs       the report interval: {@code dropped} happened within about this long
 * @param droppedTotal   its mailbox's drops since the process started
 * @param mailbox        its mailbox's policy, e.g. {@code bounded(100, keep_old)}
 */
public record DroppedMessages(long id, Instant at, Pid pid, String registeredName, long dropped, long periodMs,
                              long droppedTotal, String mailbox) implements MonitorEvent {
    @Override
    public String type() {
        return "dropped_messages";
    }
}
