package io.medic.supervision;

import akka.actor.typed.javadsl.ActorContext;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Spawned;
import io.medic.supervision.internal.SupervisorServer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * OTP supervisors on Akka Typed: the {@code supervisor} module's functions.
 *
 * <p>A supervisor is a Medic process (a GenServer of kind {@code supervisor}): it is in the process
 * table, answers {@code Sys.getStatus} with its children, and keeps its restart events and budget for
 * introspection ({@link #report}).
 *
 * <p><b>Start is synchronous and ordered</b>: {@link #start} completes only once every child has
 * started, in list order and depth-first, each child's {@code init} acknowledged before the next child
 * is spawned. If a child fails to start, the children already started are shut down in reverse order
 * and the start fails with a {@link io.medic.runtime.StartException} whose reason is
 * {@code {shutdown, {failed_to_start_child, Id, Reason}}} ({@link FailedToStartChild}).
 *
 * <table>
 *   <caption>OTP correspondence</caption>
 *   <tr><td>{@link #start}, {@link #startSync}</td><td>{@code supervisor:start_link/2,3}</td></tr>
 *   <tr><td>{@link #startChild(Pid, ChildSpec)}</td><td>{@code supervisor:start_child/2} with a spec</td></tr>
 *   <tr><td>{@link #startChild(Pid, List)}</td><td>{@code supervisor:start_child/2} with extra args (simple_one_for_one)</td></tr>
 *   <tr><td>{@link #terminateChild(Pid, String)}, {@link #terminateChild(Pid, Pid)}</td><td>{@code supervisor:terminate_child/2}</td></tr>
 *   <tr><td>{@link #restartChild}</td><td>{@code supervisor:restart_child/2}</td></tr>
 *   <tr><td>{@link #deleteChild}</td><td>{@code supervisor:delete_child/2}</td></tr>
 *   <tr><td>{@link #whichChildren}</td><td>{@code supervisor:which_children/1}</td></tr>
 *   <tr><td>{@link #countChildren}</td><td>{@code supervisor:count_children/1}</td></tr>
 *   <tr><td>{@link #getChildSpec(Pid, String)}, {@link #getChildSpec(Pid, Pid)}</td><td>{@code supervisor:get_childspec/2}</td></tr>
 *   <tr><td>{@link #checkChildSpecs(List)}, {@link #checkChildSpecs(List, AutoShutdown)}</td><td>{@code supervisor:check_childspecs/1,2}</td></tr>
 * </table>
 *
 * <p>The blocking forms wait at most {@link #DEFAULT_TIMEOUT} (the call's own timeout); the
 * {@code Async} forms return a stage. Errors are {@link SupervisorException}s naming the child.
 */
public final class Supervisor {
    /** Default timeout of the blocking supervisor calls (OTP uses infinity; Medic never waits forever). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Supervisor() {
    }

    // ------------------------------------------------------------------ start

    /**
     * Starts a top-level supervisor and its children; completes with its pid once all have started.
     * Fails with {@link SupervisorException} ({@link SupervisorException.Error#INVALID_SPEC}) before
     * anything starts if the spec is invalid.
     */
    public static CompletionStage<Pid> start(Node node, SupervisorSpec spec, SpawnOptions options) {
        try {
            requireValid(spec);
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(e);
        }
        return GenServer.start(node, new SupervisorServer(spec), options);
    }

    /** {@link #start} and wait at most {@code timeout}. */
    public static Pid startSync(Node node, SupervisorSpec spec, SpawnOptions options, Duration timeout) {
        requireValid(spec);
        return GenServer.startSync(node, new SupervisorServer(spec), options, timeout);
    }

    /** Spawns a supervisor as a child of the actor owning {@code parent} (a child supervisor). */
    public static Spawned<Object> spawn(ActorContext<?> parent, SupervisorSpec spec, SpawnOptions options) {
        requireValid(spec);
        return GenServer.spawn(parent, new SupervisorServer(spec), options);
    }

    /** {@code supervisor:check_childspecs/1}: every problem with the specs; starts nothing. */
    public static List<String> checkChildSpecs(List<ChildSpec> specs) {
        Objects.requireNonNull(specs, "specs");
        return SupervisorSpec.checkChildSpecs(specs);
    }

    /**
     * {@code supervisor:check_childspecs/2}: every problem with the specs, and whether they are allowed
     * under a supervisor whose auto_shutdown is {@code autoShutdown} (a significant child is not under
     * {@link AutoShutdown#NEVER}); starts nothing.
     */
    public static List<String> checkChildSpecs(List<ChildSpec> specs, AutoShutdown autoShutdown) {
        Objects.requireNonNull(specs, "specs");
        Objects.requireNonNull(autoShutdown, "autoShutdown");
        return SupervisorSpec.checkChildSpecs(specs, autoShutdown);
    }

    private static void requireValid(SupervisorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        List<String> errors = spec.check();
        if (!errors.isEmpty()) {
            throw new SupervisorException(SupervisorException.Error.INVALID_SPEC,
                    "invalid supervisor spec: " + String.join("; ", errors), null, null);
        }
    }

    // ------------------------------------------------------------------ dynamic children

    /**
     * Adds a child spec and starts it. Completes with its pid, or with null if its init returned ignore
     * (the spec is kept unless temporary). Errors: ALREADY_STARTED, ALREADY_PRESENT, START_FAILED,
     * INVALID_SPEC (including a significant child under a supervisor whose auto_shutdown is NEVER),
     * SIMPLE_ONE_FOR_ONE. A start function that throws, an {@link Error} included, is START_FAILED with
     * that throwable as the reason.
     */
    public static CompletionStage<Pid> startChildAsync(Pid supervisor, ChildSpec spec, Duration timeout) {
        Objects.requireNonNull(spec, "spec");
        return call(supervisor, new SupervisorServer.StartChild(spec), timeout);
    }

    public static Pid startChild(Pid supervisor, ChildSpec spec) {
        return await(startChildAsync(supervisor, spec, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /**
     * Starts a child of a {@code simple_one_for_one} supervisor with these extra arguments. The
     * supervisor keeps them for the child's restarts, unless the child is temporary (never restarted):
     * then it keeps nothing of them once the child has started.
     */
    public static CompletionStage<Pid> startChildAsync(Pid supervisor, List<Object> args, Duration timeout) {
        Objects.requireNonNull(args, "args");
        return call(supervisor, new SupervisorServer.StartChildWithArgs(new SupervisorServer.Args(args)), timeout);
    }

    public static Pid startChild(Pid supervisor, List<Object> args) {
        return await(startChildAsync(supervisor, args, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /**
     * Stops the child with this id (as its shutdown says) and keeps its spec, unless temporary.
     * Errors: NOT_FOUND; SIMPLE_ONE_FOR_ONE (use the pid form).
     */
    public static CompletionStage<Void> terminateChildAsync(Pid supervisor, String id, Duration timeout) {
        return call(supervisor, new SupervisorServer.TerminateChild(id), timeout);
    }

    public static void terminateChild(Pid supervisor, String id) {
        await(terminateChildAsync(supervisor, id, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /**
     * Stops a child of a {@code simple_one_for_one} supervisor by pid, and forgets it. The pid may be the
     * one a child had before its restart started failing: its restart loop ends. A pid that is not alive
     * is a child that terminated already: ok. Error NOT_FOUND for a live pid that is not its child, and
     * on a supervisor of any other strategy, whose children are terminated by id (as OTP: the child runs on).
     */
    public static CompletionStage<Void> terminateChildAsync(Pid supervisor, Pid child, Duration timeout) {
        Objects.requireNonNull(child, "child");
        return call(supervisor, new SupervisorServer.TerminateChildPid(child), timeout);
    }

    public static void terminateChild(Pid supervisor, Pid child) {
        await(terminateChildAsync(supervisor, child, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /**
     * Restarts a terminated child from its kept spec. Completes with its pid (null if ignored).
     * Errors: RUNNING, RESTARTING, NOT_FOUND, SIMPLE_ONE_FOR_ONE, START_FAILED.
     */
    public static CompletionStage<Pid> restartChildAsync(Pid supervisor, String id, Duration timeout) {
        return call(supervisor, new SupervisorServer.RestartChild(id), timeout);
    }

    public static Pid restartChild(Pid supervisor, String id) {
        return await(restartChildAsync(supervisor, id, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /** Removes the spec of a terminated child. Errors: RUNNING, RESTARTING, NOT_FOUND, SIMPLE_ONE_FOR_ONE. */
    public static CompletionStage<Void> deleteChildAsync(Pid supervisor, String id, Duration timeout) {
        return call(supervisor, new SupervisorServer.DeleteChild(id), timeout);
    }

    public static void deleteChild(Pid supervisor, String id) {
        await(deleteChildAsync(supervisor, id, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /** {@code supervisor:which_children/1}, in start order. */
    public static CompletionStage<List<ChildInfo>> whichChildrenAsync(Pid supervisor, Duration timeout) {
        return call(supervisor, new SupervisorServer.WhichChildren(), timeout);
    }

    public static List<ChildInfo> whichChildren(Pid supervisor) {
        return await(whichChildrenAsync(supervisor, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /**
     * {@code supervisor:count_children/1}. For {@code simple_one_for_one}, {@code specs} is 1 (its
     * template) and its children count as supervisors or workers by the template's type.
     */
    public static CompletionStage<ChildCounts> countChildrenAsync(Pid supervisor, Duration timeout) {
        return call(supervisor, new SupervisorServer.CountChildren(), timeout);
    }

    public static ChildCounts countChildren(Pid supervisor) {
        return await(countChildrenAsync(supervisor, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /**
     * {@code supervisor:get_childspec/2} by id: the child's spec, as given (its defaults applied by its
     * accessors). For {@code simple_one_for_one}, the template's id gives the template. Error NOT_FOUND.
     */
    public static CompletionStage<ChildSpec> getChildSpecAsync(Pid supervisor, String id, Duration timeout) {
        return call(supervisor, new SupervisorServer.GetChildSpec(id), timeout);
    }

    public static ChildSpec getChildSpec(Pid supervisor, String id) {
        return await(getChildSpecAsync(supervisor, id, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /**
     * {@code supervisor:get_childspec/2} by pid, for a child of a {@code simple_one_for_one} supervisor:
     * its template (found as {@link #terminateChild(Pid, Pid)} finds a child: a pid that is not alive
     * counts as a child that terminated). Error NOT_FOUND, and always on other strategies (use the id).
     */
    public static CompletionStage<ChildSpec> getChildSpecAsync(Pid supervisor, Pid child, Duration timeout) {
        Objects.requireNonNull(child, "child");
        return call(supervisor, new SupervisorServer.GetChildSpecOfPid(child), timeout);
    }

    public static ChildSpec getChildSpec(Pid supervisor, Pid child) {
        return await(getChildSpecAsync(supervisor, child, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /** Flags, children, restart budget and recent events, for introspection. */
    public static CompletionStage<SupervisorReport> reportAsync(Pid supervisor, Duration timeout) {
        return call(supervisor, new SupervisorServer.Report(), timeout);
    }

    public static SupervisorReport report(Pid supervisor) {
        return await(reportAsync(supervisor, DEFAULT_TIMEOUT), DEFAULT_TIMEOUT);
    }

    /** True if {@code pid} is a Medic supervisor. */
    public static boolean isSupervisor(Pid pid) {
        return SupervisorServer.KIND.equals(pid.entry().kind());
    }

    // ------------------------------------------------------------------ plumbing

    private static <R> CompletionStage<R> call(Pid supervisor, SupervisorServer.Request request, Duration timeout) {
        Objects.requireNonNull(supervisor, "supervisor");
        if (!isSupervisor(supervisor)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("supervisor: bad value " + supervisor
                    + " (" + supervisor.entry().initialCall() + "), expected a Medic supervisor"));
        }
        // the supervisor answers errors by failing the call (From.fail), like OTP's {error, Reason}
        return GenServer.callAsync(supervisor, request, timeout);
    }

    private static <R> R await(CompletionStage<R> stage, Duration timeout) {
        return Medic.await(stage, "supervisor call", timeout);
    }
}
