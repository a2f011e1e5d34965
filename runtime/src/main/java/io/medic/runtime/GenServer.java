package io.medic.runtime;

import akka.actor.Cancellable;
import akka.actor.typed.javadsl.ActorContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process with explicit state: Erlang's {@code gen_server}, on Akka Typed.
 *
 * <p>Subclass it, implement {@link #init()} and the handlers you need, and start one instance per
 * process (a supervisor's child spec takes a factory, since each restart needs a fresh instance):
 *
 * <pre>{@code
 * final class Counter extends GenServer<Integer> {
 *     protected Init<Integer> init() { return ok(0); }
 *     protected Result<Integer> handleCall(Object request, From from, Integer n) {
 *         return reply(n, n);                       // {reply, N, N}
 *     }
 *     protected Result<Integer> handleCast(Object message, Integer n) {
 *         return noreply(n + 1);                    // {noreply, N + 1}
 *     }
 * }
 * Pid pid = GenServer.startSync(node, new Counter(), SpawnOptions.DEFAULT.withName("counter"), Duration.ofSeconds(5));
 * GenServer.cast(pid, "increment");
 * int n = GenServer.call(pid, "get");
 * }</pre>
 *
 * <p>Callbacks run one at a time on the process's actor; they may keep and mutate {@code state}
 * freely. A callback that throws crashes the process: a pending call fails with the crash, then
 * {@link #terminate} runs and the process stops with {@link ExitReason#exception}. Calls, casts and
 * infos are dispatched in mailbox order; sys requests ({@link Sys}) are answered between them.
 *
 * <table>
 *   <caption>OTP correspondence</caption>
 *   <tr><td>{@link #init()}</td><td>{@code init/1}: {@code {ok, S}}, {@code {stop, R}}, {@code ignore}</td></tr>
 *   <tr><td>{@link #handleCall}</td><td>{@code handle_call/3}</td></tr>
 *   <tr><td>{@link #handleCast}</td><td>{@code handle_cast/2}</td></tr>
 *   <tr><td>{@link #handleInfo}</td><td>{@code handle_info/2} (timers, monitors' {@link Down}, plain messages)</td></tr>
 *   <tr><td>{@link #handleContinue}</td><td>{@code handle_continue/2}</td></tr>
 *   <tr><td>{@link #handleExit}</td><td>{@code {'EXIT', Parent, Reason}} handled by a process that traps exits</td></tr>
 *   <tr><td>{@link #terminate}</td><td>{@code terminate/2}</td></tr>
 *   <tr><td>{@link #formatStatus}</td><td>{@code format_status/1}</td></tr>
 *   <tr><td>{@link #call(Pid, Object, Duration)}</td><td>{@code gen_server:call/3}</td></tr>
 *   <tr><td>{@link #cast(Pid, Object)}</td><td>{@code gen_server:cast/2}</td></tr>
 *   <tr><td>{@link From#reply}</td><td>{@code gen_server:reply/2}</td></tr>
 *   <tr><td>{@link #stop(Pid, ExitReason, Duration)}</td><td>{@code gen_server:stop/3}</td></tr>
 *   <tr><td>{@link #start}, {@link #startSync}</td><td>{@code gen_server:start_link/3,4}</td></tr>
 * </table>
 *
 * @param <S> the state type
 */
public abstract class GenServer<S> {
    private static final Logger LOG = LoggerFactory.getLogger(GenServer.class);

    /** The info message a server receives when a timeout set with {@code withTimeout} elapses. */
    public enum Timeout {
        /** Erlang's {@code timeout} info. */
        TIMEOUT
    }

    private GenServerProcess<S> process;

    // ================================================================== callbacks

    /**
     * Initializes the state; runs inside the new process before its start is acknowledged, so whoever
     * started it (a supervisor, {@link #startSync}) waits for it. Return {@link #ok(Object)},
     * {@link #stop(ExitReason)} or {@link #ignore()}. Throwing is like returning stop with the exception.
     * {@link #terminate} is not called when init fails.
     */
    protected abstract Init<S> init() throws Exception;

    /**
     * Handles a call. Default: crashes, Erlang's {@code function_clause}, with a message that names the
     * callback and the request: {@code Counter.handleCall has no clause for "gett" (java.lang.String)}
     * (the value bounded and escaped; for a sensitive process only its type).
     */
    protected Result<S> handleCall(Object request, From from, S state) throws Exception {
        throw new UnsupportedOperationException(noClause("handleCall", request));
    }

    /** Handles a cast. Default: crashes, as {@link #handleCall} does. */
    protected Result<S> handleCast(Object message, S state) throws Exception {
        throw new UnsupportedOperationException(noClause("handleCast", message));
    }

    /**
     * Handles any other message. Default: logs a warning that names it as {@link #handleCall}'s crash
     * does ({@code Counter.handleInfo has no clause for ...}) and keeps going, as OTP does.
     */
    protected Result<S> handleInfo(Object message, S state) throws Exception {
        LOG.warn("{} {}: ignored", self(), noClause("handleInfo", message));
        return noreply(state);
    }

    /** Handles a continue term returned with {@code thenContinue}, before any other message. Default: crashes, as {@link #handleCall} does. */
    protected Result<S> handleContinue(Object continueTerm, S state) throws Exception {
        throw new UnsupportedOperationException(noClause("handleContinue", continueTerm));
    }

    /**
     * Handles an exit signal sent with {@link Medic#exit(Pid, ExitReason)} (for example its supervisor's
     * shutdown), in mailbox order. Default: stop with that reason, running {@link #terminate}.
     */
    protected Result<S> handleExit(ExitReason reason, Pid from, S state) throws Exception {
        return stop(reason, state);
    }

    /**
     * Last call before the process stops, whatever the reason except a kill ({@link ExitReason#KILLED})
     * and a failed init. Exceptions thrown here are logged and become the exit reason.
     */
    protected void terminate(ExitReason reason, S state) throws Exception {
    }

    /**
     * Renders the state for {@code Sys.getStatus} and the HTTP status route: redact secrets or
     * summarise large state here. Default: the state itself. ({@code Sys.getState} returns the raw state.)
     */
    protected Object formatStatus(S state) {
        return state;
    }

    /**
     * What {@code Sys.getState} hands out. Default: the state itself, which the caller then reads from
     * another thread; a server whose state is mutable can return a consistent copy here instead.
     */
    protected Object stateSnapshot(S state) {
        return state;
    }

    /** The process kind shown in the process table. Default {@code gen_server}. */
    protected String processKind() {
        return "gen_server";
    }

    // ================================================================== inside callbacks

    /** This process's pid. Only valid once the process has started. */
    protected final Pid self() {
        return bound().pid();
    }

    /** The Akka context of this process: spawn children, watch, pipeToSelf. Only on the process's thread. */
    protected final ActorContext<Object> context() {
        return bound().context();
    }

    /** The node this process runs on. */
    protected final Node node() {
        return bound().node();
    }

    /** {@code process_flag(sensitive, Flag)}: while set, no API returns this process's state or messages. */
    protected final void setSensitive(boolean sensitive) {
        bound().setSensitive(sensitive);
    }

    /** {@code erlang:send_after/3}: delivers {@code message} to {@link #handleInfo} after {@code delay}. */
    protected final Cancellable sendAfter(Duration delay, Object message) {
        return bound().sendAfter(delay, message);
    }

    /** {@code erlang:monitor(process, Pid)}: a {@link Down} reaches {@link #handleInfo} when it stops. */
    protected final MonitorRef monitor(Pid pid) {
        return Medic.monitor(self(), pid);
    }

    /**
     * Acknowledges a start that {@code init} deferred with {@link Init#deferAck()} ({@code proc_lib:init_ack}):
     * the starter's wait ends and calls and casts held meanwhile are handled, in order.
     */
    protected final void ackInit() {
        bound().ackInit();
    }

    /**
     * Fails a start that {@code init} deferred: the starter gets {@code reason} and the process stops
     * without calling {@link #terminate} (as when {@code init} returns stop).
     */
    protected final Result<S> abortInit(ExitReason reason) {
        return Result.of(Result.Kind.ABORT_INIT, null, null, Objects.requireNonNull(reason, "reason"), null, null);
    }

    /**
     * The message of a default handler with no clause for {@code value}, Erlang's {@code function_clause}
     * (see {@link #handleCall}): {@code Counter.handleCall has no clause for "gett" (java.lang.String)},
     * the value bounded and escaped, only its type for a sensitive process. For behaviours built on
     * GenServer whose own callbacks have defaults (e.g. {@code ReconnectingServer}).
     */
    protected final String noClause(String callback, Object value) {
        GenServerProcess<S> p = process;
        if (p != null) {
            return p.noClause(callback, value);
        }
        return getClass().getName() + "." + callback + " has no clause for a "
                + (value == null ? "null" : value.getClass().getName()) + " (not running)";
    }

    private GenServerProcess<S> bound() {
        GenServerProcess<S> p = process;
        if (p == null) {
            throw new IllegalStateException(getClass().getName() + " is not running: only call this from its callbacks");
        }
        return p;
    }

    /** Binds this instance to the process that runs it; an instance runs once. */
    final void bindProcess(GenServerProcess<S> p) {
        if (process != null) {
            throw new IllegalStateException("this " + getClass().getName()
                    + " instance already ran as " + process.pid() + ": start each process with a new instance");
        }
        process = p;
    }

    // ================================================================== results

    /** {@code {ok, State}}. */
    public static <S> Init<S> ok(S state) {
        return new Init<>(Init.Kind.OK, state, null, null, null, false);
    }

    /** {@code ignore}: the process stops normally; a supervisor keeps the spec without a process. */
    public static <S> Init<S> ignore() {
        return new Init<>(Init.Kind.IGNORE, null, null, null, null, false);
    }

    /** {@code {stop, Reason}} from init: the start fails with {@code reason}. */
    public static <S> Init<S> stop(ExitReason reason) {
        return new Init<>(Init.Kind.STOP, null, Objects.requireNonNull(reason, "reason"), null, null, false);
    }

    /** {@code {reply, Reply, State}}. */
    public static <S> Result<S> reply(Object reply, S state) {
        return Result.of(Result.Kind.REPLY, state, reply, null, null, null);
    }

    /** {@code {noreply, State}}. */
    public static <S> Result<S> noreply(S state) {
        return new Result<>(Result.Kind.NOREPLY, state);
    }

    /** {@code {stop, Reason, State}}: {@link #terminate} runs, then the process stops. */
    public static <S> Result<S> stop(ExitReason reason, S state) {
        return Result.of(Result.Kind.STOP, state, null, Objects.requireNonNull(reason, "reason"), null, null);
    }

    /** {@code {stop, Reason, Reply, State}} from handleCall: replies, then stops. */
    public static <S> Result<S> stop(ExitReason reason, Object reply, S state) {
        return Result.of(Result.Kind.STOP_REPLY, state, reply, Objects.requireNonNull(reason, "reason"), null, null);
    }

    /** What {@link #init()} returns. Immutable. */
    public static final class Init<S> {
        /** INTERNAL API */
        public enum Kind { OK, STOP, IGNORE }

        private final Kind kind;
        private final S state;
        private final ExitReason reason;
        private final Object continueTerm;
        private final Duration timeout;
        private final boolean deferAck;

        Init(Kind kind, S state, ExitReason reason, Object continueTerm, Duration timeout, boolean deferAck) {
            this.kind = kind;
            this.state = state;
            this.reason = reason;
            this.continueTerm = continueTerm;
            this.timeout = timeout;
            this.deferAck = deferAck;
        }

        /** {@code {ok, State, {continue, Term}}}: {@code handleContinue(term)} runs before any message. */
        public Init<S> thenContinue(Object term) {
            requireOk("thenContinue");
            return new Init<>(kind, state, reason, Objects.requireNonNull(term, "continue term"), timeout, deferAck);
        }

        /** {@code {ok, State, Timeout}}: {@link Timeout#TIMEOUT} arrives if no message comes in time. */
        public Init<S> withTimeout(Duration timeout) {
            requireOk("withTimeout");
            return new Init<>(kind, state, reason, continueTerm, Result.checkTimeout(timeout), deferAck);
        }

        /**
         * Does not acknowledge the start when init returns: the starter keeps waiting until the server
         * calls {@link GenServer#ackInit()} or returns {@link GenServer#abortInit}. Meanwhile the server
         * handles infos (and its continue) but calls and casts wait. This is how a supervisor starts its
         * children one by one before it reports itself started.
         */
        public Init<S> deferAck() {
            requireOk("deferAck");
            return new Init<>(kind, state, reason, continueTerm, timeout, true);
        }

        private void requireOk(String what) {
            if (kind != Kind.OK) {
                throw new IllegalStateException(what + " only applies to ok(state), not to " + this);
            }
        }

        public Kind kind() { return kind; }
        public S state() { return state; }
        public ExitReason reason() { return reason; }
        public Object continueTerm() { return continueTerm; }
        public Duration timeout() { return timeout; }
        public boolean deferredAck() { return deferAck; }

        @Override
        public String toString() {
            return switch (kind) {
                case OK -> "ok(" + state + ")";
                case STOP -> "stop(" + reason + ")";
                case IGNORE -> "ignore";
            };
        }
    }

    /**
     * What the handlers return. Immutable. A plain {@code noreply(state)} — the result of most casts and
     * infos — is this class alone (24 bytes); the others carry their reply, reason, continue term or
     * timeout in a subclass.
     */
    public static sealed class Result<S> permits Result.Full {
        /** INTERNAL API */
        public enum Kind { REPLY, NOREPLY, STOP, STOP_REPLY, ABORT_INIT }

        private final Kind kind;
        private final S state;

        Result(Kind kind, S state) {
            this.kind = kind;
            this.state = state;
        }

        static <S> Result<S> of(Kind kind, S state, Object reply, ExitReason reason, Object continueTerm,
                                Duration timeout) {
            return reply == null && reason == null && continueTerm == null && timeout == null
                    ? new Result<>(kind, state) : new Full<>(kind, state, reply, reason, continueTerm, timeout);
        }

        /** A result with a reply, a reason, a continue term or a timeout. */
        static final class Full<S> extends Result<S> {
            private final Object reply;
            private final ExitReason reason;
            private final Object continueTerm;
            private final Duration timeout;

            Full(Kind kind, S state, Object reply, ExitReason reason, Object continueTerm, Duration timeout) {
                super(kind, state);
                this.reply = reply;
                this.reason = reason;
                this.continueTerm = continueTerm;
                this.timeout = timeout;
            }

            @Override public Object reply() { return reply; }
            @Override public ExitReason reason() { return reason; }
            @Override public Object continueTerm() { return continueTerm; }
            @Override public Duration timeout() { return timeout; }
        }

        /** Adds {@code {continue, Term}}: {@code handleContinue(term)} runs before the next message. */
        public Result<S> thenContinue(Object term) {
            requireRunning("thenContinue");
            return of(kind, state, reply(), reason(), Objects.requireNonNull(term, "continue term"), timeout());
        }

        /** Adds a timeout: {@link Timeout#TIMEOUT} arrives as an info if no message comes within it. */
        public Result<S> withTimeout(Duration timeout) {
            requireRunning("withTimeout");
            return of(kind, state, reply(), reason(), continueTerm(), checkTimeout(timeout));
        }

        private void requireRunning(String what) {
            if (kind != Kind.REPLY && kind != Kind.NOREPLY) {
                throw new IllegalStateException(what + " only applies to reply(...) or noreply(...), not to " + this);
            }
        }

        static Duration checkTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("timeout: bad value " + timeout + ", expected zero or more");
            }
            return timeout;
        }

        public Kind kind() { return kind; }
        public S state() { return state; }
        public Object reply() { return null; }
        public ExitReason reason() { return null; }
        public Object continueTerm() { return null; }
        public Duration timeout() { return null; }

        @Override
        public String toString() {
            return switch (kind) {
                case REPLY -> "reply(" + reply() + ")";
                case NOREPLY -> "noreply";
                case STOP -> "stop(" + reason() + ")";
                case STOP_REPLY -> "stop(" + reason() + ", reply " + reply() + ")";
                case ABORT_INIT -> "abortInit(" + reason() + ")";
            };
        }
    }

    // ================================================================== client API

    /**
     * Spawns a server as a top-level process and completes when its {@code init} has finished
     * ({@code gen_server:start_link}). Fails with {@link StartException} if init crashed, returned
     * stop or returned ignore, and with {@link AlreadyRegisteredException} if the name is taken.
     */
    public static CompletionStage<Pid> start(Node node, GenServer<?> server, SpawnOptions options) {
        Spawned<Object> spawned;
        try {
            spawned = spawn(node, server, options);
        } catch (RuntimeException e) {
            return Clients.failed(e); // a taken name, a bad dispatcher...
        }
        return Clients.started(spawned);
    }

    /** {@link #start} and wait, at most {@code timeout}. */
    public static Pid startSync(Node node, GenServer<?> server, SpawnOptions options, Duration timeout) {
        return Clients.await(start(node, server, options), "start of " + server.getClass().getName(), timeout);
    }

    /** Spawns a server as a top-level process without waiting for its init. */
    public static Spawned<Object> spawn(Node node, GenServer<?> server, SpawnOptions options) {
        return Clients.spawnGenServer(node, null, server, options);
    }

    /** Spawns a server as a child of the actor owning {@code parent}; call from that actor only. */
    public static Spawned<Object> spawn(ActorContext<?> parent, GenServer<?> server, SpawnOptions options) {
        return Clients.spawnGenServer(null, parent, server, options);
    }

    /**
     * {@code gen_server:call(Pid, Request, Timeout)}, without blocking: completes with the reply, or
     * fails with {@link NoProcessException} at once if the server is not alive, with
     * {@link ProcessExitException} (carrying the exit reason) if it stops before replying, or with
     * {@link CallTimeoutException} after {@code timeout}. A server calling itself fails at once.
     */
    public static <R> CompletionStage<R> callAsync(Pid server, Object request, Duration timeout) {
        return Clients.call(server, request, timeout);
    }

    /** {@link #callAsync} and wait for the reply; throws the same errors. Do not call from inside an actor. */
    public static <R> R call(Pid server, Object request, Duration timeout) {
        return Clients.await(Clients.call(server, request, timeout, true), "call", timeout);
    }

    /** {@code gen_server:call/2}: {@link #call(Pid, Object, Duration)} with the default 5 s timeout. */
    public static <R> R call(Pid server, Object request) {
        return call(server, request, Clients.defaultCallTimeout(server));
    }

    /** {@code gen_server:cast/2}: fire and forget; never blocks, never throws for a dead server. */
    public static void cast(Pid server, Object message) {
        Clients.cast(server, message);
    }

    /**
     * {@code gen_server:stop(Pid, Reason, Timeout)}: asks the server to stop (in mailbox order; its
     * {@link #terminate} runs with {@code reason}) and completes once it has stopped. Fails with
     * {@link NoProcessException} if it is not alive, {@link CallTimeoutException} after {@code timeout}.
     */
    public static CompletionStage<ExitReason> stop(Pid server, ExitReason reason, Duration timeout) {
        return Clients.stop(server, reason, timeout);
    }
}
