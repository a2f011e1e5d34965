package io.medic.runtime.trace;

import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.internal.NodeServices;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Trace sessions: {@code recon_trace} for a message-passing runtime. A session follows the processes of
 * its {@link TraceSpec} and hands their events — messages in and out, calls with their replies and
 * times, exits, restarts — to a consumer, until its mandatory limit is reached or trips, its time to live
 * passes, its consumer falls behind or someone stops it; its last event always says why.
 *
 * <pre>{@code
 * TraceSession s = Trace.start(node, TraceSpec.of(PidSpec.name("Alfa"))
 *         .withLimit(TraceLimit.count(10)), event -> System.out.println(event));
 * s.ended().toCompletableFuture().join();     // recon: "Recon tracer rate limit tripped."
 * }</pre>
 *
 * <table>
 *   <caption>Medic and recon_trace</caption>
 *   <tr><th>Medic</th><th>recon / Erlang</th></tr>
 *   <tr><td>{@link #start}</td><td>{@code recon_trace:calls(TSpec, Max, [{pid, PidSpec}])}</td></tr>
 *   <tr><td>{@link TraceSession#stop()}</td><td>the shell that started the tracer going away</td></tr>
 *   <tr><td>{@link #clear}</td><td>{@code recon_trace:clear/0}</td></tr>
 *   <tr><td>{@link #sessions}</td><td>{@code erlang:trace_info/2} on the tracer</td></tr>
 * </table>
 *
 * <p><b>Safety.</b> The node refuses what could hurt it, by rule ({@link TraceRefusedException}: recon's
 * {@code dangerous_combo}); runs at most {@code medic.trace.max-sessions} sessions (1) at once
 * ({@link TraceBusyException} names the running one); holds at most {@code medic.trace.buffer-size}
 * events for a consumer that is behind, and ends the session rather than hold more. <b>Medic's own
 * processes</b> — those whose behaviour class is in a Medic internal package, today the supervisors — are
 * left out of wide specs, and naming one is refused: their messages are Medic's protocol, and what they do
 * to the processes a session follows (exits, restarts) the session sees from those processes.
 *
 * <p><b>Cost.</b> With no session, a process pays one check per message handled and per message sent to
 * it (a hook that is null). While a session runs, the processes it traces render their events on their
 * own threads (a sender is known from the node's record of which process runs on each thread, kept
 * whatever the sessions); while it traces sends, every process carries a hook and every send to it checks
 * its sender. {@code docs/tracing.md}
 * gives the measured figures.
 */
public final class Trace {
    private Trace() {
    }

    /**
     * Starts a session whose events go to {@code consumer}, one at a time and in order, on the node's
     * default dispatcher. The consumer must be quick: a consumer that falls behind by more than
     * {@code medic.trace.buffer-size} events ends the session ({@link TraceEndReason#BUFFER_OVERFLOW}).
     *
     * @throws IllegalArgumentException the spec has no limit, or names a process of another node
     * @throws TraceRefusedException    a dangerous combination, named by its rule
     * @throws io.medic.runtime.NoProcessException a process named by pid is dead, or no process has a name
     * @throws TraceBusyException       {@code medic.trace.max-sessions} sessions run already
     */
    public static TraceSession start(Node node, TraceSpec spec, Consumer<? super TraceEvent> consumer) {
        return start(node, spec, node.classicSystem().dispatcher(), consumer);
    }

    /** As {@link #start(Node, TraceSpec, Consumer)}, the consumer called on {@code executor}. */
    public static TraceSession start(Node node, TraceSpec spec, Executor executor, Consumer<? super TraceEvent> consumer) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(consumer, "consumer");
        return services(node).traces.start(spec, executor, consumer);
    }

    /** The sessions running on {@code node}, oldest first. */
    public static List<TraceSession> sessions(Node node) {
        return services(node).traces.sessions();
    }

    /**
     * {@code recon_trace:clear/0}: ends every session on {@code node} ({@link TraceEndReason#CLEARED}) and
     * waits until each has taken its hooks off every process and said so, at most {@code timeout}; returns
     * how many there were.
     */
    public static int clear(Node node, Duration timeout) {
        return Medic.await(clearAsync(node), "trace clear", timeout);
    }

    /** {@link #clear(Node, Duration)} without waiting. */
    public static CompletionStage<Integer> clearAsync(Node node) {
        return services(node).traces.clear();
    }

    /**
     * The processes that carry a trace hook now — traced by a session, or recording themselves for one
     * (see Cost above) — as {@code erlang:trace_info/2} tells a process's trace flags. Empty whenever no
     * session runs. Cost: one pass over the process table.
     */
    public static List<Pid> hooked(Node node) {
        return services(node).traces.hooked();
    }

    /** {@code medic.trace.max-sessions} of {@code node}: how many sessions may run at once. */
    public static int maxSessions(Node node) {
        return services(node).traces.settings().maxSessions();
    }

    /**
     * {@code medic.trace.buffer-size} of {@code node}: how many events a session's consumer may fall
     * behind by before the session ends with {@link TraceEndReason#BUFFER_OVERFLOW}.
     */
    public static int bufferSize(Node node) {
        return services(node).traces.settings().bufferSize();
    }

    private static NodeServices services(Node node) {
        return NodeServices.get(Objects.requireNonNull(node, "node").classicSystem());
    }
}
