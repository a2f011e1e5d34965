package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.ExpectLog;
import io.medic.testing.Await;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessExitException;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.StartException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link ReconnectingServer} runs user code in init ({@code initialState}, {@code connect},
 * {@code onConnected}), on the blocking dispatcher ({@code connect}) and in its callbacks. An
 * {@link Exception} from {@code connect} is a refused connection, retried; anything else thrown, an
 * {@link Error} included, crashes the process (or fails its start) with that throwable as its reason,
 * and no connection is left open.
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT)
class ReconnectingServerFailureTest extends SupervisionTestSupport {

    /** A connection that records being closed. */
    static final class Conn implements AutoCloseable {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /** Connects as {@code connect} says; {@code onConnected} as {@code connected} says. */
    static final class Remote extends ReconnectingServer<Conn, Integer> {
        private final Supplier<Conn> connect;
        private final Runnable connected;

        Remote(boolean inInit, Supplier<Conn> connect, Runnable connected) {
            super(ReconnectPolicy.defaults().withConnectInInit(inInit));
            this.connect = connect;
            this.connected = connected;
        }

        @Override
        protected Integer initialState() {
            return 0;
        }

        @Override
        protected Conn connect() {
            return connect.get();
        }

        @Override
        protected void onConnected(Conn connection) {
            connected.run();
        }
    }

    /** An Exception from connect is a refused connection (retried); an Error is a bug: the process crashes with it. */
    @Test
    void aConnectAttemptThatThrowsAnErrorCrashesTheServerWithThatError() {
        LinkageError linkage = new LinkageError("native driver missing");
        Pid pid = GenServer.startSync(node, new Remote(false, () -> {
            throw linkage;
        }, () -> { }), SpawnOptions.DEFAULT, T);
        ExitReason reason = awaitExit(pid);
        assertSame(linkage, assertInstanceOf(ExitReason.Exception.class, reason).cause(), reason.toString());
    }

    @Test
    void connectInInitThrowingAnErrorFailsTheStartWithThatError() {
        LinkageError linkage = new LinkageError("native driver missing");
        StartException e = assertThrows(StartException.class, () -> GenServer.startSync(node, new Remote(true, () -> {
            throw linkage;
        }, () -> { }), SpawnOptions.DEFAULT, T));
        assertSame(linkage, assertInstanceOf(ExitReason.Exception.class, e.reason()).cause());
    }

    /** onConnected is user code run inside init: its throw fails the start, and the connection is closed. */
    @Test
    void onConnectedThrowingInInitFailsTheStartAndClosesTheConnection() {
        Conn conn = new Conn();
        IllegalStateException refused = new IllegalStateException("handshake refused");
        StartException e = assertThrows(StartException.class, () -> GenServer.startSync(node, new Remote(true,
                () -> conn, () -> {
                    throw refused;
                }), SpawnOptions.DEFAULT, T));
        assertSame(refused, assertInstanceOf(ExitReason.Exception.class, e.reason()).cause());
        assertTrue(conn.closed.get(), "the connection opened in init is closed");
    }

    /** Later, outside init: onConnected's throw crashes the process, and terminate closes the connection. */
    @Test
    void onConnectedThrowingLaterCrashesTheServerAndClosesTheConnection() {
        Conn conn = new Conn();
        AssertionError broken = new AssertionError("onConnected");
        Pid pid = GenServer.startSync(node, new Remote(false, () -> conn, () -> {
            throw broken;
        }), SpawnOptions.DEFAULT, T);
        assertSame(broken, assertInstanceOf(ExitReason.Exception.class, awaitExit(pid)).cause());
        assertTrue(conn.closed.get());
    }

    /** The default connected handlers crash as GenServer's do: naming the callback and the value. */
    @Test
    void theDefaultConnectedHandlersNameTheCallbackAndTheValue() {
        Pid pid = GenServer.startSync(node, new Remote(true, Conn::new, () -> { }), SpawnOptions.DEFAULT, T);
        ProcessExitException e = assertThrows(ProcessExitException.class, () -> GenServer.call(pid, "gett", T));
        Throwable cause = assertInstanceOf(ExitReason.Exception.class, e.reason()).cause();
        assertEquals(Remote.class.getName() + ".handleConnectedCall has no clause for \"gett\" (java.lang.String)",
                cause.getMessage());

        Pid other = GenServer.startSync(node, new Remote(true, Conn::new, () -> { }), SpawnOptions.DEFAULT, T);
        GenServer.cast(other, 42);
        Throwable castCause = assertInstanceOf(ExitReason.Exception.class, awaitExit(other)).cause();
        assertEquals(Remote.class.getName() + ".handleConnectedCast has no clause for 42 (java.lang.Integer)",
                castCause.getMessage());
    }

    /** A null connection is not a connection: a failed attempt, retried (it used to leave the server idle for good). */
    @Test
    void aNullConnectionIsAFailedAttemptAndIsRetried() {
        java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
        Conn conn = new Conn();
        Pid pid = GenServer.startSync(node, new Remote(true, () -> attempts.incrementAndGet() == 1 ? null : conn,
                connected::countDown), SpawnOptions.DEFAULT, T);
        Await.until(() -> "connected after a null first attempt; attempts: " + attempts, () -> connected.getCount() == 0);
        assertTrue(attempts.get() >= 2);
        assertTrue(pid.isAlive());
        Await.result(GenServer.stop(pid, ExitReason.SHUTDOWN, T));
        assertTrue(conn.closed.get(), "closed at terminate");
    }
}
