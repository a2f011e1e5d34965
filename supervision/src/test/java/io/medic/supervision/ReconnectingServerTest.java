package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The book's "initializing without guaranteeing connections", against a real TCP server on loopback. */
class ReconnectingServerTest {
    private static final Duration CALL = Duration.ofSeconds(10);
    private static Node node;

    @BeforeAll
    static void start() {
        node = Node.start("reconnect-test");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /**
     * A line-echo server on a port the OS chose (bound at once: nothing to race for), that can be killed
     * (server socket and every connection closed).
     */
    static final class EchoServer implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();

        EchoServer() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread t = new Thread(this::acceptLoop, "echo-" + server.getLocalPort());
            t.setDaemon(true);
            t.start();
        }

        InetSocketAddress address() {
            return (InetSocketAddress) server.getLocalSocketAddress();
        }

        private void acceptLoop() {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    Thread t = new Thread(() -> echo(s), "echo-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private static void echo(Socket s) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                 OutputStream out = s.getOutputStream()) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.write((line.equals("ping") ? "pong\n" : line + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            } catch (IOException e) {
                // killed
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /**
     * A loopback address where nothing listens, for as long as the test holds it: a socket bound to a
     * port the OS chose, never listening. Connecting to it is refused, and no other test or process can
     * start listening there meanwhile (the port is taken), so "the server is down" cannot race anyone.
     */
    static final class Refusing implements AutoCloseable {
        private final Socket reserved = new Socket();

        Refusing() throws IOException {
            reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        }

        InetSocketAddress address() {
            return (InetSocketAddress) reserved.getLocalSocketAddress();
        }

        @Override
        public void close() throws IOException {
            reserved.close();
        }
    }

    /**
     * A client that pings the echo server; connects outside init, to the address {@code target} gives at
     * each attempt (the test points it at a live server or at a {@link Refusing} one: "the server is
     * down" and "it came back" need no port to be free now and bindable later).
     */
    static final class Client extends ReconnectingServer<Socket, Integer> {
        private final Supplier<InetSocketAddress> target;

        Client(Supplier<InetSocketAddress> target, ReconnectPolicy policy) {
            super(policy);
            this.target = target;
        }

        @Override
        protected Integer initialState() {
            return 0;
        }

        @Override
        protected Socket connect() throws IOException {
            Socket s = new Socket();
            s.connect(target.get(), 1000);
            s.setSoTimeout(2000);
            return s;
        }

        @Override
        protected Result<Integer> handleConnectedCall(Object request, From from, Socket s, Integer pings) {
            try {
                s.getOutputStream().write((request + "\n").getBytes(StandardCharsets.UTF_8));
                String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IOException("connection closed by the server");
                }
                return reply(line, pings + 1);
            } catch (IOException e) {
                connectionLost(e);
                from.fail(new NotConnectedException("lost the connection: " + e));
                return noreply(pings);
            }
        }
    }

    private static boolean pongs(Pid client) {
        try {
            return "pong".equals(GenServer.call(client, "ping", CALL));
        } catch (NotConnectedException e) {
            return false;
        }
    }

    @Test
    void serverDownAtStartComesUpLaterThenDiesAndComesBack() throws Exception {
        try (Refusing down = new Refusing()) {
            AtomicReference<InetSocketAddress> target = new AtomicReference<>(down.address());
            ReconnectPolicy policy = ReconnectPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(200), 0.2);
            // server down: init still succeeds — the guarantee is the connection manager, not the connection
            Pid client = GenServer.startSync(node, new Client(target::get, policy), SpawnOptions.DEFAULT, CALL);

            // calls during the outage fail at once with not_connected, not after the call's timeout
            NotConnectedException e = assertThrows(NotConnectedException.class,
                    () -> GenServer.call(client, "ping", Duration.ofSeconds(30)));
            assertTrue(e.getMessage().contains("not connected"), e.getMessage());
            assertEquals("not_connected", e.code());

            try (EchoServer server = new EchoServer()) {
                target.set(server.address());
                Await.until("the client reconnects to the server that came up", () -> pongs(client));
                assertEquals("hello", GenServer.call(client, "hello", CALL));
                target.set(down.address()); // before the server dies: its port is free for anyone afterwards
            }
            // server killed mid-run: the next call sees the broken connection, later calls get not_connected at once
            assertThrows(NotConnectedException.class, () -> GenServer.call(client, "ping", CALL));
            assertThrows(NotConnectedException.class, () -> GenServer.call(client, "ping", Duration.ofSeconds(30)));
            assertTrue(client.isAlive(), "losing the remote never crashes the process");

            try (EchoServer server = new EchoServer()) {
                target.set(server.address());
                Await.until("the client reconnects after the outage", () -> pongs(client));
                target.set(down.address());
            }
            GenServer.stop(client, io.medic.runtime.ExitReason.SHUTDOWN, CALL).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void connectsInInitWhenTheServerIsUp() throws Exception {
        try (EchoServer server = new EchoServer()) {
            InetSocketAddress address = server.address();
            Pid client = GenServer.startSync(node, new Client(() -> address, ReconnectPolicy.defaults()), SpawnOptions.DEFAULT, CALL);
            // connected by init itself: the very first call succeeds without waiting for a retry
            assertEquals("pong", GenServer.call(client, "ping", CALL));
            GenServer.stop(client, io.medic.runtime.ExitReason.SHUTDOWN, CALL).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Connects once (in init), then every attempt fails; records when each attempt starts. */
    static final class Flaky extends ReconnectingServer<String, Integer> {
        final List<Long> attempts = new CopyOnWriteArrayList<>();

        Flaky(ReconnectPolicy policy) {
            super(policy);
        }

        @Override
        protected Integer initialState() {
            return 0;
        }

        @Override
        protected String connect() throws IOException {
            attempts.add(System.nanoTime());
            if (attempts.size() == 1) {
                return "the first connection";
            }
            throw new IOException("refused");
        }

        @Override
        protected Result<Integer> handleConnectedCast(Object message, String connection, Integer state) {
            connectionLost(new IOException("reset by peer"));
            return noreply(state);
        }
    }

    /**
     * After a lost connection the backoff starts again from its shortest delay and then grows:
     * delay(0) before the first reconnect, delay(1) after it failed, delay(2) after that. Only lower
     * bounds are checked (a loaded machine makes timers late, never early).
     */
    @Test
    void afterALostConnectionTheBackoffGrowsFromTheShortestDelay() throws Exception {
        ReconnectPolicy policy = ReconnectPolicy.exponential(Duration.ofMillis(150), Duration.ofSeconds(5), 0);
        Flaky flaky = new Flaky(policy);
        Pid pid = GenServer.startSync(node, flaky, SpawnOptions.DEFAULT, CALL);
        assertEquals(1, flaky.attempts.size(), "connected in init");
        long lost = System.nanoTime();
        GenServer.cast(pid, "drop the connection");
        Await.until("three reconnection attempts", () -> flaky.attempts.size() >= 4);
        long[] waits = {
            flaky.attempts.get(1) - lost,
            flaky.attempts.get(2) - flaky.attempts.get(1),
            flaky.attempts.get(3) - flaky.attempts.get(2)
        };
        for (int i = 0; i < waits.length; i++) {
            long expected = policy.delay(i).toNanos();
            assertTrue(waits[i] >= expected, "wait " + i + " after the loss: " + waits[i] / 1_000_000
                    + " ms, expected at least delay(" + i + ") = " + expected / 1_000_000 + " ms");
        }
        GenServer.stop(pid, io.medic.runtime.ExitReason.SHUTDOWN, CALL).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Its only connection attempt waits on {@code go}; the connection it then opens records being closed. */
    static final class Slow extends ReconnectingServer<AutoCloseable, Integer> {
        final CountDownLatch attempting = new CountDownLatch(1);
        final CountDownLatch go = new CountDownLatch(1);
        final AtomicBoolean closed = new AtomicBoolean();

        Slow() {
            super(ReconnectPolicy.defaults().withConnectInInit(false));
        }

        @Override
        protected Integer initialState() {
            return 0;
        }

        @Override
        protected AutoCloseable connect() throws InterruptedException {
            attempting.countDown();
            go.await(30, TimeUnit.SECONDS);
            return () -> closed.set(true);
        }
    }

    /** A connection whose attempt completes after the process stopped is closed, not leaked. */
    @Test
    void aConnectionOpenedAfterTheProcessStoppedIsClosed() throws Exception {
        Slow slow = new Slow();
        Pid pid = GenServer.startSync(node, slow, SpawnOptions.DEFAULT, CALL);
        assertTrue(slow.attempting.await(10, TimeUnit.SECONDS), "the first attempt started");
        GenServer.stop(pid, io.medic.runtime.ExitReason.SHUTDOWN, CALL).toCompletableFuture().get(10, TimeUnit.SECONDS);
        slow.go.countDown(); // the remote answers now: too late
        Await.until("the late connection to be closed", slow.closed::get);
    }

    @Test
    void backoffGrowsExponentiallyWithJitterAndIsCapped() {
        ReconnectPolicy p = ReconnectPolicy.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5)
                .withRandom(() -> 0.5);
        assertEquals(Duration.ofMillis(125), p.delay(0));
        assertEquals(Duration.ofMillis(250), p.delay(1));
        assertEquals(Duration.ofMillis(500), p.delay(2));
        assertEquals(Duration.ofMillis(1000), p.delay(3), "capped at max, jitter included");
        assertEquals(Duration.ofMillis(1000), p.delay(40));
        ReconnectPolicy noJitter = p.withRandom(() -> 0.0);
        assertEquals(Duration.ofMillis(800), noJitter.delay(3));
    }

    @Test
    void invalidPolicyNamesEveryBadField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReconnectPolicy.exponential(Duration.ZERO, Duration.ofMillis(5), 1.5));
        assertTrue(e.getMessage().contains("min: bad value PT0S"), e.getMessage());
        assertTrue(e.getMessage().contains("jitter: bad value 1.5, expected a number from 0 to 1"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> ReconnectPolicy.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1), 0.1));
        assertTrue(e2.getMessage().contains("max: bad value PT1S, expected a duration >= min (PT2S)"), e2.getMessage());
    }
}
