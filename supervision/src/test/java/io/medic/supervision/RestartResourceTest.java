package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 10,000 restarts of a child that owns a TCP connection on loopback leave the JVM's threads, open file
 * descriptors (sockets) and the node's process table where they were.
 */
class RestartResourceTest extends SupervisionTestSupport {
    private static final int RESTARTS = 10_000;
    private static final int WARM_UP = 300;

    private ServerSocketChannel server;
    private Thread acceptor;
    private final AtomicLong accepted = new AtomicLong();

    /** A loopback server that accepts every connection and closes its own end at once. */
    @BeforeEach
    void startServer() throws IOException {
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        acceptor = new Thread(() -> {
            while (true) {
                try (SocketChannel c = server.accept()) {
                    accepted.incrementAndGet();
                } catch (ClosedChannelException e) {
                    return;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "restart-resource-test-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
        acceptor.join(5000);
    }

    private static long openFileDescriptors() {
        return ((UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getOpenFileDescriptorCount();
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    @Test
    void tenThousandRestartsOfAChildOwningASocketLeaveThreadsSocketsAndTableEntriesAtBaseline() throws Exception {
        BlockingQueue<Pid> incarnations = new LinkedBlockingQueue<>();
        Worker.Script script = Worker.Script.DEFAULT.connecting(server.getLocalAddress()).reporting(incarnations);
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(RESTARTS * 2).withPeriod(Duration.ofHours(1)),
                worker("conn", script));
        Pid child = next(incarnations);
        child = restart(child, incarnations, WARM_UP);

        Await.until(() -> "the server to accept " + (WARM_UP + 1), () -> accepted.get() == WARM_UP + 1);
        long fds = openFileDescriptors();
        int threads = threads();
        int table = node.processes().size();

        long t0 = System.nanoTime();
        child = restart(child, incarnations, RESTARTS);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertEquals(RESTARTS + WARM_UP, child(sup, "conn").orElseThrow().restarts());
        assertEquals(RESTARTS + WARM_UP + 1, journal.count("init:conn"));
        assertEquals(RESTARTS + WARM_UP, journal.count("terminate:conn:custom"), "every incarnation closed its socket");
        Await.until(() -> "the server to accept every connection: " + accepted.get(),
                () -> accepted.get() == RESTARTS + WARM_UP + 1);
        Await.until(() -> "open file descriptors back at " + fds + " (+5): " + openFileDescriptors(),
                () -> openFileDescriptors() <= fds + 5);
        Await.until(() -> "threads back at " + threads + " (+4): " + threads(), () -> threads() <= threads + 4);
        assertEquals(table, node.processes().size(), "one process per child, none left behind");
        assertTrue(child.isAlive());
        assertTrue(took.compareTo(Duration.ofSeconds(60)) < 0, "10k restarts took " + took);
        System.out.printf("RestartResourceTest: %d restarts in %d ms%n", RESTARTS, took.toMillis());
    }

    /** Crashes the child {@code times} times, each time waiting for the next incarnation. */
    private static Pid restart(Pid child, BlockingQueue<Pid> incarnations, int times) throws InterruptedException {
        for (int i = 0; i < times; i++) {
            Medic.exit(child, ExitReason.custom("chaos"));
            child = next(incarnations);
        }
        return child;
    }

    private static Pid next(BlockingQueue<Pid> incarnations) throws InterruptedException {
        Pid p = incarnations.poll(10, TimeUnit.SECONDS);
        assertNotNull(p, "no new incarnation within 10 s");
        return p;
    }
}
