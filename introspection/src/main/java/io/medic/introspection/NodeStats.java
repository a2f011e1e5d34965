package io.medic.introspection;

import java.util.List;

/**
 * One sample of node-wide statistics: {@code recon:node_stats_list/2}'s absolute values, for a JVM.
 *
 * @param node                  the node (ActorSystem) name
 * @param uptimeMs              JVM uptime
 * @param processCount          live Medic processes ({@code length(processes())})
 * @param portCount             open Medic ports: sockets and files ({@code length(erlang:ports())})
 * @param openFileDescriptors   file descriptors the JVM has open (Medic's ports and everything else), or -1
 * @param maxFileDescriptors    the process's limit on open file descriptors ({@code ulimit -n}), or -1
 * @param runQueue              actors scheduled but not yet running, summed over the observed dispatchers
 *                              ({@code erlang:statistics(run_queue)})
 * @param dispatchers           the observed dispatchers ({@code medic.http.observed-dispatchers})
 * @param processesWithMessages live processes with a non-empty queue or running now (runnable-or-running)
 * @param messageQueueLen       messages waiting, summed over live processes
 * @param messagesHandled       messages handled, summed over live processes (those of dead processes are gone)
 * @param memory                JVM memory, summarised (details: {@link Recon#memory()})
 * @param gc                    each garbage collector's counts
 * @param gcCount               collections, all collectors
 * @param gcTimeMs              time spent collecting, all collectors (approximate; concurrent collectors count
 *                              their pause-and-concurrent time as the JVM reports it)
 * @param threads               JVM threads
 * @param availableProcessors   processors the JVM may use
 * @param systemLoadAverage     the OS load average over the last minute, or -1 where not available
 * @param droppedMessages       messages bounded mailboxes refused or dropped since the node started, exited
 *                              processes' included (only grows)
 */
public record NodeStats(String node, long uptimeMs, int processCount, int portCount, long openFileDescriptors,
                        long maxFileDescriptors, long runQueue,
                        List<DispatcherStats> dispatchers, int processesWithMessages, long messageQueueLen,
                        long messagesHandled, MemorySummary memory, List<GcStats> gc, long gcCount, long gcTimeMs,
                        ThreadStats threads, int availableProcessors, double systemLoadAverage,
                        long droppedMessages) {

    /**
     * One dispatcher: Erlang's schedulers and their run queue, for an Akka dispatcher.
     *
     * @param id            its config path
     * @param executor      {@code fork-join}, {@code thread-pool} or the executor's class when unknown
     * @param actors        actors attached to it (Akka's {@code inhabitants})
     * @param parallelism   target parallelism (fork-join) or maximum pool size (thread pool); -1 if unknown
     * @param threads       threads in its pool now
     * @param activeThreads threads running a mailbox now (fork-join: not blocked in a managed block)
     * @param runQueue      mailboxes (actors with messages) waiting for a thread; -1 if unknown
     */
    public record DispatcherStats(String id, String executor, long actors, int parallelism, int threads,
                                  int activeThreads, long runQueue) {
    }

    /**
     * JVM memory in brief.
     *
     * @param heapUsedBytes         bytes of live and not yet collected objects in the heap
     * @param heapCommittedBytes    bytes of heap the JVM holds from the OS
     * @param heapMaxBytes          the heap's limit, or -1 if undefined
     * @param nonHeapUsedBytes      bytes used outside the heap (metaspace, code cache ...)
     * @param nonHeapCommittedBytes bytes committed outside the heap
     * @param directUsedBytes       bytes of direct byte buffers
     * @param mappedUsedBytes       bytes of mapped byte buffers
     * @param residentBytes         the process's resident set size from the OS, or -1 where not available
     */
    public record MemorySummary(long heapUsedBytes, long heapCommittedBytes, long heapMaxBytes, long nonHeapUsedBytes,
                                long nonHeapCommittedBytes, long directUsedBytes, long mappedUsedBytes,
                                long residentBytes) {
    }

    /**
     * One garbage collector.
     *
     * @param name   the collector (e.g. {@code G1 Young Generation})
     * @param count  collections so far
     * @param timeMs accumulated collection time
     */
    public record GcStats(String name, long count, long timeMs) {
    }

    /**
     * JVM threads.
     *
     * @param live    live threads
     * @param daemon  live daemon threads
     * @param peak    highest live count since start
     * @param started threads started since the JVM started
     */
    public record ThreadStats(int live, int daemon, int peak, long started) {
    }
}
