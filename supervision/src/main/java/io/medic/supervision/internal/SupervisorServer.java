package io.medic.supervision.internal;

import akka.actor.Cancellable;
import akka.actor.typed.ActorRef;
import io.medic.runtime.AlreadyRegisteredException;
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
import io.medic.supervision.ChildCounts;
import io.medic.supervision.ChildInfo;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.ChildStatus;
import io.medic.supervision.ChildType;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * INTERNAL API
 *
 * <p>The supervisor engine: a GenServer that traps its children's exits (through monitors) and applies
 * OTP's supervisor semantics ({@code supervisor.erl}).
 *
 * <p>Starting a child (spawn, then wait for its init ack) and stopping one (exit signal, then wait for
 * its {@code Down}, with a timeout and a kill) are asynchronous on Akka, so each supervisor operation
 * runs as a chain of continuations, resumed by the messages that complete its steps. While an operation
 * runs the supervisor is <em>busy</em>: calls that change children, children's exits and exit signals
 * are postponed and handled in arrival order once it is done — as Erlang's supervisor, which performs
 * each operation synchronously and leaves other messages in its mailbox. Read-only calls
 * (which_children, count_children, report) are answered at once, even while busy.
 */
public final class SupervisorServer extends GenServer<SupervisorServer> {
    public static final String KIND = "supervisor";

    /** The client operations (see {@link io.medic.supervision.Supervisor}). */
    public enum Op {
        START_CHILD, START_CHILD_ARGS, TERMINATE_CHILD, TERMINATE_CHILD_PID, RESTART_CHILD, DELETE_CHILD,
        WHICH_CHILDREN, COUNT_CHILDREN, REPORT
    }

    /** A client call. */
    public record Request(Op op, Object arg, Pid pid) {
    }

    // ------------------------------------------------------------------ internal messages
    private record InitDone(long token, InitResult result) {
    }

    /** The timer of a stop in progress; stale (ignored) once that stop has finished. */
    private record StopTimeout(PendingStop stop) {
    }

    private record TryAgain(Child child) {
    }

    private record PostponedCall(Request request, From from) {
    }

    private record PostponedExit(ExitReason reason) {
    }

    private static final String START_CHILDREN = "start_children";

    /** A child as the supervisor tracks it. */
    static final class Child {
        final ChildSpec spec;
        final List<Object> args;
        Pid pid;
        MonitorRef monitor;
        ChildStatus status = ChildStatus.UNDEFINED;
        int restarts;

        Child(ChildSpec spec, List<Object> args) {
            this.spec = spec;
            this.args = args;
        }

        String id() {
            return spec.id();
        }

        boolean temporary() {
            return spec.restart() == RestartType.TEMPORARY;
        }

        ChildInfo info() {
            return new ChildInfo(spec.id(), pid, status, spec.type(), spec.restart(), spec.shutdown(), restarts);
        }
    }

    /** A stop in progress. */
    private final class PendingStop {
        final Child child;
        final Pid pid;
        final Consumer<ExitReason> then;
        boolean killed;
        Cancellable timer;

        PendingStop(Child child, Consumer<ExitReason> then) {
            this.child = child;
            this.pid = child.pid;
            this.then = then;
        }
    }

    private final SupervisorSpec spec;
    private final SupervisorFlags flags;
    private final Strategy strategy;
    private final boolean simple;
    private final RestartWindow window;
    /** Children in start order (for simple_one_for_one: the dynamic children). */
    private final LinkedHashSet<Child> children = new LinkedHashSet<>();
    private final Map<String, Child> byId = new HashMap<>();
    private final Map<Pid, Child> byPid = new HashMap<>();
    private final ArrayDeque<SupervisorEvent> events = new ArrayDeque<>();
    private final ArrayDeque<Object> postponed = new ArrayDeque<>();
    private final Map<Long, Consumer<InitResult>> pendingStarts = new HashMap<>();
    private final Map<Pid, PendingStop> pendingStops = new HashMap<>();
    private long nextToken;
    private boolean busy;
    private boolean shuttingDown;
    private ExitReason exitWith;
    private ExitReason abortWith;
    private Duration killGrace;
    private ActorRef<Object> selfRef;

