package io.medic.runtime.monitor;

import io.medic.runtime.Pid;
import java.time.Instant;

/**
 * A process whose memory estimate reached {@code medic.monitor.large-state.threshold}: Erlang's
 * {@code large_heap}, checked where the process re-estimates its state (after a message, at most once per
 * {@code medic.memory.refresh-interval}). Raised once when it crosses; again only after the estimate
 * has fallen below the threshold and crossed it anew.
 *
 * @param id             node-unique event id
 * @param at             when it was detected
 * @param pid            the process
 * @param registeredName its registered name, or null
 * @param memoryBytes    its {@code memory} then: overhead, state estimate and queue
 * @param thresholdBytes the threshold it crossed
 */
public record LargeState(long id, Instant at, Pid pid, String registeredName, long memoryBytes, long thresholdBytes)
        implements MonitorEvent {
    @Override
    public String type() {
        return "large_state";
    }
}
