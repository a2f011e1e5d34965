package io.medic.runtime.ports;

import static io.medic.runtime.ports.PortTesting.LOOPBACK_ANY;
import static io.medic.runtime.ports.PortTesting.TIMEOUT;
import static io.medic.runtime.ports.PortTesting.collector;
import static io.medic.runtime.ports.PortTesting.pair;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.PortTesting.Pair;
import io.medic.testing.Await;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Thousands of sockets opened and closed — by close(), by the peer, and by their owner's death —
 * leave the port table, the process's file descriptors and its threads at their baseline.
 */
class PortsLeakTest {
    private static final int ROUNDS = 750;
    private static final long FD_SLACK = 10;
    private static final int THREAD_SLACK = 4;

    @Test
    void socketsClosedOrOrphanedByTheThousandLeaveNothingBehind() throws Exception {
        try (Node node = Node.start("ports-leak")) {
            Ports ports = Ports.of(node);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Pid acceptor = collector(node);
            Pid client = collector(node);
            TcpListener listener = ports.listen(acceptor, LOOPBACK_ANY);

            for (int i = 0; i < 50; i++) { // warm up: the selector thread, the dispatcher's threads, the JIT
                closeRound(ports, listener, client, acceptor, i);
                deathRound(node, ports, listener, i);
            }
            Await.until(() -> "after warm-up: " + ports.entries(), () -> ports.count() == 1);
            int processes = node.processes().size();
            long fds = openFileDescriptors();
            int threadCount = threads.getThreadCount();
            int acceptorMonitors = monitorsOn(acceptor);
            int clientMonitors = monitorsOn(client);
            assertTrue(fds > 0, "this test needs a Unix JVM that reports open file descriptors");

            for (int i = 0; i < ROUNDS; i++) {
                closeRound(ports, listener, client, acceptor, i);
            }
            for (int i = 0; i < ROUNDS; i++) {
                deathRound(node, ports, listener, i);
            }

            Await.until(() -> ports.count() + " ports open, expected only the listener", () -> ports.count() == 1);
            Await.until(() -> node.processes().size() + " processes, baseline " + processes,
                    () -> node.processes().size() <= processes);
            Await.until(() -> openFileDescriptors() + " descriptors open, baseline " + fds,
                    () -> openFileDescriptors() <= fds + FD_SLACK);
            Await.until(() -> threads.getThreadCount() + " threads, baseline " + threadCount,
                    () -> threads.getThreadCount() <= threadCount + THREAD_SLACK);
            assertEquals(1, Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("medic-ports-ports-leak")).count(), "one selector thread per node");
            assertEquals(java.util.List.of(listener), java.util.List.copyOf(ports.entries()));
            Await.until(() -> "port counts: acceptor " + acceptor.entry().ports() + " (expected the listener only), client "
                            + client.entry().ports(), () -> acceptor.entry().ports() == 1 && client.entry().ports() == 0);
            assertEquals(acceptorMonitors, monitorsOn(acceptor), "closed ports drop their monitor on a long-lived owner");
            assertEquals(clientMonitors, monitorsOn(client), "closed ports drop their monitor on a long-lived owner");
        }
    }

    @Test
    void nodeShutdownClosesEveryPortAndStopsTheSelector() throws Exception {
        Node node = Node.start("ports-shutdown");
        Ports ports = Ports.of(node);
        Pid owner = collector(node);
        TcpListener listener = ports.listen(owner, LOOPBACK_ANY);
        Pair p = pair(ports, listener, owner, owner);
        assertTrue(threadNamed("medic-ports-ports-shutdown"));

        node.close();
        assertFalse(listener.isOpen() || p.client().isOpen() || p.server().isOpen());
        assertEquals(0, ports.count());
        Await.until("the selector thread stops with the node", () -> !threadNamed("medic-ports-ports-shutdown"));
    }

    /** The JVM's open file descriptors (the test needs a Unix JVM that reports them). */
    private static long openFileDescriptors() {
        return ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getOpenFileDescriptorCount();
    }

    private static boolean threadNamed(String name) {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /** White-box: the monitors registered on a process (ports monitor their owner without a watcher pid). */
    private static int monitorsOn(Pid pid) {
        return io.medic.runtime.internal.ProcessRecord.of(pid).monitorCount();
    }

    /** A pair closed three ways: the client closes (the server sees the peer close), both close, the server closes. */
    private static void closeRound(Ports ports, TcpListener listener, Pid client, Pid acceptor, int i) throws Exception {
        Pair p = pair(ports, listener, client, acceptor);
        p.client().send(new byte[] {(byte) i});
        switch (i % 3) {
            case 0 -> p.client().close();
            case 1 -> {
                p.client().close();
                p.server().close();
            }
            default -> p.server().close();
        }
    }

    /** A pair whose one owner stops (normally, or killed): both sockets close with it. */
    private static void deathRound(Node node, Ports ports, TcpListener listener, int i) throws Exception {
        Pid owner = collector(node);
        Pair p = pair(ports, listener, owner, owner);
        p.client().send(new byte[] {(byte) i});
        if (i % 2 == 0) {
            GenServer.stop(owner, ExitReason.NORMAL, TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } else {
            Medic.exit(owner, ExitReason.KILLED);
        }
    }
}
