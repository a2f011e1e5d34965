package io.medic.runtime;

import java.time.Instant;

/**
 * {@code sys:statistics(Pid, get)}: counts since statistics were enabled.
 *
 * @param startTime   when statistics were enabled
 * @param currentTime when this was read
 * @param reductions  reductions since then (messages handled + microseconds in handlers)
 * @param messagesIn  user messages (calls, casts, infos) received since then; sys requests are not counted
 * @param messagesOut replies sent since then
 */
public record SysStatistics(Instant startTime, Instant currentTime, long reductions, long messagesIn,
                            long messagesOut) {
}