    public SupervisorServer(SupervisorSpec spec) {
        this.spec = spec;
        this.flags = spec.flags();
        this.strategy = flags.strategy();
        this.simple = strategy == Strategy.SIMPLE_ONE_FOR_ONE;
        this.window = new RestartWindow(flags.intensity(), flags.period().toNanos());
    }

    // ================================================================== callbacks

    @Override
    protected Init<SupervisorServer> init() {
        selfRef = context().getSelf();
        killGrace = SupervisionSettings.of(node()).killGrace;
        if (!simple) {
            for (ChildSpec s : spec.children()) {
                Child c = new Child(s, List.of());
                children.add(c);
                byId.put(s.id(), c);
            }
        }
        // The start is acknowledged only once every child has started (or the start failed).
        return GenServer.<SupervisorServer>ok(this).thenContinue(START_CHILDREN).deferAck();
    }

    @Override
    protected Result<SupervisorServer> handleContinue(Object term, SupervisorServer self) {
        busy = true;
        startInOrder(new ArrayList<>(children), 0, false, failure -> {
            if (failure == null) {
                busy = false;
                ackInit();
                return;
            }
            // abort: stop what was started, newest first, then fail the start
            stopAll(reverse(running()), () -> abortWith = ExitReason.shutdown(
                    new FailedToStartChild(failure.child.id(), failure.reason)));
        });
        return next();
    }

