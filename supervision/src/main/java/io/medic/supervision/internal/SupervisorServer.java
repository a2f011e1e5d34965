package io.medic.supervision.internal;

import akka.actor.Cancellable;
import akka.actor.typed.ActorRef;
import io.medic.runtime.AlreadyRegisteredException;
import io.medic.runtime.CrashReports;
import io.medic.runtime.Down;
import io.medic.runtime.ExitReason;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.InitResult;
import io.medic.runtime.Medic;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Spawned;
import io.medic.supervision.AutoShutdown;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.ChildStatus;
import io.medic.supervision.FailedToStartChild;
import io.medic.supervision.RestartBudget;
import io.medic.supervision.RestartType;
import io.medic.supervision.Shutdown;
import io.medic.supervision.Strategy;
import io.medic.supervision.SupervisorEvent;
import io.medic.supervision.SupervisorException;
import io.medic.supervision.SupervisorException.Error;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorReport;
import io.medic.supervision.SupervisorSpec;
import io.medic.supervision.internal.ChildTable.Child;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * INTERNAL API
 *
 * <p>The supervisor engine: a GenServer that traps its children's exits (through monitors) and applies
 * OTP's supervisor semantics ({@code supervisor.erl}).
 *
 * <p>Starting a child (spawn, then wait for its init ack) and stopping one (exit signal, then wait for
 * its {@code Down}, with a timeout and a kill) are asynchronous on Akka, so each supervisor operation
 * runs as a chain of continuations, resumed by the messages that complete its steps. Its
 * {@link SupervisorPhase} says where it is: only when {@link SupervisorPhase#IDLE idle} does it take
 * calls that change children, children's exits and exit signals; in any other phase they are postponed
 * and handled in arrival order once it is idle again — as Erlang's supervisor, which performs each
 * operation synchronously and leaves other messages in its mailbox. Queries (which_children,
 * count_children, get_childspec, report) are answered at once, in any phase. The children live in a
 * {@link ChildTable}.
 */
public final class SupervisorServer extends GenServer<SupervisorServer> {
    public static final String KIND = "supervisor";

    // ================================================================== requests (see io.medic.supervision.Supervisor)

    /** A client request. */
    public sealed interface Request permits Query, Change {
    }

    /** A request that only reads: answered at once, even while an operation is in progress. */
    public sealed interface Query extends Request
            permits WhichChildren, CountChildren, GetChildSpec, GetChildSpecOfPid, Report {
    }

    /** A request that changes the children: handled when the supervisor is idle, in arrival order. */
    public sealed interface Change extends Request
            permits StartChild, StartChildWithArgs, TerminateChild, TerminateChildPid, RestartChild, DeleteChild {
    }

    /** {@code start_child(Sup, ChildSpec)}. */
    public record StartChild(ChildSpec spec) implements Change {
        public StartChild {
            Objects.requireNonNull(spec, "spec");
        }
    }

    /** {@code start_child(Sup, ExtraArgs)} of a simple_one_for_one supervisor. */
    public record StartChildWithArgs(Args args) implements Change {
        public StartChildWithArgs {
            Objects.requireNonNull(args, "args");
        }
    }

    /** {@code terminate_child(Sup, Id)}. */
    public record TerminateChild(String id) implements Change {
    }

    /** {@code terminate_child(Sup, Pid)}. */
    public record TerminateChildPid(Pid pid) implements Change {
        public TerminateChildPid {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** {@code restart_child(Sup, Id)}. */
    public record RestartChild(String id) implements Change {
    }

    /** {@code delete_child(Sup, Id)}. */
    public record DeleteChild(String id) implements Change {
    }

    /** {@code which_children(Sup)}. */
    public record WhichChildren() implements Query {
    }

    /** {@code count_children(Sup)}. */
    public record CountChildren() implements Query {
    }

    /** {@code get_childspec(Sup, Id)}. */
    public record GetChildSpec(String id) implements Query {
    }

    /** {@code get_childspec(Sup, Pid)}. */
    public record GetChildSpecOfPid(Pid pid) implements Query {
        public GetChildSpecOfPid {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** The supervisor's report, for introspection. */
    public record Report() implements Query {
    }

    /**
     * The extra arguments of a {@code start_child}, handed over once: the supervisor takes them out of
     * the request, so that nothing that keeps the request afterwards (the runtime's record of an
     * answered call, a sys log) keeps the arguments too. That matters for temporary children, whose
     * arguments the supervisor must not keep (OTP: "do not save start parameters for temporary
     * children"). Its string form never shows the arguments.
     */
    public static final class Args {
        private List<Object> args;

        public Args(List<Object> args) {
            this.args = List.copyOf(args);
        }

        /** The arguments; the second call throws. Called on the supervisor's thread only. */
        List<Object> take() {
            List<Object> a = args;
            if (a == null) {
                throw new IllegalStateException("start_child arguments already taken");
            }
            args = null;
            return a;
        }

        @Override
        public String toString() {
            return args == null ? "Args(taken)" : "Args(" + args.size() + " arguments)";
        }
    }

    // ================================================================== internal messages

    private record InitDone(long token, InitResult result) {
    }

    /** The timer of a stop in progress; stale (ignored) once that stop has finished. */
    private record StopTimeout(PendingStop stop) {
    }

    private record TryAgain(Child child) {
    }

    private record PostponedCall(Change request, From from) {
    }

    private record PostponedExit(ExitReason reason) {
    }

    private static final String START_CHILDREN = "start_children";

    /** A stop in progress. */
    private static final class PendingStop {
        final Child child;
        final Pid pid;
        final Consumer<ExitReason> then;
        boolean killed;
        Cancellable timer;

        PendingStop(Child child, Consumer<ExitReason> then) {
            this.child = child;
            this.pid = child.pid();
            this.then = then;
        }
    }

    private final SupervisorSpec spec;
    private final SupervisorFlags flags;
    private final Strategy strategy;
    private final boolean simple;
    private final RestartWindow window;
    private final ChildTable table;
    private final ArrayDeque<SupervisorEvent> events = new ArrayDeque<>();
    private final ArrayDeque<Object> postponed = new ArrayDeque<>();
    private final Map<Long, Consumer<InitResult>> pendingStarts = new HashMap<>();
    private final Map<Pid, PendingStop> pendingStops = new HashMap<>();
    private long nextToken;
    private SupervisorPhase phase = SupervisorPhase.STARTING;
    /** How it ends, once its phase is terminal: its exit reason, or the reason its start failed. */
    private ExitReason endReason;
    private Duration killGrace;
    private ActorRef<Object> selfRef;
    private NodeSupervisionLog nodeLog;

    public SupervisorServer(SupervisorSpec spec) {
        this.spec = spec;
        this.flags = spec.flags();
        this.strategy = flags.strategy();
        this.simple = strategy == Strategy.SIMPLE_ONE_FOR_ONE;
        this.window = new RestartWindow(flags.intensity(), flags.period().toNanos());
        this.table = new ChildTable(simple ? spec.children().get(0) : null);
    }

    // ================================================================== callbacks

    @Override
    protected Init<SupervisorServer> init() {
        selfRef = context().getSelf();
        SupervisionSettings settings = SupervisionSettings.of(node());
        killGrace = settings.killGrace;
        nodeLog = NodeSupervisionLog.of(node());
        table.keepCrashes(settings.crashesPerChild, settings.crashesPerSupervisor);
        if (!simple) {
            for (ChildSpec s : spec.children()) {
                table.addStatic(s);
            }
        }
        // The start is acknowledged only once every child has started (or the start failed).
        return GenServer.<SupervisorServer>ok(this).thenContinue(START_CHILDREN).deferAck();
    }

    @Override
    protected Result<SupervisorServer> handleContinue(Object term, SupervisorServer self) {
        startInOrder(table.inStartOrder(), 0, false, failure -> {
            if (failure == null) {
                enter(SupervisorPhase.IDLE);
                ackInit();
                return;
            }
            // abort: stop what was started, newest first, then fail the start
            enter(SupervisorPhase.ABORTING);
            stopAll(table.runningNewestFirst(), () -> end(SupervisorPhase.START_FAILED,
                    ExitReason.shutdown(new FailedToStartChild(failure.child.id(), failure.reason))));
        });
        return next();
    }

    @Override
    protected Result<SupervisorServer> handleCall(Object request, From from, SupervisorServer self) {
        if (request instanceof Query q) {
            answer(q, from);
        } else if (request instanceof Change c) {
            if (phase.takesChanges()) {
                dispatch(c, from);
            } else {
                postponed.addLast(new PostponedCall(c, from));
            }
        } else {
            from.fail(new IllegalArgumentException("not a supervisor request: " + request.getClass().getName()));
        }
        return next();
    }

    @Override
    protected Result<SupervisorServer> handleInfo(Object message, SupervisorServer self) throws Exception {
        if (message instanceof InitDone d) {
            Consumer<InitResult> k = pendingStarts.remove(d.token());
            if (k != null) {
                k.accept(d.result());
            }
        } else if (message instanceof Down d) {
            onDown(d);
        } else if (message instanceof StopTimeout t) {
            onStopTimeout(t.stop());
        } else if (message instanceof TryAgain t) {
            if (phase.takesChanges()) {
                tryAgain(t.child());
            } else {
                postponed.addLast(t);
            }
        } else {
            return super.handleInfo(message, self);
        }
        return next();
    }

    @Override
    protected Result<SupervisorServer> handleExit(ExitReason reason, Pid from, SupervisorServer self) {
        switch (phase) {
            case IDLE -> shutdown(reason);
            case STARTING, BUSY -> postponed.addLast(new PostponedExit(reason));
            default -> {
                // already on its way out
            }
        }
        return next();
    }

    @Override
    protected Object formatStatus(SupervisorServer self) {
        return report();
    }

    @Override
    protected Object stateSnapshot(SupervisorServer self) {
        return report();
    }

    @Override
    protected String processKind() {
        return KIND;
    }

    // ================================================================== after every message

    /** Handles postponed messages once idle, and turns a decided end into the callback's result. */
    private Result<SupervisorServer> next() {
        while (phase.takesChanges() && !postponed.isEmpty()) {
            Object m = postponed.pollFirst();
            if (m instanceof PostponedCall c) {
                dispatch(c.request(), c.from());
            } else if (m instanceof Down d) {
                onDown(d);
            } else if (m instanceof TryAgain t) {
                tryAgain(t.child());
            } else if (m instanceof PostponedExit e) {
                shutdown(e.reason());
            }
        }
        if (phase == SupervisorPhase.START_FAILED) {
            return abortInit(endReason);
        }
        if (phase == SupervisorPhase.EXITING) {
            // postponed calls are still pending: the runtime fails them with this exit once stopped
            return stop(endReason, this);
        }
        return noreply(this);
    }

    private void enter(SupervisorPhase to) {
        phase = phase.to(to, self());
    }

    private void end(SupervisorPhase terminal, ExitReason reason) {
        endReason = reason;
        enter(terminal);
    }

    // ================================================================== children exits and restarts

    private void onDown(Down d) {
        PendingStop stop = pendingStops.get(d.pid());
        if (stop != null) {
            finishStop(stop, d.reason());
            return;
        }
        Child c = table.running(d.pid());
        if (c == null) {
            return; // a child that failed its init, or was abandoned: already accounted for
        }
        if (!phase.takesChanges()) {
            postponed.addLast(d);
            return;
        }
        childExited(c, d.pid(), d.reason());
    }

    /** {@code do_restart}: a child exited on its own (a crash, if the reason is abnormal). */
    private void childExited(Child c, Pid pid, ExitReason reason) {
        if (reason.isAbnormal()) {
            crashed(c, pid, reason);
        } else {
            terminated(c, reason);
        }
        if (needsRestart(c.spec().restart(), reason)) {
            restart(c);
            return;
        }
        table.release(c);
        autoShutdown(c, pid);
    }

    private static boolean needsRestart(RestartType type, ExitReason reason) {
        return switch (type) {
            case PERMANENT -> true;
            case TRANSIENT -> reason.isAbnormal();
            case TEMPORARY -> false;
        };
    }

    /**
     * {@code do_auto_shutdown}: a significant child exited by itself and will not be restarted. Exits of
     * children the supervisor stopped (terminate_child, the bystanders of a group restart) never get here.
     */
    private void autoShutdown(Child c, Pid pid) {
        AutoShutdown mode = flags.autoShutdown();
        if (mode == AutoShutdown.NEVER || !c.significant()) {
            return;
        }
        if (mode == AutoShutdown.ALL_SIGNIFICANT && table.anySignificantLeft()) {
            return;
        }
        event(new SupervisorEvent.AutoShutdownTriggered(now(), c.id(), pid, mode));
        log().info("supervisor {}: significant child '{}' ({}) exited; auto_shutdown {}: shutting down",
                self(), c.id(), pid, mode);
        shutdown(ExitReason.SHUTDOWN);
    }

    /** {@code restart/2} after a termination: counts against the intensity, then applies the strategy. */
    private void restart(Child failed) {
        long nanos = flags.ticker().nanos();
        if (!window.add(nanos)) {
            event(new SupervisorEvent.IntensityReached(now(), window.used(nanos), flags.intensity(), flags.period()));
            log().error("supervisor {}: reached max restart intensity (more than {} restarts within {}), shutting down",
                    self(), flags.intensity(), flags.period());
            shutdown(ExitReason.SHUTDOWN);
            return;
        }
        table.restarting(failed);
        enter(SupervisorPhase.BUSY);
        switch (strategy) {
            case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> restartGroup(failed, List.of(failed));
            case ONE_FOR_ALL -> restartGroup(failed, table.inStartOrder());
            case REST_FOR_ONE -> restartGroup(failed, table.fromChild(failed));
        }
    }

    /**
     * Restarts {@code failed} with its group (one_for_one: itself alone; one_for_all: all children;
     * rest_for_one: it and those after it): stop the group's running members newest first (the failed
     * child has no pid any more), then start the group in order.
     */
    private void restartGroup(Child failed, List<Child> group) {
        stopAll(ChildTable.runningNewestFirst(group), () -> {
            List<Child> toStart = table.toRestart(group, failed);
            startInOrder(toStart, 0, true, failure -> {
                enter(SupervisorPhase.IDLE);
                if (failure != null) {
                    table.groupRestartFailedAt(toStart, failure.child);
                    // OTP retries (counting against the intensity) via a message to itself
                    selfRef.tell(new TryAgain(failure.child));
                }
            });
        });
    }

    private void tryAgain(Child c) {
        // not restarting any more (terminate_child cancelled the retry): nothing to do, as in OTP
        if (!table.contains(c) || c.running() || c.status() != ChildStatus.RESTARTING) {
            return;
        }
        restart(c);
    }

    // ================================================================== starting

    private record Failure(Child child, ExitReason reason) {
    }

    /** The child's registered name is held by {@code pid}: OTP's {@code {already_started, Pid}}. */
    private record AlreadyStarted(Pid pid) {
        @Override
        public String toString() {
            return "{already_started, " + pid + "}";
        }
    }

    /**
     * Starts {@code list[i..]} one after the other, each only after the previous one's init finished;
     * calls {@code then} with null when all are up, or with the first failure (the rest not started).
     * Ignored children: temporary ones (and simple_one_for_one ones) are dropped, others kept undefined.
     */
    private void startInOrder(List<Child> list, int i, boolean restarting, Consumer<Failure> then) {
        if (i >= list.size()) {
            then.accept(null);
            return;
        }
        Child c = list.get(i);
        if (restarting) {
            table.countRestart(c);
        }
        startChild(c, result -> {
            if (result instanceof InitResult.Failed f) {
                then.accept(new Failure(c, f.reason()));
                return;
            }
            if (result instanceof InitResult.Ignored) {
                table.release(c);
            }
            startInOrder(list, i + 1, restarting, then);
        });
    }

    /**
     * Spawns one incarnation and waits for its init; {@code then} gets the outcome. The start function is
     * user code: whatever it throws, an {@link java.lang.Error} included, is a failed start with that
     * throwable as its reason (a fatal {@link VirtualMachineError} is passed on afterwards).
     */
    private void startChild(Child c, Consumer<InitResult> then) {
        SpawnOptions options = SpawnOptions.DEFAULT.withRestarts(c.restarts()).withMailbox(c.spec().mailbox());
        if (c.spec().name().isPresent()) {
            options = options.withName(c.spec().name().get());
        }
        Spawned<?> spawned;
        try {
            spawned = c.spec().start().start(context(), options, c.args());
            if (spawned == null) {
                throw new IllegalStateException("the start function of child '" + c.id() + "' returned null");
            }
        } catch (Throwable t) {
            ExitReason reason = t instanceof AlreadyRegisteredException a
                    ? ExitReason.custom(new AlreadyStarted(a.holder())) : ExitReason.exception(t);
            startFailed(c, reason);
            then.accept(new InitResult.Failed(reason));
            rethrowIfFatal(t);
            return;
        }
        Pid pid = spawned.pid();
        long token = nextToken++;
        // The init ack must reach us before the child's Down, as start_link's ack comes before the EXIT:
        // ask for the ack first, then monitor. (Monitoring first lost the exit of a child that died right
        // after its ack: its Down came first, was ignored as unknown, and the dead pid stayed RUNNING.)
        ActorRef<Object> me = selfRef;
        spawned.initialized().thenAccept(result -> me.tell(new InitDone(token, result)));
        MonitorRef monitor = Medic.monitor(self(), pid);
        pendingStarts.put(token, result -> {
            if (result instanceof InitResult.Started) {
                table.started(c, pid, monitor);
                event(new SupervisorEvent.ChildStarted(now(), c.id(), pid, c.restarts()));
            } else {
                monitor.demonitor();
                table.notRunning(c);
                if (result instanceof InitResult.Failed f) {
                    startFailed(c, f.reason());
                }
            }
            then.accept(result);
        });
    }

    private void startFailed(Child c, ExitReason reason) {
        table.notRunning(c);
        event(new SupervisorEvent.StartError(now(), c.id(), reason));
        log().error("supervisor {}: child '{}' failed to start: {}", self(), c.id(), reason);
    }

    /** As the runtime does for callbacks: the JVM's fatal errors go on to Akka (a stack overflow does not). */
    private static void rethrowIfFatal(Throwable t) {
        if (t instanceof VirtualMachineError e && !(t instanceof StackOverflowError)) {
            throw e;
        }
    }

    // ================================================================== stopping

    /** Stops the children one after the other, in the given order. */
    private void stopAll(List<Child> ordered, Runnable then) {
        stopFrom(ordered, 0, then);
    }

    private void stopFrom(List<Child> ordered, int i, Runnable then) {
        if (i >= ordered.size()) {
            then.run();
            return;
        }
        stopChild(ordered.get(i), reason -> stopFrom(ordered, i + 1, then));
    }

    /** Stops all the children at once (simple_one_for_one) and continues when the last has stopped. */
    private void stopAllInParallel(List<Child> all, Runnable then) {
        if (all.isEmpty()) {
            then.run();
            return;
        }
        int[] left = {all.size()};
        for (Child c : all) {
            stopChild(c, reason -> {
                if (--left[0] == 0) {
                    then.run();
                }
            });
        }
    }

    /**
     * Stops one child as its shutdown says: brutal kill out of band; otherwise an exit signal in order
     * (its terminate runs), then a kill after the timeout. A child still not down {@code kill-grace}
     * after the kill is stuck in a handler: it is abandoned (reported, name released) and we go on.
     */
    private void stopChild(Child c, Consumer<ExitReason> then) {
        Pid pid = c.pid();
        if (pid == null) {
            then.accept(null);
            return;
        }
        if (!pid.isAlive()) {
            // its Down is on its way; do not wait for it
            ExitReason r = pid.exitReason().orElse(ExitReason.KILLED);
            terminated(c, r);
            then.accept(r);
            return;
        }
        PendingStop stop = new PendingStop(c, then);
        pendingStops.put(pid, stop);
        Shutdown shutdown = c.spec().shutdown();
        switch (shutdown.kind()) {
            case BRUTAL_KILL -> kill(stop);
            case TIMEOUT -> {
                Medic.exit(self(), pid, ExitReason.SHUTDOWN);
                stop.timer = sendAfter(shutdown.timeoutDuration().orElseThrow(), new StopTimeout(stop));
            }
            case INFINITY -> Medic.exit(self(), pid, ExitReason.SHUTDOWN);
        }
    }

    private void kill(PendingStop stop) {
        stop.killed = true;
        Medic.exit(self(), stop.pid, ExitReason.KILLED);
        stop.timer = sendAfter(killGrace, new StopTimeout(stop));
    }

    private void onStopTimeout(PendingStop stop) {
        if (pendingStops.get(stop.pid) != stop) {
            return; // finished before its timer fired
        }
        if (!stop.killed) {
            event(new SupervisorEvent.ShutdownError(now(), stop.child.id(), stop.pid,
                    "did not stop within its shutdown timeout of " + stop.child.spec().shutdown() + ": killed"));
            kill(stop);
            return;
        }
        // killed, and still not down: stuck inside a handler, which the JVM cannot pre-empt
        event(new SupervisorEvent.ShutdownError(now(), stop.child.id(), stop.pid,
                "still inside a handler " + killGrace.toMillis() + " ms after being killed: abandoned"
                        + " (it stops when its handler returns)"));
        log().error("supervisor {}: child '{}' ({}) is stuck in a handler and did not stop when killed; abandoned",
                self(), stop.child.id(), stop.pid);
        // release its name, so its replacement can register it (only if it still holds it)
        stop.pid.entry().registeredName().ifPresent(name -> node().registry().unregister(name, stop.pid));
        finishStop(stop, ExitReason.KILLED);
    }

    private void finishStop(PendingStop stop, ExitReason reason) {
        pendingStops.remove(stop.pid);
        if (stop.timer != null) {
            stop.timer.cancel();
        }
        if (stop.pid.equals(stop.child.pid())) {
            terminated(stop.child, reason);
        }
        stop.then.accept(reason);
    }

    /** Orderly shutdown of the whole supervisor: children newest first (all at once for simple_one_for_one). */
    private void shutdown(ExitReason reason) {
        enter(SupervisorPhase.SHUTTING_DOWN);
        Runnable done = () -> end(SupervisorPhase.EXITING, reason);
        if (simple) {
            stopAllInParallel(table.running(), done);
        } else {
            stopAll(table.runningNewestFirst(), done);
        }
    }

    // ================================================================== client calls

    private void dispatch(Change request, From from) {
        try {
            if (request instanceof StartChild r) {
                startChildCall(r.spec(), from);
            } else if (request instanceof StartChildWithArgs r) {
                startChildArgs(r.args().take(), from);
            } else if (request instanceof TerminateChild r) {
                terminateById(r.id(), from);
            } else if (request instanceof TerminateChildPid r) {
                terminateByPid(r.pid(), from);
            } else if (request instanceof RestartChild r) {
                restartChildCall(r.id(), from);
            } else if (request instanceof DeleteChild r) {
                deleteChild(r.id(), from);
            }
        } catch (SupervisorException e) {
            from.fail(e);
        }
    }

    private void answer(Query query, From from) {
        try {
            if (query instanceof WhichChildren) {
                from.reply(table.which());
            } else if (query instanceof CountChildren) {
                from.reply(table.counts());
            } else if (query instanceof GetChildSpec q) {
                from.reply(childSpec(q.id()));
            } else if (query instanceof GetChildSpecOfPid q) {
                from.reply(childSpec(q.pid()));
            } else if (query instanceof Report) {
                from.reply(report());
            }
        } catch (SupervisorException e) {
            from.fail(e);
        }
    }

    private void startChildCall(ChildSpec s, From from) {
        if (simple) {
            throw error(Error.SIMPLE_ONE_FOR_ONE, "start_child with a child spec is not available on simple_one_for_one"
                    + " supervisor " + self() + ": call startChild(supervisor, args)");
        }
        List<String> errors = s.check(flags.autoShutdown());
        if (!errors.isEmpty()) {
            throw error(Error.INVALID_SPEC, "invalid child spec: " + String.join("; ", errors));
        }
        Child existing = table.byId(s.id());
        if (existing != null) {
            if (existing.running()) {
                throw new SupervisorException(Error.ALREADY_STARTED, "child '" + s.id() + "' is already started as "
                        + existing.pid() + " under " + self(), existing.pid(), null);
            }
            throw error(Error.ALREADY_PRESENT, "child '" + s.id() + "' is already present under " + self()
                    + " (not running): restart or delete it");
        }
        startDynamic(table.addStatic(s), from, true);
    }

    private void startChildArgs(List<Object> args, From from) {
        if (!simple) {
            throw error(Error.INVALID_SPEC, "start_child with arguments needs a simple_one_for_one supervisor; " + self()
                    + " is " + strategy + ": give a ChildSpec");
        }
        startDynamic(table.addDynamic(args), from, true);
    }

    /** Starts a child on request and replies with its pid, null (ignored) or the failure. */
    private void startDynamic(Child c, From from, boolean removeOnFailure) {
        enter(SupervisorPhase.BUSY);
        startChild(c, result -> {
            enter(SupervisorPhase.IDLE);
            if (result instanceof InitResult.Started s) {
                from.reply(s.pid());
            } else if (result instanceof InitResult.Ignored) {
                table.release(c);
                from.reply(null);
            } else {
                ExitReason reason = ((InitResult.Failed) result).reason();
                if (removeOnFailure) {
                    table.remove(c);
                }
                if (reason instanceof ExitReason.Custom custom && custom.reason() instanceof AlreadyStarted a) {
                    // OTP's handle_start_child passes {error, {already_started, Pid}} on as it is
                    from.fail(new SupervisorException(Error.ALREADY_STARTED, "child '" + c.id()
                            + "' is already started as " + a.pid() + ": its name '" + c.spec().name().orElse("?")
                            + "' is registered to that process", a.pid(), reason));
                    return;
                }
                from.fail(new SupervisorException(Error.START_FAILED, "child '" + c.id() + "' failed to start: "
                        + reason, null, reason));
            }
        });
    }

    private void terminateById(String id, From from) {
        if (simple) {
            throw error(Error.SIMPLE_ONE_FOR_ONE, "terminate_child by id is not available on simple_one_for_one"
                    + " supervisor " + self() + ": terminate its children by pid");
        }
        Child c = table.byId(id);
        if (c == null) {
            throw notFound(id);
        }
        terminate(c, from);
    }

    /**
     * OTP's {@code find_child} by pid, for simple_one_for_one only: a running child, or one whose restart
     * failed, found by the pid it had; a pid that is not alive is a child that terminated already.
     */
    private void terminateByPid(Pid pid, From from) {
        if (!simple) {
            throw notFoundByPid(pid);
        }
        Child c = table.byPid(pid);
        if (c == null && !pid.isAlive()) {
            from.reply(null);
            return;
        }
        if (c == null) {
            throw notFoundByPid(pid);
        }
        terminate(c, from);
    }

    private void terminate(Child c, From from) {
        if (!c.running()) {
            table.notRunning(c); // cancels a pending retry of a failed restart
        }
        enter(SupervisorPhase.BUSY); // stopChild answers at once for a child that is not running
        stopChild(c, reason -> {
            enter(SupervisorPhase.IDLE);
            table.release(c);
            from.reply(null);
        });
    }

    private void restartChildCall(String id, From from) {
        Child c = requireStopped(id, "restart_child", "restarting");
        table.countRestart(c);
        startDynamic(c, from, false);
    }

    private void deleteChild(String id, From from) {
        Child c = requireStopped(id, "delete_child", "deleting");
        table.remove(c);
        from.reply(null);
    }

    /** A static child that is neither running nor being restarted ({@code running} / {@code restarting} errors). */
    private Child requireStopped(String id, String what, String verb) {
        Child c = requireStatic(id, what);
        if (c.running()) {
            throw new SupervisorException(Error.RUNNING, "child '" + id + "' is running as " + c.pid()
                    + ": terminate it before " + verb + " it", c.pid(), null);
        }
        if (c.status() == ChildStatus.RESTARTING) {
            throw error(Error.RESTARTING, "child '" + id + "' is being restarted by " + self());
        }
        return c;
    }

    private Child requireStatic(String id, String what) {
        if (simple) {
            throw error(Error.SIMPLE_ONE_FOR_ONE, what + " is not available on simple_one_for_one supervisor " + self());
        }
        Child c = table.byId(id);
        if (c == null) {
            throw notFound(id);
        }
        return c;
    }

    /** {@code get_childspec(Sup, Id)}: for simple_one_for_one, the template's id names the template. */
    private ChildSpec childSpec(String id) {
        if (simple) {
            if (table.template().id().equals(id)) {
                return table.template();
            }
            throw notFound(id);
        }
        Child c = table.byId(id);
        if (c == null) {
            throw notFound(id);
        }
        return c.spec();
    }

    /** {@code get_childspec(Sup, Pid)}: the template, for a child of a simple_one_for_one supervisor. */
    private ChildSpec childSpec(Pid pid) {
        if (!simple || (table.byPid(pid) == null && pid.isAlive())) {
            throw notFoundByPid(pid);
        }
        return table.template();
    }

    private SupervisorException notFound(String id) {
        return error(Error.NOT_FOUND, "no child with id '" + id + "' under supervisor " + self());
    }

    /** Not found by pid; on a static supervisor, a hint names the id when the pid is one of its children. */
    private SupervisorException notFoundByPid(Pid pid) {
        Child own = simple ? null : table.running(pid);
        return error(Error.NOT_FOUND, "no child with pid " + pid + " under supervisor " + self()
                + (own == null ? "" : ": children of a " + strategy + " supervisor are found by id ('" + own.id() + "')"));
    }

    private static SupervisorException error(Error error, String message) {
        return new SupervisorException(error, message, null, null);
    }

    // ================================================================== views and bookkeeping

    private SupervisorReport report() {
        RestartBudget budget = new RestartBudget(window.used(flags.ticker().nanos()), flags.intensity(), flags.period());
        return new SupervisorReport(self(), strategy, flags.intensity(), flags.period(), table.which(), budget,
                List.copyOf(events));
    }

    /** The running child is gone: recorded as an event, and its pid forgotten. */
    private void terminated(Child c, ExitReason reason) {
        event(new SupervisorEvent.ChildTerminated(now(), c.id(), c.pid(), reason));
        table.terminated(c);
    }

    /**
     * The running child crashed (OTP's {@code child_terminated} report): recorded as an event and in the
     * child's crash history, with the crash report it wrote as it stopped (written before its Down was
     * sent: it is there), and its pid forgotten.
     */
    private void crashed(Child c, Pid pid, ExitReason reason) {
        SupervisorEvent.ChildCrashed e = new SupervisorEvent.ChildCrashed(now(), c.id(), pid, reason, c.restarts(),
                CrashReports.of(node()).of(pid).orElse(null));
        event(e);
        table.crashed(c, e);
        table.terminated(c);
    }

    /** The time of an event, from the injected ticker (tests with a fake one get exact times). */
    private Instant now() {
        return flags.ticker().instant();
    }

    private void event(SupervisorEvent e) {
        if (events.size() >= flags.eventHistory()) {
            events.pollFirst();
        }
        events.addLast(e);
        nodeLog.add(self(), self().entry().registeredName().orElse(null), e);
        SupervisorJfr.record(self(), e);
    }

    private org.slf4j.Logger log() {
        return context().getLog();
    }

    @Override
    public String toString() {
        return "Supervisor(" + strategy + ", " + table.size() + " children)";
    }
}
