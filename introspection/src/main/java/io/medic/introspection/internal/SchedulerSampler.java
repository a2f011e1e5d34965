package io.medic.introspection.internal;

import io.medic.introspection.IntrospectionBusyException;
import io.medic.introspection.SchedulerUsage;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.ProcessEntry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * INTERNAL API
 *
 * <p>{@code recon:scheduler_usage/1} for Akka dispatchers: the CPU time each thread of an observed
 * dispatcher consumed over a window, divided by the window, plus the wall time Medic processes spent
 * in their handlers over the same window. See {@link SchedulerUsage} for what this measures and how it
 * differs from Erlang's scheduler wall time. At most one window at a time per node. Thread-safe.
 */
public final class SchedulerSampler {
    private final Introspection services;

    SchedulerSampler(Introspection services) {
        this.services = services;
    }

    /**
     * Samples over {@code window}. Fails with {@link IntrospectionBusyException} if another scheduler
     * window is running on this node. Cost: two reads of every JVM thread's name and CPU time (a few
     * microseconds per thread) and two passes over the process table.
     */
    public CompletionStage<SchedulerUsage> usage(Duration window) {
        Limits.window(window);
        return services.exclusive(services.schedulerWindow, "scheduler usage", () -> {
            ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            boolean supported = bean.isThreadCpuTimeSupported();
            boolean restore = supported && !bean.isThreadCpuTimeEnabled(); // enabled here, disabled after
            if (restore) {
                bean.setThreadCpuTimeEnabled(true);
            }
            Map<String, String> prefixes = prefixes();
            Map<Long, ThreadSample> first = supported ? sample(bean, prefixes) : Map.of();
            WindowSnapshot<ProcessEntry> busy = ProcessSampler.snapshot(services.node.processes().entries(),
                    ProcessAttribute.BUSY_TIME_US);
            long start = System.nanoTime();
            return services.after(window).thenApply(x -> {
                Map<Long, ThreadSample> second = supported ? sample(bean, prefixes) : Map.of();
                AtomicLong busyMicros = new AtomicLong();
                busy.deltas(services.node.processes().entries(), ProcessEntry::isAlive,
                        (e, delta) -> busyMicros.addAndGet(Math.max(0, delta[0])));
                long elapsed = Math.max(1, System.nanoTime() - start);
                return result(supported, first, second, elapsed, busyMicros.get());
            }).whenComplete((r, err) -> {
                if (restore) {
                    bean.setThreadCpuTimeEnabled(false);
                }
            });
        });
    }

    private record ThreadSample(String dispatcher, String name, long cpuNanos) {
    }

    /** Thread-name prefix of each observed dispatcher: Akka names its threads {@code <system>-<dispatcher id>-<n>}. */
    private Map<String, String> prefixes() {
        Map<String, String> out = new LinkedHashMap<>();
        String system = services.node.classicSystem().name();
        for (String id : services.settings.observedDispatchers()) {
            out.put(system + "-" + id + "-", id);
        }
        return out;
    }

    private static Map<Long, ThreadSample> sample(ThreadMXBean bean, Map<String, String> prefixes) {
        long[] ids = bean.getAllThreadIds();
        ThreadInfo[] infos = bean.getThreadInfo(ids); // names only: no stack is taken
        Map<Long, ThreadSample> out = new HashMap<>();
        for (ThreadInfo info : infos) {
            if (info == null) {
                continue; // died meanwhile
            }
            String dispatcher = dispatcherOf(info.getThreadName(), prefixes);
            if (dispatcher == null) {
                continue;
            }
            long cpu = bean.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                out.put(info.getThreadId(), new ThreadSample(dispatcher, info.getThreadName(), cpu));
            }
        }
        return out;
    }

    static String dispatcherOf(String threadName, Map<String, String> prefixes) {
        for (Map.Entry<String, String> p : prefixes.entrySet()) {
            String prefix = p.getKey();
            if (threadName.startsWith(prefix) && threadName.length() > prefix.length()
                    && threadName.substring(prefix.length()).chars().allMatch(Character::isDigit)) {
                return p.getValue();
            }
        }
        return null;
    }

    private SchedulerUsage result(boolean supported, Map<Long, ThreadSample> first, Map<Long, ThreadSample> second,
                                  long elapsedNanos, long busyMicros) {
        List<SchedulerUsage.ThreadUsage> threads = new ArrayList<>();
        for (Map.Entry<Long, ThreadSample> e : second.entrySet()) {
            ThreadSample now = e.getValue();
            ThreadSample before = first.get(e.getKey());
            // a thread started during the window spent all its CPU time within it
            long cpu = now.cpuNanos() - (before == null ? 0 : before.cpuNanos());
            double usage = Math.min(1.0, Math.max(0.0, (double) cpu / elapsedNanos));
            threads.add(new SchedulerUsage.ThreadUsage(now.dispatcher(), now.name(), usage));
        }
        threads.sort(Comparator.comparing(SchedulerUsage.ThreadUsage::dispatcher)
                .thenComparing(t -> t.thread().length()).thenComparing(SchedulerUsage.ThreadUsage::thread));
        Map<String, double[]> perDispatcher = new LinkedHashMap<>();
        for (String id : services.settings.observedDispatchers()) {
            perDispatcher.put(id, new double[2]);
        }
        for (SchedulerUsage.ThreadUsage t : threads) {
            double[] acc = perDispatcher.computeIfAbsent(t.dispatcher(), k -> new double[2]);
            acc[0]++;
            acc[1] += t.usage();
        }
        List<SchedulerUsage.DispatcherUsage> dispatchers = new ArrayList<>();
        for (Map.Entry<String, double[]> d : perDispatcher.entrySet()) {
            int n = (int) d.getValue()[0];
            if (n > 0) {
                dispatchers.add(new SchedulerUsage.DispatcherUsage(d.getKey(), n, d.getValue()[1] / n, d.getValue()[1]));
            }
        }
        double medicBusy = (busyMicros * 1000.0) / elapsedNanos;
        return new SchedulerUsage(elapsedNanos / 1_000_000, supported ? "thread_cpu_time" : "unavailable",
                List.copyOf(dispatchers), List.copyOf(threads), medicBusy);
    }
}
