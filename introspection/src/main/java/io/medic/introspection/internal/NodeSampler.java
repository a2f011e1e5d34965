package io.medic.introspection.internal;

import akka.dispatch.Dispatcher;
import akka.dispatch.Dispatchers;
import akka.dispatch.MessageDispatcher;
import io.medic.introspection.MemoryReport;
import io.medic.introspection.NodeStats;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.ports.Ports;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * INTERNAL API
 *
 * <p>Node-wide numbers: {@code recon:node_stats_list/2}'s absolute values and {@code recon_alloc}'s
 * memory, read from the JVM's MXBeans, the process table and the observed dispatchers' executors.
 * Never messages a process or an actor. Thread-safe.
 */
public final class NodeSampler {
    private static final Path PROC_STATUS = Path.of("/proc/self/status");

    private final Introspection services;

    NodeSampler(Introspection services) {
        this.services = services;
    }

    /**
     * One sample of node stats. Cost: one pass over the process table, a few MXBean reads, and a listing
     * of the JVM's open file descriptors.
     */
    public NodeStats stats() {
        int withMessages = 0;
        long queued = 0;
        long handled = 0;
        for (ProcessEntry e : services.node.processes().entries()) {
            long q = e.messageQueueLen();
            queued += q;
            handled += e.messagesHandled();
            if (q > 0 || e.status() == ProcessStatus.RUNNING) {
                withMessages++;
            }
        }
        List<NodeStats.DispatcherStats> dispatchers = dispatchers();
        long runQueue = 0;
        for (NodeStats.DispatcherStats d : dispatchers) {
            runQueue += Math.max(0, d.runQueue());
        }
        List<NodeStats.GcStats> gc = new ArrayList<>();
        long gcCount = 0;
        long gcTime = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            long c = Math.max(0, b.getCollectionCount());
            long t = Math.max(0, b.getCollectionTime());
            gc.add(new NodeStats.GcStats(b.getName(), c, t));
            gcCount += c;
            gcTime += t;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Answers.FileDescriptors fds = fileDescriptors();
        return new NodeStats(services.node.name(), ManagementFactory.getRuntimeMXBean().getUptime(),
                services.node.processes().size(), Ports.of(services.node).count(), fds.open(), fds.max(), runQueue,
                dispatchers,
                withMessages, queued,
                handled, memorySummary(), List.copyOf(gc), gcCount, gcTime,
                new NodeStats.ThreadStats(threads.getThreadCount(), threads.getDaemonThreadCount(),
                        threads.getPeakThreadCount(), threads.getTotalStartedThreadCount()),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                services.node.processes().droppedMessages());
    }

