package io.medic.introspection;

import io.medic.introspection.internal.Introspection;
import io.medic.introspection.internal.Limits;
import io.medic.introspection.internal.PortSampler;
import io.medic.runtime.BadProcessReferenceException;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ports.InetAttribute;
import io.medic.runtime.ports.PortEntry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The recon library for a Medic node: find the culprit on a live node without hurting it. The front
 * door of the introspection module; the same functions are served as JSON under {@code /medic} by
 * {@link MedicRouteProvider}.
 *
 * <pre>{@code
 * Recon recon = Recon.of(node);
 * List<ProcessSample> mailboxes = recon.procCount(ProcessAttribute.MESSAGE_QUEUE_LEN, 5);
 * ProcessReport worst = recon.info(mailboxes.get(0).pid());
 * List<ProcessSample> busiest = recon.procWindow(ProcessAttribute.REDUCTIONS, 5, Duration.ofMillis(500))
 *         .toCompletableFuture().join();
 * }</pre>
 *
 * <p>Production safety: every function reads Medic's process and port tables (or the JVM's MXBeans)
 * and never messages a process, so it works on a node whose processes are stuck; every list is bounded
 * ({@code n} from 1 to 1000) and every window too (1 ms to 60 s); a bad argument is an
 * {@code IllegalArgumentException} (a null one a {@code NullPointerException}) whose message names it,
 * its bad value and what was expected, e.g. {@code n: bad value 0, expected 1 to 1000}. At most one
 * window of each kind (process, port, scheduler) runs at a time per node: another of the same kind fails
 * its stage at once with {@link IntrospectionBusyException}. Mailbox contents are never read.
 * Thread-safe.
 *
 * <table>
 *   <caption>recon correspondence</caption>
 *   <tr><td>{@link #info(Pid)}</td><td>{@code recon:info/1}</td></tr>
 *   <tr><td>{@link #processes}</td><td>{@code erlang:processes()}, a page at a time</td></tr>
 *   <tr><td>{@link #procCount}</td><td>{@code recon:proc_count/2}</td></tr>
 *   <tr><td>{@link #procWindow}</td><td>{@code recon:proc_window/3}</td></tr>
 *   <tr><td>{@link #nodeStats()}</td><td>{@code recon:node_stats_list(1, 0)}: one sample of absolute values</td></tr>
 *   <tr><td>{@link #memory()}</td><td>{@code recon_alloc:memory/1}</td></tr>
 *   <tr><td>{@link #schedulerUsage}</td><td>{@code recon:scheduler_usage/1}</td></tr>
 *   <tr><td>{@link #supervisionTree()}</td><td>observer's applications tab; {@code supervisor:which_children/1} recursively</td></tr>
 *   <tr><td>{@link #processCrashes}</td><td>rb's crash reports of one process, with its supervisor's {@code child_terminated} reports</td></tr>
 *   <tr><td>{@link #ports}</td><td>{@code erlang:ports()}, a page at a time</td></tr>
 *   <tr><td>{@link #portTypes()}</td><td>{@code recon:port_types/0}</td></tr>
 *   <tr><td>{@link #inetCount}, {@link #portCount}</td><td>{@code recon:inet_count/2}; over every port, files included</td></tr>
 *   <tr><td>{@link #inetWindow}, {@link #portWindow}</td><td>{@code recon:inet_window/3}; over every port, files included</td></tr>
 *   <tr><td>{@link #portInfo(String)}</td><td>{@code recon:port_info/1}</td></tr>
 * </table>
 */
public final class Recon {
    private final Node node;
    private final Introspection services;

    private Recon(Node node, Introspection services) {
        this.node = node;
        this.services = services;
    }

    /** The recon functions of {@code node}. Cheap: the per-node state is created once and shared. */
    public static Recon of(Node node) {
        Objects.requireNonNull(node, "node");
        return new Recon(node, Introspection.get(node));
    }

    // ------------------------------------------------------------------ processes

    /**
     * {@code recon:info/1}: everything the process table knows of one process, grouped like recon.
     * Cost: one pass over the process table (to list its children) and, if it is running, one stack
     * trace of its thread (tens of microseconds).
     *
     * @throws NoProcessException if the process is not alive
     */
    public ProcessReport info(Pid pid) {
        return services.processes.info(pid);
    }

    /**
     * {@link #info(Pid)} of a process given as {@code <0.N.0>}, {@code 0.N.0}, a registered name or an
     * actor path.
     *
     * @throws BadProcessReferenceException if the reference is none of these forms
     * @throws NoProcessException           if no live process matches
     */
    public ProcessReport info(String reference) {
        return info(node.pid(reference));
    }

    /**
     * {@code recon:proc_count(Attribute, N)}: the {@code n} processes with the largest value of
     * {@code attribute}, largest first. Cost: one pass over the process table with a bounded heap of
     * {@code n} — no sort of the table (see docs/introspection.md for measured costs).
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000
     */
    public List<ProcessSample> procCount(ProcessAttribute attribute, int n) {
        return services.processes.top(attribute, n);
    }

    /**
     * {@code erlang:processes()} a page at a time: the first {@code n} live processes whose pid number is
     * above {@code after} ({@code -1} or {@code 0} for the first page), by pid number. The next page starts
     * after the last pid of this one. Cost: one pass over the process table with a bounded heap of
     * {@code n} — no sort of the table.
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000
     */
    public List<Pid> processes(long after, int n) {
        return services.processes.list(after, n).items().stream().map(ProcessEntry::pid).toList();
    }

    /**
     * {@code recon:proc_window(Attribute, N, Milliseconds)}: the {@code n} processes whose
     * {@code attribute} grew most over {@code window}, largest first. A process born during the window
     * counts its whole value; one that died during it is left out. The stage fails with
     * {@link IntrospectionBusyException} if another process window is running on this node.
     * Cost: two passes over the process table and 12 bytes per process held for the window.
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000, or the window not between
     *                                  1 ms and 60 s
     */
    public CompletionStage<List<ProcessSample>> procWindow(ProcessAttribute attribute, int n, Duration window) {
        return services.processes.window(attribute, n, window);
    }

    // ------------------------------------------------------------------ node

    /**
     * Node-wide statistics now: processes, ports, dispatcher run queues, memory, GC, messages handled,
     * threads. Cost: one pass over the process table plus a few MXBean reads.
     */
    public NodeStats nodeStats() {
        return services.nodeSampler.stats();
    }

    /** {@code recon_alloc:memory/1} in spirit: JVM memory used versus held, per area and pool. Cost: a few MXBean reads. */
    public MemoryReport memory() {
        return services.nodeSampler.memory();
    }

    /**
     * {@code recon:scheduler_usage(Milliseconds)}: how busy each observed dispatcher thread was over
     * {@code window} (see {@link SchedulerUsage} for what is measured and how it differs from Erlang's
     * scheduler wall time). The stage fails with {@link IntrospectionBusyException} if another scheduler
     * window is running on this node. Cost: two reads of every JVM thread's name and CPU time and two
     * passes over the process table.
     *
     * @throws IllegalArgumentException if the window is not between 1 ms and 60 s
     */
    public CompletionStage<SchedulerUsage> schedulerUsage(Duration window) {
        return services.schedulers.usage(window);
    }

    /**
     * The supervision tree: applications, their supervisors and children, recursively. Each
     * supervisor is asked with {@code medic.http.supervision.call-timeout}; a failed or slow one is
     * shown with its error, never failing the whole tree. Bounded by {@code medic.http.supervision}.
     * Cost: one call per supervisor (in parallel per level) and one pass over the process table.
     */
    public CompletionStage<SupervisionTree> supervisionTree() {
        return services.supervision.tree();
    }

    /**
     * The recent crashes of one process across its incarnations, newest first, at most {@code n}: the
     * crash reports kept of the pid it had and of the name it is (or was) registered under, merged with
     * its supervisor's crash history of that child (which keeps killed incarnations, which wrote no
     * report). {@code process} is a live process in any form {@link #info(String)} takes, or a dead one
     * by the pid it had ({@code <0.N.0>}, {@code 0.N.0}) or a name it was registered under. Cost: a pass
     * over the node's crash ring (at most {@code medic.crash.history} reports) and, if a supervisor
     * watches it, one report call to that supervisor (at most {@code medic.http.supervision.call-timeout}).
     *
     * @throws BadProcessReferenceException if the reference is none of these forms
     * @throws NoProcessException           if no live process matches and no crash of it is kept
     * @throws IllegalArgumentException     if {@code n} is not between 1 and 1000
     */
    public CompletionStage<ProcessCrashes> processCrashes(String process, int n) {
        Objects.requireNonNull(process, "process");
        return services.crashes.of(process, Limits.n(n));
    }

    // ------------------------------------------------------------------ ports

    /**
     * {@code erlang:ports()} a page at a time: the first {@code n} open ports whose number is above
     * {@code after} ({@code 0} for the first page), by number. Cost: one pass over the port table with a
     * bounded heap of {@code n}.
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000
     */
    public List<PortEntry> ports(long after, int n) {
        return services.ports.list(after, n, PortSampler.ALL).items();
    }

    /**
     * {@code recon:port_types/0}: the node's open ports counted by type, most numerous first, e.g.
     * {@code {tcp_inet=52, efile=1}}. Cost: one pass over the port table.
     */
    public Map<String, Integer> portTypes() {
        return services.ports.types();
    }

    /**
     * {@code recon:inet_count(Attribute, N)}: the {@code n} inet ports (sockets and listeners) with the
     * largest {@code attribute}, largest first, ties by the lower port number. Each sample's details are the
     * counters the attribute sums. Cost: one pass over the port table with a bounded heap of {@code n}.
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000
     */
    public List<PortSample> inetCount(InetAttribute attribute, int n) {
        return services.ports.top(attribute, n, PortSampler.INET);
    }

    /**
     * {@link #inetCount} over every port, files ({@code efile}) included: who moves the most bytes, to the
     * network or to disk. Cost: as {@link #inetCount}.
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000
     */
    public List<PortSample> portCount(InetAttribute attribute, int n) {
        return services.ports.top(attribute, n, PortSampler.ALL);
    }

    /**
     * {@code recon:inet_window(Attribute, N, Milliseconds)}: the {@code n} inet ports whose
     * {@code attribute} grew most over {@code window}. A port opened during the window counts from 0; one
     * closed during it counts until it closed. Unlike recon, a sample's details are increases too, so they
     * sum to its value. No thread waits for the window. The stage fails with
     * {@link IntrospectionBusyException} if another port window is running on this node, and with an
     * {@code IllegalStateException} if the node terminates during the window. Cost: two passes over the
     * port table and a few words per port held for the window.
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000, or the window not between
     *                                  1 ms and 60 s
     */
    public CompletionStage<List<PortSample>> inetWindow(InetAttribute attribute, int n, Duration window) {
        return services.ports.window(attribute, n, window, PortSampler.INET);
    }

    /**
     * {@link #inetWindow} over every port, files included (the same permit: one port window at a time).
     *
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000, or the window not between
     *                                  1 ms and 60 s
     */
    public CompletionStage<List<PortSample>> portWindow(InetAttribute attribute, int n, Duration window) {
        return services.ports.window(attribute, n, window, PortSampler.ALL);
    }

    /**
     * {@code recon:port_info/1}: what the port table knows of the open port named by {@code ref}
     * ({@code "#Port<0.N>"}, {@code "<0.N>"} or {@code "N"}), grouped like recon; empty if no open port has
     * that number. Cost: a few field reads.
     *
     * @throws IllegalArgumentException naming the bad value if {@code ref} is none of those forms
     */
    public Optional<PortReport> portInfo(String ref) {
        return services.ports.info(ref);
    }
}
