package io.medic.introspection.internal;

import io.medic.introspection.IntrospectionBusyException;
import io.medic.introspection.ProcessReport;
import io.medic.introspection.ProcessSample;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessTable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API
 *
 * <p>The process side of recon ({@code recon_lib}'s samplers): info, top-N by an attribute, and top-N
 * by an attribute's increase over a window. Reads the process table only; never messages a process.
 * Thread-safe.
 */
public final class ProcessSampler {
    private final Introspection services;

    ProcessSampler(Introspection services) {
        this.services = services;
    }

    private ProcessTable table() {
        return services.node.processes();
    }

    // ------------------------------------------------------------------ info

    /** recon:info/1. Cost: O(processes) to find the children, plus one stack trace if running. */
    public ProcessReport info(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessEntry e = pid.entry();
        if (!e.isAlive()) {
            throw new NoProcessException(pid.toString());
        }
        int maxChildren = services.settings.maxChildren();
        List<Pid> children = new ArrayList<>();
        boolean childrenTruncated = false;
        for (ProcessEntry other : table().entries()) {
            Optional<Pid> parent = other.parent();
            if (parent.isPresent() && parent.get().equals(pid)) {
                Pid child = other.pid();
                if (child == null) {
                    continue;
                }
                if (children.size() >= maxChildren) {
                    childrenTruncated = true;
                    break;
                }
                children.add(child);
            }
        }
        children.sort((a, b) -> Long.compare(a.number(), b.number()));
        List<String> stack = List.of();
        boolean stackTruncated = false;
        if (!e.isSensitive()) {
            List<StackTraceElement> frames = e.stackTrace();
            int max = services.settings.maxStackFrames();
            stackTruncated = frames.size() > max;
            stack = frames.stream().limit(max).map(StackTraceElement::toString).toList();
        }
        String thread = e.currentThread().map(Thread::getName).orElse(null);
        long handled = e.messagesHandled();
        long cpu = e.cpuMicros();
        return new ProcessReport(pid,
                new ProcessReport.Meta(e.registeredName().orElse(null), e.status(), e.kind(), e.initialCall(),
                        e.parent().orElse(null), e.parentPath(), e.isSensitive(), e.startTime(), e.restarts()),
                new ProcessReport.Signals(List.copyOf(children), childrenTruncated, e.monitoredBy(), e.ports()),
                new ProcessReport.Location(e.initialCall(), e.currentMessageType().orElse(null),
                        e.currentMessageAgeMillis(), thread, stack, stackTruncated),
                new ProcessReport.MemoryUsed(e.memory(), e.messageQueueLen(), e.oldestMessageAgeMillis(),
                        e.allocatedBytes(), e.mailboxPolicy().toString(), e.dropped()),
                new ProcessReport.Work(handled + cpu, handled, cpu, e.busyTimeMicros(), e.messagesIn(),
                        e.messagesOut()));
    }

    // ------------------------------------------------------------------ proc_count

    /**
     * recon:proc_count/2. Cost: one pass over the table with a bounded heap of n; no sort of the table.
     * A large table is scanned in parts by up to {@code medic.http.scan-parallelism} threads (the caller
     * and tasks on the introspection dispatcher), each with its own heap, merged at the end.
     */
    public List<ProcessSample> top(ProcessAttribute attribute, int n) {
        Limits.attribute(attribute, ProcessAttribute.wireNames());
        Limits.n(n);
        List<TopN<ProcessEntry>> parts = TableScan.scan(table().entries(), services.settings.scanParallelism(),
                services.executor, () -> new TopN<>(n, ProcessSampler::order), (top, e) -> top.offer(attribute.read(e), e));
        return samples(TopN.merge(parts));
    }

    // ------------------------------------------------------------------ the table, a page at a time

    /**
     * {@code erlang:processes()} a page at a time: the first {@code n} live processes whose pid number is
     * above {@code after}, by pid number. Cost: one pass over the table with a bounded heap of n + 1 (in
     * parts, as proc_count); no sort of the table.
     */
    public Page<ProcessEntry> list(long after, int n) {
        Limits.n(n);
        List<TopN<ProcessEntry>> parts = TableScan.scan(table().entries(), services.settings.scanParallelism(),
                services.executor, () -> new TopN<>(n + 1, ProcessSampler::order), (top, e) -> {
                    long number = order(e);
                    if (number > after && e.isAlive()) {
                        top.offer(-number, e); // the lowest numbers rank highest
                    }
                });
        return Page.of(TopN.merge(parts), n);
    }

    // ------------------------------------------------------------------ proc_window

    /**
     * recon:proc_window/3: a snapshot now, another after {@code window}, top n by increase. A process
     * alive at both ends counts its increase; one born during the window counts its whole value (all
     * of it happened in the window); one that died during the window is left out. Fails with
     * {@link IntrospectionBusyException} if another process window is running on this node.
     *
     * <p>Cost: two passes over the table, and a snapshot of 12 bytes per process held for the window.
     */
    public CompletionStage<List<ProcessSample>> window(ProcessAttribute attribute, int n, Duration window) {
        Limits.attribute(attribute, ProcessAttribute.wireNames());
        Limits.n(n);
        Limits.window(window);
        return services.exclusive(services.processWindow, "process", () -> {
            WindowSnapshot<ProcessEntry> first = snapshot(table().entries(), attribute);
            return services.after(window).thenApply(x -> {
                TopN<ProcessEntry> top = new TopN<>(n, ProcessSampler::order);
                first.deltas(table().entries(), ProcessEntry::isAlive, (e, delta) -> top.offer(delta[0], e));
                return samples(top);
            });
        });
    }

    /** The value of {@code attribute} of every process in {@code table} now: a window's first half. */
    static WindowSnapshot<ProcessEntry> snapshot(Collection<ProcessEntry> table, ProcessAttribute attribute) {
        return WindowSnapshot.take(table, 1, ProcessSampler::order, (e, into, at) -> into[at] = attribute.read(e));
    }

    /** A process's rank among equals, and its place in a window: its pid number (-1 for an entry not yet bound). */
    static long order(ProcessEntry e) {
        Pid pid = e.pid();
        return pid == null ? -1 : pid.number();
    }

    private static List<ProcessSample> samples(TopN<ProcessEntry> top) {
        List<ProcessSample> out = new ArrayList<>(top.size());
        for (TopN.Entry<ProcessEntry> t : top.descending()) {
            ProcessEntry e = t.item();
            out.add(new ProcessSample(e.pid(), t.value(), e.registeredName().orElse(null), e.initialCall(),
                    e.currentMessageType().orElse(null), e.status()));
        }
        return List.copyOf(out);
    }
}