    @Override
    protected Result<SupervisorServer> handleCall(Object request, From from, SupervisorServer self) {
        if (!(request instanceof Request r)) {
            from.fail(new IllegalArgumentException("not a supervisor request: " + request.getClass().getName()));
            return noreply(this);
        }
        switch (r.op()) {
            case WHICH_CHILDREN:
                from.reply(whichChildren());
                return next();
            case COUNT_CHILDREN:
                from.reply(countChildren());
                return next();
            case REPORT:
                from.reply(report());
                return next();
            default:
                break;
        }
        if (busy || shuttingDown) {
            postponed.addLast(new PostponedCall(r, from));
            return noreply(this);
        }
        dispatchCall(r, from);
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
            if (busy) {
                postponed.addLast(t);
            } else {
                tryAgain(t.child());
            }
        } else {
            return super.handleInfo(message, self);
        }
        return next();
    }

    @Override
    protected Result<SupervisorServer> handleExit(ExitReason reason, Pid from, SupervisorServer self) {
        if (shuttingDown) {
            return noreply(this);
        }
        if (busy) {
            postponed.addLast(new PostponedExit(reason));
            return noreply(this);
        }
        shutdown(reason);
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

    /** Handles postponed messages once idle, and turns a decided exit into the callback's result. */
    private Result<SupervisorServer> next() {
        while (!busy && !shuttingDown && exitWith == null && abortWith == null && !postponed.isEmpty()) {
            Object m = postponed.pollFirst();
            if (m instanceof PostponedCall c) {
                dispatchCall(c.request(), c.from());
            } else if (m instanceof Down d) {
                onDown(d);
            } else if (m instanceof TryAgain t) {
                tryAgain(t.child());
            } else if (m instanceof PostponedExit e) {
                shutdown(e.reason());
            }
        }
        if (abortWith != null) {
            return abortInit(abortWith);
        }
        if (exitWith != null) {
            // postponed calls are still pending: the runtime fails them with this exit once stopped
            return stop(exitWith, this);
        }
        return noreply(this);
    }

    // ================================================================== children exits and restarts

    private void onDown(Down d) {
        PendingStop stop = pendingStops.get(d.pid());
        if (stop != null) {
            finishStop(stop, d.reason());
            return;
        }
        Child c = byPid.get(d.pid());
        if (c == null) {
            return; // a child that failed its init, or was abandoned: already accounted for
        }
        if (busy || shuttingDown) {
            postponed.addLast(d);
            return;
        }
        childExited(c, d.reason());
    }

    private void childExited(Child c, ExitReason reason) {
        terminated(c, reason);
        if (!needsRestart(c.spec.restart(), reason)) {
            dropIfNotKept(c);
            return;
        }
        restart(c);
    }

    private static boolean needsRestart(RestartType type, ExitReason reason) {
        return switch (type) {
            case PERMANENT -> true;
            case TRANSIENT -> reason.isAbnormal();
            case TEMPORARY -> false;
        };
    }

    /** {@code restart_child} after a termination: counts against the intensity, then applies the strategy. */
    private void restart(Child failed) {
        long now = flags.ticker().nanos();
        if (!window.add(now)) {
            event(new SupervisorEvent.IntensityReached(Instant.now(), window.used(now), flags.intensity(), flags.period()));
            log().error("supervisor {}: reached max restart intensity (more than {} restarts within {}), shutting down",
                    self(), flags.intensity(), flags.period());
            shutdown(ExitReason.SHUTDOWN);
            return;
        }
        failed.status = ChildStatus.RESTARTING;
        busy = true;
        switch (strategy) {
            case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> restartGroup(failed, List.of(failed));
            case ONE_FOR_ALL -> restartGroup(failed, new ArrayList<>(children));
            case REST_FOR_ONE -> restartGroup(failed, from(failed));
        }
    }

    /**
     * Restarts {@code failed} with its group (one_for_one: itself alone; one_for_all: all children;
     * rest_for_one: it and those after it): stop the group's running members newest first (the failed
     * child has no pid any more), then start the group in order.
     */
    private void restartGroup(Child failed, List<Child> group) {
        stopAll(reverse(running(group)), () -> {
            List<Child> toStart = new ArrayList<>();
            for (Child c : group) {
                if (c.temporary() && c != failed) {
                    remove(c); // temporary bystanders are not restarted
                } else if (children.contains(c)) {
                    c.status = ChildStatus.RESTARTING;
                    toStart.add(c);
                }
            }
            startInOrder(toStart, 0, true, failure -> {
                busy = false;
                if (failure != null) {
                    // only the child that failed is restarting; those after it were not started (undefined)
                    for (Child c : toStart) {
                        if (c.pid == null && c != failure.child) {
                            c.status = ChildStatus.UNDEFINED;
                        }
                    }
                    restartFailed(failure.child, failure.reason);
                }
            });
        });
    }

    /** A restart attempt failed: OTP retries (counting against the intensity) via a message to itself. */
    private void restartFailed(Child c, ExitReason reason) {
        c.status = ChildStatus.RESTARTING;
        selfRef.tell(new TryAgain(c));
    }

    private void tryAgain(Child c) {
        // not restarting any more (terminate_child cancelled the retry): nothing to do, as in OTP
        if (!children.contains(c) || c.pid != null || c.status != ChildStatus.RESTARTING || shuttingDown) {
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
            c.restarts++;
        }
        startChild(c, result -> {
            if (result instanceof InitResult.Failed f) {
                then.accept(new Failure(c, f.reason()));
                return;
            }
            if (result instanceof InitResult.Ignored) {
                dropIfNotKept(c);
            }
            startInOrder(list, i + 1, restarting, then);
        });
    }

    /**
     * A child that is not running and will not be restarted (it exited for good, was terminated, or
     * its init answered ignore): a temporary (or simple_one_for_one) one is dropped, others kept.
     */
    private void dropIfNotKept(Child c) {
        if (c.temporary() || simple) {
            remove(c);
        }
    }

    /** Spawns one incarnation and waits for its init; {@code then} gets the outcome. */
    private void startChild(Child c, Consumer<InitResult> then) {
        SpawnOptions options = SpawnOptions.DEFAULT.withRestarts(c.restarts);
        if (c.spec.name().isPresent()) {
            options = options.withName(c.spec.name().get());
        }
        Spawned<?> spawned;
        try {
            spawned = c.spec.start().start(context(), options, c.args);
            if (spawned == null) {
                throw new IllegalStateException("the start function of child '" + c.id() + "' returned null");
            }
        } catch (RuntimeException e) {
            ExitReason reason = e instanceof AlreadyRegisteredException a
                    ? ExitReason.custom(new AlreadyStarted(a.holder())) : ExitReason.exception(e);
            startFailed(c, reason);
            then.accept(new InitResult.Failed(reason));
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
                c.pid = pid;
                c.monitor = monitor;
                c.status = ChildStatus.RUNNING;
                byPid.put(pid, c);
                event(new SupervisorEvent.ChildStarted(Instant.now(), c.id(), pid, c.restarts));
            } else {
                monitor.demonitor();
                c.status = ChildStatus.UNDEFINED;
                if (result instanceof InitResult.Failed f) {
                    startFailed(c, f.reason());
                }
            }
            then.accept(result);
        });
    }

    private void startFailed(Child c, ExitReason reason) {
        c.status = ChildStatus.UNDEFINED;
        event(new SupervisorEvent.StartError(Instant.now(), c.id(), reason));
        log().error("supervisor {}: child '{}' failed to start: {}", self(), c.id(), reason);
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
        if (c.pid == null) {
            then.accept(null);
            return;
        }
        if (!c.pid.isAlive()) {
            // its Down is on its way; do not wait for it
            ExitReason r = c.pid.exitReason().orElse(ExitReason.KILLED);
            terminated(c, r);
            then.accept(r);
            return;
        }
        PendingStop stop = new PendingStop(c, then);
        pendingStops.put(stop.pid, stop);
        Shutdown shutdown = c.spec.shutdown();
        switch (shutdown.kind()) {
            case BRUTAL_KILL -> kill(stop);
            case TIMEOUT -> {
                Medic.exit(self(), stop.pid, ExitReason.SHUTDOWN);
                stop.timer = sendAfter(shutdown.timeoutDuration().orElseThrow(), new StopTimeout(stop));
            }
            case INFINITY -> Medic.exit(self(), stop.pid, ExitReason.SHUTDOWN);
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
            event(new SupervisorEvent.ShutdownError(Instant.now(), stop.child.id(), stop.pid,
                    "did not stop within its shutdown timeout of " + stop.child.spec.shutdown() + ": killed"));
            kill(stop);
            return;
        }
        // killed, and still not down: stuck inside a handler, which the JVM cannot pre-empt
        event(new SupervisorEvent.ShutdownError(Instant.now(), stop.child.id(), stop.pid,
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
        if (stop.child.pid == stop.pid) {
            terminated(stop.child, reason);
        }
        stop.then.accept(reason);
    }

    /** Orderly shutdown of the whole supervisor: children newest first (all at once for simple_one_for_one). */
    private void shutdown(ExitReason reason) {
        shuttingDown = true;
        busy = true;
        Runnable done = () -> exitWith = reason;
        if (simple) {
            stopAllInParallel(running(), done);
        } else {
            stopAll(reverse(running()), done);
        }
    }

    // ================================================================== client calls

    private void dispatchCall(Request r, From from) {
        try {
            switch (r.op()) {
                case START_CHILD -> startChildCall((ChildSpec) r.arg(), from);
                case START_CHILD_ARGS -> startChildArgs(castArgs(r.arg()), from);
                case TERMINATE_CHILD -> terminateById((String) r.arg(), from);
                case TERMINATE_CHILD_PID -> terminateByPid(r.pid(), from);
                case RESTART_CHILD -> restartChildCall((String) r.arg(), from);
                case DELETE_CHILD -> deleteChild((String) r.arg(), from);
                default -> {
                    // WHICH_CHILDREN, COUNT_CHILDREN, REPORT: answered by handleCall, never postponed
                }
            }
        } catch (SupervisorException e) {
            from.fail(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castArgs(Object arg) {
        return (List<Object>) arg;
    }

    private void startChildCall(ChildSpec s, From from) {
        if (simple) {
            throw error(Error.SIMPLE_ONE_FOR_ONE, "start_child with a child spec is not available on simple_one_for_one"
                    + " supervisor " + self() + ": call startChild(supervisor, args)");
        }
        List<String> errors = s.check();
        if (!errors.isEmpty()) {
            throw error(Error.INVALID_SPEC, "invalid child spec: " + String.join("; ", errors));
        }
        Child existing = byId.get(s.id());
        if (existing != null) {
            if (existing.pid != null) {
                throw new SupervisorException(Error.ALREADY_STARTED, "child '" + s.id() + "' is already started as "
                        + existing.pid + " under " + self(), existing.pid, null);
            }
            throw error(Error.ALREADY_PRESENT, "child '" + s.id() + "' is already present under " + self()
                    + " (not running): restart or delete it");
        }
        Child c = new Child(s, List.of());
        children.add(c);
        byId.put(s.id(), c);
        startDynamic(c, from, true);
    }

    private void startChildArgs(List<Object> args, From from) {
        if (!simple) {
            throw error(Error.INVALID_SPEC, "start_child with arguments needs a simple_one_for_one supervisor; " + self()
                    + " is " + strategy + ": give a ChildSpec");
        }
        Child c = new Child(spec.children().get(0), args);
        children.add(c);
        startDynamic(c, from, true);
    }

    /** Starts a child on request and replies with its pid, null (ignored) or the failure. */
    private void startDynamic(Child c, From from, boolean removeOnFailure) {
        busy = true;
        startChild(c, result -> {
            busy = false;
            if (result instanceof InitResult.Started s) {
                from.reply(s.pid());
            } else if (result instanceof InitResult.Ignored) {
                dropIfNotKept(c);
                from.reply(null);
            } else {
                ExitReason reason = ((InitResult.Failed) result).reason();
                if (removeOnFailure) {
                    remove(c);
                }
                if (reason instanceof ExitReason.Custom custom && custom.reason() instanceof AlreadyStarted a) {
                    // OTP's handle_start_child passes {error, {already_started, Pid}} on as it is
                    from.fail(new SupervisorException(Error.ALREADY_STARTED, "child '" + c.id()
                            + "' is already started as " + a.pid() + ": its name '" + c.spec.name().orElse("?")
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
        Child c = byId.get(id);
        if (c == null) {
            throw notFound(id);
        }
        terminate(c, from);
    }

    private void terminateByPid(Pid pid, From from) {
        Child c = byPid.get(pid);
        if (c == null && simple && !pid.isAlive()) {
            from.reply(null); // as OTP's find_child: a dead pid is a child that has terminated already
            return;
        }
        if (c == null) {
            throw error(Error.NOT_FOUND, "no child with pid " + pid + " under supervisor " + self());
        }
        terminate(c, from);
    }

    private void terminate(Child c, From from) {
        if (c.pid == null) {
            c.status = ChildStatus.UNDEFINED; // cancels a pending retry of a failed restart
        }
        busy = true; // stopChild answers at once for a child that is not running
        stopChild(c, reason -> {
            busy = false;
            dropIfNotKept(c);
            from.reply(null);
        });
    }

    private void restartChildCall(String id, From from) {
        Child c = requireStopped(id, "restart_child", "restarting");
        c.restarts++;
        startDynamic(c, from, false);
    }

    private void deleteChild(String id, From from) {
        Child c = requireStopped(id, "delete_child", "deleting");
        remove(c);
        from.reply(null);
    }

    /** A static child that is neither running nor being restarted ({@code running} / {@code restarting} errors). */
    private Child requireStopped(String id, String what, String verb) {
        Child c = requireStatic(id, what);
        if (c.pid != null) {
            throw new SupervisorException(Error.RUNNING, "child '" + id + "' is running as " + c.pid
                    + ": terminate it before " + verb + " it", c.pid, null);
        }
        if (c.status == ChildStatus.RESTARTING) {
            throw error(Error.RESTARTING, "child '" + id + "' is being restarted by " + self());
        }
        return c;
    }

    private Child requireStatic(String id, String what) {
        if (simple) {
            throw error(Error.SIMPLE_ONE_FOR_ONE, what + " is not available on simple_one_for_one supervisor " + self());
        }
        Child c = byId.get(id);
        if (c == null) {
            throw notFound(id);
        }
        return c;
    }

    private SupervisorException notFound(String id) {
        return error(Error.NOT_FOUND, "no child with id '" + id + "' under supervisor " + self());
    }

    private static SupervisorException error(Error error, String message) {
        return new SupervisorException(error, message, null, null);
    }

    // ================================================================== views

    private List<ChildInfo> whichChildren() {
        List<ChildInfo> out = new ArrayList<>(children.size());
        for (Child c : children) {
            out.add(c.info());
        }
        return out;
    }

    private ChildCounts countChildren() {
        int active = 0;
        int supervisors = 0;
        int workers = 0;
        for (Child c : children) {
            if (c.pid != null && c.pid.isAlive()) {
                active++;
            }
            if (c.spec.type() == ChildType.SUPERVISOR) {
                supervisors++;
            } else {
                workers++;
            }
        }
        return new ChildCounts(children.size(), active, supervisors, workers);
    }

    private SupervisorReport report() {
        RestartBudget budget = new RestartBudget(window.used(flags.ticker().nanos()), flags.intensity(), flags.period());
        return new SupervisorReport(self(), strategy, flags.intensity(), flags.period(), whichChildren(), budget,
                List.copyOf(events));
    }

    // ================================================================== bookkeeping

    private List<Child> running() {
        return running(children);
    }

    /** The members of {@code group} that have a process, in group order. */
    private static List<Child> running(Collection<Child> group) {
        List<Child> out = new ArrayList<>();
        for (Child c : group) {
            if (c.pid != null) {
                out.add(c);
            }
        }
        return out;
    }

    private List<Child> from(Child first) {
        List<Child> out = new ArrayList<>();
        boolean seen = false;
        for (Child c : children) {
            seen |= c == first;
            if (seen) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Child> reverse(List<Child> list) {
        Collections.reverse(list);
        return list;
    }

    /** The running child is gone: recorded as an event, and its pid forgotten. */
    private void terminated(Child c, ExitReason reason) {
        event(new SupervisorEvent.ChildTerminated(Instant.now(), c.id(), c.pid, reason));
        clearPid(c);
    }

    private void clearPid(Child c) {
        if (c.pid != null) {
            byPid.remove(c.pid);
        }
        if (c.monitor != null) {
            c.monitor.demonitor();
        }
        c.pid = null;
        c.monitor = null;
        if (c.status == ChildStatus.RUNNING) {
            c.status = ChildStatus.UNDEFINED;
        }
    }

    private void remove(Child c) {
        clearPid(c);
        children.remove(c);
        if (!simple) {
            byId.remove(c.id(), c);
        }
    }

    private void event(SupervisorEvent e) {
        if (events.size() >= flags.eventHistory()) {
            events.pollFirst();
        }
        events.addLast(e);
    }

    private org.slf4j.Logger log() {
        return context().getLog();
    }

    @Override
    public String toString() {
        return "Supervisor(" + strategy + ", " + children.size() + " children)";
    }
}
