package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.PortEntry;
import io.medic.runtime.ports.Ports;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 restarts of a child that owns a TCP connection on loopback (a port, closed by the port table
 * when its owner dies — each incarnation is killed, so its terminate never runs) leave the JVM's
 * threads, open file descriptors, the node's port table and its process table where they were.
 */
class RestartResourceTest extends SupervisionTestSupport {
    private static final int RESTARTS = 10_000;
    private static final int WARM_UP = 300;

    private EchoLessServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = new EchoLessServer();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    private static long openFileDescriptors() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    @Test
    @ExpectLog(level = "WARN", logger = "io.medic.runtime.GenServer", message = "has no clause for TcpClosed")
    void tenThousandRestartsOfAChildOwningASocketLeaveThreadsSocketsPortsAndTableEntriesAtBaseline() throws Exception {
        Ports ports = Ports.of(node);
        BlockingQueue<Pid> incarnations = new LinkedBlockingQueue<>();
        Worker.Script script = Worker.Script.DEFAULT.connecting(server.address()).reporting(incarnations);
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(RESTARTS * 2).withPeriod(Duration.ofHours(1)),
                worker("conn", script));
        Pid child = next(incarnations);
        List<PortEntry> owned = ports.ownedBy(child);
        assertEquals(1, owned.size(), "the child owns its connection: " + owned);
        assertEquals("tcp_inet", owned.get(0).name());
        child = kill(child, incarnations, WARM_UP);

        Await.until(() -> "the server to see " + WARM_UP + " connections closed", () -> server.closed.get() == WARM_UP);
        long fds = openFileDescriptors();
        int threads = threads();
        int table = node.processes().size();
        int portCount = ports.count();
        assertEquals(List.of(child), ports.entries().stream().map(PortEntry::owner).distinct().toList(),
                "only the live incarnation owns a port");

        long t0 = System.nanoTime();
        child = kill(child, incarnations, RESTARTS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertEquals(RESTARTS + WARM_UP, child(sup, "conn").orElseThrow().restarts());
        assertEquals(RESTARTS + WARM_UP + 1, journal.count("init:conn"));
        assertEquals(0, journal.of("terminate").size(), "killed: no terminate ran, the port table closed the sockets");
        Await.until(() -> "the server to accept every incarnation's connection: " + server.accepted.get(),
                () -> server.accepted.get() == RESTARTS + WARM_UP + 1);
        Await.until(() -> "the server to see every dead incarnation's connection closed: " + server.closed.get(),
                () -> server.closed.get() == RESTARTS + WARM_UP);
        assertEquals(portCount, ports.count(), "ports back at baseline: the live child's one");
        assertEquals(1, ports.ownedBy(child).size());
        // slack for what a JVM opens on its own; a leak would be thousands
        Await.until(() -> "open file descriptors back at " + fds + " (+10): " + openFileDescriptors(),
                () -> openFileDescriptors() <= fds + 10);
        // slack: Akka's default dispatcher may still grow to its 8 threads on 2 cores
        Await.until(() -> "threads back at " + threads + " (+8): " + threads(), () -> threads() <= threads + 8);
        assertEquals(table, node.processes().size(), "one process per child, none left behind");
        assertTrue(child.isAlive());
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "10k restarts took " + took);
        System.out.printf("RestartResourceTest: %d restarts in %d ms%n", RESTARTS, took.toMillis());
    }

    /** Kills the child {@code times} times, each time waiting for the next incarnation. */
    private static Pid kill(Pid child, BlockingQueue<Pid> incarnations, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            Medic.exit(child, ExitReason.KILLED);
            child = next(incarnations);
        }
        return child;
    }

    private static Pid next(BlockingQueue<Pid> incarnations) throws InterruptedException {
        Pid p = incarnations.poll(10, TimeUnit.SECONDS);
        assertNotNull(p, "no new incarnation within 10 s");
        return p;
    }

    /**
     * A loopback server that accepts every connection, never writes, and closes its end when the client
     * closes: its descriptors follow the clients'.
     */
    static final class EchoLessServer implements AutoCloseable {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        private final ServerSocketChannel server;
        private final Selector selector;
        private final Thread thread;
        private volatile boolean running = true;

        EchoLessServer() throws IOException {
            server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
            server.configureBlocking(false);
            selector = Selector.open();
            server.register(selector, SelectionKey.OP_ACCEPT);
            thread = new Thread(this::run, "restart-resource-test-server");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() throws IOException {
            return (InetSocketAddress) server.getLocalAddress();
        }

        private void run() {
            ByteBuffer buffer = ByteBuffer.allocate(1024);
            try {
                while (running) {
                    selector.select();
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        if (key.isAcceptable()) {
                            SocketChannel c = server.accept();
                            if (c != null) {
                                accepted.incrementAndGet();
                                c.configureBlocking(false);
                                c.register(selector, SelectionKey.OP_READ);
                            }
                        } else if (key.isReadable()) {
                            SocketChannel c = (SocketChannel) key.channel();
                            buffer.clear();
                            int n;
                            try {
                                n = c.read(buffer);
                            } catch (IOException e) {
                                n = -1; // reset by the peer
                            }
                            if (n < 0) {
                                key.cancel();
                                c.close();
                                closed.incrementAndGet();
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() throws Exception {
            running = false;
            selector.wakeup();
            thread.join(5000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }
}