    /**
     * The JVM's open and maximum file descriptors (-1 when the platform does not tell): every port's OS
     * resource, and everything opened outside Medic. Cost: the JVM lists {@code /proc/self/fd}.
     */
    public Answers.FileDescriptors fileDescriptors() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return new Answers.FileDescriptors(unix.getOpenFileDescriptorCount(), unix.getMaxFileDescriptorCount());
        }
        return new Answers.FileDescriptors(-1, -1);
    }

    /** The observed dispatchers, in configuration order; unknown ids are left out. */
    public List<NodeStats.DispatcherStats> dispatchers() {
        List<NodeStats.DispatcherStats> out = new ArrayList<>();
        Dispatchers all = services.node.classicSystem().dispatchers();
        for (String id : services.settings.observedDispatchers()) {
            if (all.hasDispatcher(id)) {
                out.add(dispatcher(all, id));
            }
        }
        return List.copyOf(out);
    }

    private static NodeStats.DispatcherStats dispatcher(Dispatchers all, String id) {
        MessageDispatcher md;
        try {
            md = all.lookup(id);
        } catch (RuntimeException e) {
            return new NodeStats.DispatcherStats(id, "unavailable: " + e.getMessage(), -1, -1, -1, -1, -1);
        }
        long actors = md.inhabitants();
        if (md instanceof Dispatcher d) {
            // Akka's Dispatcher exposes its executor to subclasses; the JVM sees the member as public.
            ExecutorService ex = d.executorService().executor();
            if (ex instanceof ForkJoinPool fjp) {
                return new NodeStats.DispatcherStats(id, "fork-join", actors, fjp.getParallelism(), fjp.getPoolSize(),
                        fjp.getActiveThreadCount(), fjp.getQueuedSubmissionCount() + fjp.getQueuedTaskCount());
            }
            if (ex instanceof ThreadPoolExecutor tpe) {
                return new NodeStats.DispatcherStats(id, "thread-pool", actors, tpe.getMaximumPoolSize(),
                        tpe.getPoolSize(), tpe.getActiveCount(), tpe.getQueue().size());
            }
            return new NodeStats.DispatcherStats(id, ex.getClass().getName(), actors, -1, -1, -1, -1);
        }
        return new NodeStats.DispatcherStats(id, md.getClass().getName(), actors, -1, -1, -1, -1);
    }

    /** recon_alloc:memory/1 in spirit. Cost: a few MXBean reads. */
    public MemoryReport memory() {
        var bean = ManagementFactory.getMemoryMXBean();
        MemoryReport.Area heap = area(bean.getHeapMemoryUsage());
        MemoryReport.Area nonHeap = area(bean.getNonHeapMemoryUsage());
        List<MemoryReport.Pool> pools = new ArrayList<>();
        MemoryReport.Pool metaspace = null;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = p.getUsage();
            if (u == null) {
                continue; // the pool became invalid
            }
            MemoryReport.Area a = area(u);
            MemoryReport.Pool pool = new MemoryReport.Pool(p.getName(),
                    p.getType() == MemoryType.HEAP ? "heap" : "non_heap", a.usedBytes(), a.committedBytes(), a.maxBytes(), a.usage());
            pools.add(pool);
            if ("Metaspace".equals(p.getName())) {
                metaspace = pool;
            }
        }
        List<MemoryReport.BufferPool> buffers = new ArrayList<>();
        long bufferUsed = 0;
        long bufferCapacity = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            long used = Math.max(0, b.getMemoryUsed());
            long capacity = Math.max(0, b.getTotalCapacity());
            buffers.add(new MemoryReport.BufferPool(b.getName(), Math.max(0, b.getCount()), used, capacity));
            bufferUsed += used;
            bufferCapacity += capacity;
        }
        long used = heap.usedBytes() + nonHeap.usedBytes() + bufferUsed;
        long allocated = heap.committedBytes() + nonHeap.committedBytes() + Math.max(bufferUsed, bufferCapacity);
        return new MemoryReport(used, allocated, Math.max(0, allocated - used), ratio(used, allocated), heap, nonHeap,
                metaspace, List.copyOf(pools), List.copyOf(buffers), residentBytes());
    }

    private NodeStats.MemorySummary memorySummary() {
        var bean = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = bean.getHeapMemoryUsage();
        MemoryUsage nonHeap = bean.getNonHeapMemoryUsage();
        long direct = 0;
        long mapped = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if ("direct".equals(b.getName())) {
                direct = Math.max(0, b.getMemoryUsed());
            } else if (b.getName().startsWith("mapped")) {
                mapped += Math.max(0, b.getMemoryUsed());
            }
        }
        return new NodeStats.MemorySummary(heap.getUsed(), heap.getCommitted(), heap.getMax(), nonHeap.getUsed(),
                nonHeap.getCommitted(), direct, mapped, residentBytes());
    }

    private static MemoryReport.Area area(MemoryUsage u) {
        return new MemoryReport.Area(u.getUsed(), u.getCommitted(), u.getMax(), ratio(u.getUsed(), u.getCommitted()));
    }

    private static double ratio(long used, long of) {
        return of <= 0 ? 0.0 : (double) used / of;
    }

    /** VmRSS from /proc/self/status (Linux), or -1. */
    static long residentBytes() {
        try {
            if (!Files.isReadable(PROC_STATUS)) {
                return -1;
            }
            for (String line : Files.readAllLines(PROC_STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    long kb = Long.parseLong(parts[0]);
                    return kb * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: unknown
        }
        return -1;
    }
}
