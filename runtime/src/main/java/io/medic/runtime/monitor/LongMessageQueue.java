package io.medic.runtime.monitor;

import io.medic.runtime.Pid;
import java.time.Instant;

/**
 * A mailbox that grew long, or came back: Erlang's {@code long_message_queue} with its
 * {@code {Disable, Enable}} hysteresis. {@code alarm} is true when the process's queue reached
 * {@code medic.monitor.long-message-queue.enable} messages, and false when it later fell back to
 * {@code disable}; between the two, the queue raises no more events however it moves.
 *
 * @param id              node-unique event id
 * @param at              when it was detected
 * @param pid             the process
 * @param registeredName  its registered name, or null
 * @param messageQueueLen its mailbox's length when it crossed the threshold
 * @param alarm           true: it reached the enable threshold (Erlang's {@code Long = true}); false: it
 *                        fell back to the disable threshold ({@code Long = false})
 */
public record LongMessageQueue(long id, Instant at, Pid pid, String registeredName, long messageQueueLen,
                               boolean alarm) implements MonitorEvent {
    @Override
    public String type() {
        return "long_message_queue";
    }
}
