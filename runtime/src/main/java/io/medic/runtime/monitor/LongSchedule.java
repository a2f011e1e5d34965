package io.medic.runtime.monitor;

import io.medic.runtime.Pid;
import java.time.Instant;
import java.util.List;

/**
 * A handler that has run for at least {@code medic.monitor.long-schedule.threshold}: Erlang's
 * {@code long_schedule}, raised while the handler still runs (once per handler run), with the stack of
 * its thread sampled then — where it is stuck or busy. Found by the node's sampler, which looks at each
 * dispatcher thread every {@code medic.accounting.cpu-sample-interval}, not at each process.
 *
 * @param id             node-unique event id
 * @param at             when it was detected
 * @param pid            the process
 * @param registeredName its registered name, or null
 * @param messageType    the type of the message it is handling ({@code init} for its init)
 * @param durationMs     how long the handler had run when it was detected
 * @param thread         the thread running it
 * @param stack          that thread's stack when it was detected, innermost first, at most
 *                       {@code medic.monitor.long-schedule.max-stack-frames} frames; empty for a
 *                       sensitive process, or when the handler ended while the stack was taken
 * @param stackTruncated true if the stack had more frames than shown
 */
public record LongSchedule(long id, Instant at, Pid pid, String registeredName, String messageType, long durationMs,
                           String thread, List<String> stack, boolean stackTruncated) implements MonitorEvent {
    public LongSchedule {
        stack = List.copyOf(stack);
    }

    @Override
    public String type() {
        return "long_schedule";
    }
}
