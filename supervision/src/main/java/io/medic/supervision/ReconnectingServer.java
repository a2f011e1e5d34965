package io.medic.supervision;

import akka.actor.Cancellable;
import akka.actor.typed.DispatcherSelector;
import io.medic.runtime.ExitReason;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GenServer that connects to something remote <em>outside</em> its init: Erlang in Anger's
 * "initializing without guaranteeing connections" (2.2.3).
 *
 * <p>Its init guarantees "the connection manager is available", not "the connection is available":
 * init never fails because the remote is down. It may try once, synchronously, as an optimisation
 * ({@link ReconnectPolicy#connectInInit()}); after that, and whenever the connection is lost, it
 * reconnects in the background with exponential backoff and jitter. While disconnected, calls fail at
 * once with {@link NotConnectedException} (the {@code {error, not_connected}} of the book) and casts
 * are dropped; the callers decide how much failure they tolerate.
 *
 * <pre>{@code
 * final class Db extends ReconnectingServer<Socket, Stats> {
 *     Db() { super(ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2)); }
 *     protected Stats initialState() { return new Stats(); }
 *     protected Socket connect() throws IOException { return new Socket("db.example", 5432); }
 *     protected Result<Stats> handleConnectedCall(Object q, From from, Socket s, Stats st) {
 *         try { return reply(query(s, q), st); }
 *         catch (IOException e) { connectionLost(e); from.fail(new NotConnectedException(e.toString())); return noreply(st); }
 *     }
 * }
 * }</pre>
 *
 * <p>{@link #connect()} runs on Akka's blocking I/O dispatcher, not on the process's thread, so the
 * process keeps answering (with not_connected) while an attempt is in progress. It must not touch the
 * state; it may read final fields. An {@link Exception} from it (or a null connection) is a failed
 * attempt, retried; an {@link Error} is a bug, not a refused connection: the process crashes with it as
 * its reason (in init, the start fails with it). The other callbacks are user code run by the
 * process: what they throw crashes it (from {@link #onConnected} in init: the start fails and the
 * connection is closed).
 *
 * @param <C> the connection type (closed with {@link #disconnect} when lost or at terminate)
 * @param <S> the state type
 */
public abstract class ReconnectingServer<C, S> extends GenServer<S> {
    private static final Logger LOG = LoggerFactory.getLogger(ReconnectingServer.class);

    private record RetryTick(long generation) {
    }

    private record Attempt(Object connection, Throwable error) {
    }

    private final ReconnectPolicy policy;
    private C connection;
    private int failures;
    private long generation;
    /** The attempt running now, if any: closed when it completes if the process has stopped meanwhile. */
    private CompletableFuture<C> inFlight;
    private Cancellable timer;
    private Executor blocking;
    private Throwable lastError;

    protected ReconnectingServer(ReconnectPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    // ================================================================== to implement

    /** The state, built without the connection. Throwing fails the start (as a failing init should). */
    protected abstract S initialState() throws Exception;

    /** Opens the connection; throws if the remote is not there. Runs off the process's thread. */
    protected abstract C connect() throws Exception;

    /**
     * Closes a connection that is lost or no longer wanted. Default: closes an AutoCloseable. A
     * connection whose attempt completes after the process stopped is closed here too, on the thread
     * that opened it.
     */
    protected void disconnect(C connection) {
        if (connection instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing connection of {} failed: {}", self(), e.toString());
            }
        }
    }

    /** Called on the process's thread once a connection is up. */
    protected void onConnected(C connection) {
    }

    /** Called on the process's thread when the connection is lost. */
    protected void onDisconnected(Throwable cause) {
    }

    /** Handles a call while connected. Default: crashes, naming the callback and the request, as GenServer's does. */
    protected Result<S> handleConnectedCall(Object request, From from, C connection, S state) throws Exception {
        throw new UnsupportedOperationException(noClause("handleConnectedCall", request));
    }

    /** Handles a cast while connected (casts while disconnected are dropped). Default: crashes, as {@link #handleConnectedCall}. */
    protected Result<S> handleConnectedCast(Object message, C connection, S state) throws Exception {
        throw new UnsupportedOperationException(noClause("handleConnectedCast", message));
    }

    /** Handles any other info. Default: GenServer's (a warning). */
    protected Result<S> handleOtherInfo(Object message, S state) throws Exception {
        return super.handleInfo(message, state);
    }

    /** Last call before stopping (the connection is closed right after). */
    protected void onTerminate(ExitReason reason, S state) throws Exception {
    }

    // ================================================================== for subclasses

    /** The connection, if connected. */
    protected final Optional<C> connection() {
        return Optional.ofNullable(connection);
    }

    protected final boolean isConnected() {
        return connection != null;
    }

    /** The failure of the last connection attempt, if the last attempt failed. */
    protected final Optional<Throwable> lastConnectError() {
        return Optional.ofNullable(lastError);
    }

    /**
     * The connection broke (an I/O error, the remote closed it): close it and go back to reconnecting,
     * starting again from the shortest backoff. Call from a callback only.
     */
    protected final void connectionLost(Throwable cause) {
        if (connection == null) {
            return;
        }
        C c = connection;
        connection = null;
        lastError = cause;
        disconnect(c);
        LOG.info("{} lost its connection ({}); reconnecting", self(), cause == null ? "closed" : cause.toString());
        onDisconnected(cause);
        failures = 0; // the backoff starts again from its shortest delay
        retryLater(cause);
    }

    // ================================================================== GenServer callbacks

    @Override
    protected final Init<S> init() throws Exception {
        S state = initialState();
        blocking = context().getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        if (!policy.connectInInit()) {
            self().ref().tell(new RetryTick(generation));
            return ok(state);
        }
        C c;
        try {
            c = connectOnce();
        } catch (Exception e) {
            // best effort only: the guarantee is the connection manager, not the connection
            LOG.info("{} could not connect in init ({}); will retry", self(), e.toString());
            retryLater(e);
            return ok(state);
        }
        try {
            connected(c);
        } catch (Throwable t) {
            // onConnected failed the init: terminate will not run, so the connection is closed here
            connection = null;
            disconnect(c);
            throw t;
        }
        return ok(state);
    }

    @Override
    protected final Result<S> handleCall(Object request, From from, S state) throws Exception {
        if (connection == null) {
            from.fail(new NotConnectedException(self() + " (" + getClass().getSimpleName() + ") is not connected"
                    + (lastError == null ? "" : ": last attempt failed with " + lastError)));
            return noreply(state);
        }
        return handleConnectedCall(request, from, connection, state);
    }

    @Override
    protected final Result<S> handleCast(Object message, S state) throws Exception {
        if (connection == null) {
            LOG.debug("{} dropped a cast while not connected: {}", self(), message.getClass().getName());
            return noreply(state);
        }
        return handleConnectedCast(message, connection, state);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected final Result<S> handleInfo(Object message, S state) throws Exception {
        if (message instanceof RetryTick t) {
            if (t.generation() == generation && connection == null && inFlight == null) {
                attempt();
            }
            return noreply(state);
        }
        if (message instanceof Attempt a) {
            inFlight = null;
            if (a.error() instanceof Error e) {
                throw e; // not a refused connection but a bug: crash with it, as connect() in init does
            }
            if (a.error() == null) {
                connected((C) a.connection());
            } else {
                Duration wait = retryLater(a.error());
                LOG.debug("{} connection attempt {} failed ({}); next in {} ms", self(), failures, a.error().toString(),
                        wait.toMillis());
            }
            return noreply(state);
        }
        return handleOtherInfo(message, state);
    }

    @Override
    protected final void terminate(ExitReason reason, S state) throws Exception {
        if (timer != null) {
            timer.cancel();
        }
        if (inFlight != null) {
            // its Attempt message will not be handled any more: close what it opens
            inFlight.thenAccept(this::closeLate);
        }
        try {
            onTerminate(reason, state);
        } finally {
            if (connection != null) {
                C c = connection;
                connection = null;
                disconnect(c);
            }
        }
    }

    // ================================================================== internals

    private void connected(C c) {
        connection = c;
        failures = 0;
        lastError = null;
        LOG.info("{} connected", self());
        onConnected(c);
    }

    /**
     * One more failure in a row (a failed attempt, or the loss of the connection): the next attempt
     * waits {@code policy.delay(failures so far)}, so consecutive failures wait delay(0), delay(1), ...
     */
    private Duration retryLater(Throwable cause) {
        lastError = cause;
        Duration wait = policy.delay(failures);
        failures++;
        schedule(wait);
        return wait;
    }

    private void schedule(Duration delay) {
        if (timer != null) {
            timer.cancel();
        }
        generation++;
        timer = sendAfter(delay, new RetryTick(generation));
    }

    /** {@link #connect()}, whose null is a failed attempt. */
    private C connectOnce() throws Exception {
        C c = connect();
        if (c == null) {
            throw new IllegalStateException(getClass().getName() + ".connect() returned null");
        }
        return c;
    }

    /** Closes a connection whose attempt completed after the process stopped; a failure is logged, not lost. */
    private void closeLate(C c) {
        try {
            disconnect(c);
        } catch (Throwable t) {
            LOG.warn("closing a connection opened after {} stopped failed", self(), t);
        }
    }

    private void attempt() {
        CompletableFuture<C> f = CompletableFuture.supplyAsync(() -> {
            try {
                return connectOnce();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, blocking);
        inFlight = f;
        context().pipeToSelf(f, (c, error) -> new Attempt(c,
                error == null ? null : error.getCause() != null ? error.getCause() : error));
    }
}
