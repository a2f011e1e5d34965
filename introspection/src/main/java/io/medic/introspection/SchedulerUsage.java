package io.medic.introspection;

import java.util.List;

/**
 * How busy the dispatcher threads were over a window: {@code recon:scheduler_usage/1} for Akka
 * dispatchers.
 *
 * <p><b>What it measures.</b> For each thread of an observed dispatcher, the CPU time the thread
 * consumed during the window (the JVM's per-thread CPU clock, user + system) divided by the window's
 * wall-clock length. Erlang's scheduler wall time counts a scheduler busy whenever it is executing
 * anything but its idle loop; this counts only time on a CPU. So a handler blocked in {@code sleep},
 * a lock or blocking I/O makes its thread look idle here although the thread can take no other work,
 * and a thread that got no CPU because the machine is overloaded looks idle too. {@code medicBusy}
 * complements it with wall time: the time Medic processes spent inside their handlers (blocked or
 * not) during the window, in threads-worth — a {@code medicBusy} near the thread count with a low
 * {@code usage} means handlers are blocking, not computing.
 *
 * @param windowMs  the window as measured (start to end of sampling)
 * @param method    {@code thread_cpu_time}, or {@code unavailable} when the JVM cannot measure per-thread CPU time
 * @param dispatchers each observed dispatcher's threads, summed
 * @param threads   each thread, by dispatcher then name
 * @param medicBusy time Medic processes spent in handlers during the window divided by the window:
 *                  how many threads were, on average, inside a Medic handler
 */
public record SchedulerUsage(long windowMs, String method, List<DispatcherUsage> dispatchers,
                             List<ThreadUsage> threads, double medicBusy) {

    /**
     * One dispatcher over the window.
     *
     * @param dispatcher its config path
     * @param threads    threads seen during the window
     * @param usage      mean of its threads' usage (0.0 to 1.0)
     * @param busyThreads sum of its threads' usage: how many CPUs' worth it used
     */
    public record DispatcherUsage(String dispatcher, int threads, double usage, double busyThreads) {
    }

    /**
     * One thread over the window: recon's {@code {SchedulerId, Ratio}}.
     *
     * @param dispatcher its dispatcher
     * @param thread     its name
     * @param usage      CPU time during the window / window length (0.0 to 1.0)
     */
    public record ThreadUsage(String dispatcher, String thread, double usage) {
    }
}
