package io.medic.runtime.overload;

/**
 * A consistent snapshot of a {@link Valve}'s counters (jobs' {@code queue_info}; safetyvalve's
 * {@code sv:queue_status}). All of them are read at one instant, so that
 * {@code submitted = completed + failed + rejectedFull + rejectedTimeout + running + queued} and
 * {@code admitted = completed + failed + running} hold in every snapshot.
 *
 * @param name            the valve's name
 * @param maxConcurrent   its limit of running jobs
 * @param maxQueue        its limit of waiting jobs
 * @param submitted       jobs submitted
 * @param admitted        jobs given a slot (at once, or after waiting)
 * @param running         jobs running now
 * @param queued          jobs waiting now
 * @param completed       admitted jobs whose stage completed normally
 * @param failed          admitted jobs whose stage failed (or that threw)
 * @param rejectedFull    jobs refused at once because the queue was full ({@code overloaded})
 * @param rejectedTimeout jobs refused after waiting {@code maxQueueTime} ({@code timeout}); never run
 */
public record ValveStats(String name, int maxConcurrent, int maxQueue, long submitted, long admitted, int running,
                         int queued, long completed, long failed, long rejectedFull, long rejectedTimeout) {
}
