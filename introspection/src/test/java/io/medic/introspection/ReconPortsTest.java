package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.ports.FilePort;
import io.medic.runtime.ports.InetAttribute;
import io.medic.runtime.ports.PortEntry;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpListener;
import io.medic.runtime.ports.TcpSocket;
import io.medic.testing.Await;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * recon's port functions on {@link Recon}, against real loopback sockets and files owned by Medic
 * processes; and the one library processes and ports share: the same limits, the same error for the
 * same bad argument, the same busy rule.
 */
class ReconPortsTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final InetSocketAddress LOOPBACK_ANY = new InetSocketAddress("127.0.0.1", 0);
    private static Node node;
    private static Recon recon;
    private static Ports ports;

    record Pair(TcpSocket client, TcpSocket server) {
        void close() {
            client.close();
            server.close();
        }
    }

    @BeforeAll
    static void startNode() {
        node = Node.start("recon-ports");
        recon = Recon.of(node);
        ports = Ports.of(node);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void everyTestClosesWhatItOpened() {
        Await.until("an empty port table; left: " + ports.entries(), () -> ports.count() == 0);
    }

    @Test
    void portTypesCountOpenPortsByTypeMostNumerousFirst(@TempDir Path dir) throws Exception {
        Pid owner = owner();
        TcpListener l1 = ports.listen(owner, LOOPBACK_ANY);
        TcpListener l2 = ports.listen(owner, LOOPBACK_ANY);
        Pair p = pair(l1, owner, owner);
        FilePort f = ports.openFile(owner, dir.resolve("x"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);

        assertEquals(Map.of("tcp_inet", 4, "efile", 1), recon.portTypes());
        assertEquals(List.of("tcp_inet", "efile"), List.copyOf(recon.portTypes().keySet()), "most numerous first");

        f.close();
        p.close();
        l2.close();
        assertEquals(Map.of("tcp_inet", 1), recon.portTypes());
        l1.close();
        assertEquals(Map.of(), recon.portTypes());
        stop(owner);
    }

    @Test
    void inetCountRanksInetPortsByKnownTrafficAndPortCountRanksFilesToo(@TempDir Path dir) throws Exception {
        Pid owner = owner();
        TcpListener listener = ports.listen(owner, LOOPBACK_ANY);
        Pair small = pair(listener, owner, owner);
        Pair big = pair(listener, owner, owner);
        Pair medium = pair(listener, owner, owner);
        small.client().send(bytes(100));
        big.client().send(bytes(2000));
        medium.client().send(bytes(500));
        FilePort file = ports.openFile(owner, dir.resolve("big"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        file.write(ByteBuffer.wrap(bytes(1 << 20)));
        Await.until("traffic counted",
                () -> small.server().recvOct() == 100 && big.server().recvOct() == 2000 && medium.server().recvOct() == 500);

        List<PortSample> send = recon.inetCount(InetAttribute.SEND_OCT, 2);
        assertEquals(List.of(big.client(), medium.client()), send.stream().map(PortSample::port).toList());
        assertEquals(List.of(2000L, 500L), send.stream().map(PortSample::value).toList());
        assertEquals(Map.of("send_oct", 2000L), send.get(0).details());

        List<PortSample> recv = recon.inetCount(InetAttribute.RECV_OCT, 1);
        assertEquals(big.server(), recv.get(0).port());
        assertEquals(2000, recv.get(0).value());

        List<PortSample> oct = recon.inetCount(InetAttribute.OCT, 1000);
        assertEquals(7, oct.size(), "6 sockets and the listener; the file is not an inet port");
        assertTrue(oct.stream().noneMatch(s -> s.port().name().equals("efile")));
        assertEquals(List.of(big.client(), big.server(), medium.client(), medium.server(), small.client(), small.server(),
                listener), oct.stream().map(PortSample::port).toList(), "largest first, ties by port number");
        assertEquals(List.of("recv_oct", "send_oct"), List.copyOf(oct.get(0).details().keySet()));
        assertEquals(Map.of("recv_oct", 0L, "send_oct", 2000L), oct.get(0).details());
        assertEquals(Map.of("recv_oct", 2000L, "send_oct", 0L), oct.get(1).details());

        List<PortSample> cnt = recon.inetCount(InetAttribute.SEND_CNT, 3);
        assertEquals(List.of(1L, 1L, 1L), cnt.stream().map(PortSample::value).toList());
        assertEquals(List.of(small.client(), big.client(), medium.client()), cnt.stream().map(PortSample::port).toList(),
                "equal values: the lower port number first");

        List<PortSample> all = recon.portCount(InetAttribute.OCT, 2);
        assertEquals(List.of(file, big.client()), all.stream().map(PortSample::port).toList(),
                "every port ranks: the file that wrote 1 MiB tops it");
        assertEquals(Map.of("recv_oct", 0L, "send_oct", (long) (1 << 20)), all.get(0).details());

        file.close();
        for (Pair p : List.of(small, big, medium)) {
            p.close();
        }
        listener.close();
        stop(owner);
    }

    @Test
    void inetWindowSeesOnlyTheTrafficWithinTheWindow() throws Exception {
        Pid owner = owner();
        Pid late = owner();
        TcpListener listener = ports.listen(owner, LOOPBACK_ANY);
        Pair before = pair(listener, owner, owner);
        Pair during = pair(listener, owner, owner);
        before.client().send(bytes(5000));
        during.client().send(bytes(100));
        Await.until("traffic before the window counted",
                () -> before.server().recvOct() == 5000 && during.server().recvOct() == 100);

        CompletionStage<List<PortSample>> window = recon.inetWindow(InetAttribute.OCT, 10, Duration.ofSeconds(2));
        assertFalse(window.toCompletableFuture().isDone(), "the caller is not blocked for the window");
        // the window has begun (its first snapshot is taken before inetWindow returns): traffic from another thread
        CompletableFuture<Pair> traffic = CompletableFuture.supplyAsync(() -> {
            try {
                during.client().send(bytes(1000));
                during.client().send(bytes(2000));
                Pair opened = pair(listener, late, late);
                opened.client().send(bytes(42));
                return opened;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Pair opened = traffic.get(T.toMillis(), TimeUnit.MILLISECONDS);
        Await.until("traffic in the window counted",
                () -> during.server().recvOct() == 3100 && opened.server().recvOct() == 42);
        assertFalse(window.toCompletableFuture().isDone(), "the traffic was counted within the window");

        List<PortSample> result = window.toCompletableFuture().get(T.toMillis(), TimeUnit.MILLISECONDS);
        Map<PortEntry, Long> byPort = new HashMap<>();
        result.forEach(s -> byPort.put(s.port(), s.value()));
        assertEquals(3000L, byPort.get(during.client()));
        assertEquals(3000L, byPort.get(during.server()));
        assertEquals(42L, byPort.get(opened.client()), "a port opened during the window counts from 0");
        assertEquals(42L, byPort.get(opened.server()));
        assertEquals(0L, byPort.get(before.client()), "traffic before the window is not counted");
        assertEquals(0L, byPort.get(before.server()));
        assertEquals(List.of(during.client(), during.server(), opened.client(), opened.server()),
                result.subList(0, 4).stream().map(PortSample::port).toList());
        assertEquals(Map.of("recv_oct", 0L, "send_oct", 3000L), result.get(0).details());
        assertEquals(Map.of("recv_oct", 3000L, "send_oct", 0L), result.get(1).details());

        for (Pair p : List.of(before, during, opened)) {
            p.close();
        }
        listener.close();
        stop(owner, late);
    }

    @Test
    void portWindowRanksFileWritesToo(@TempDir Path dir) throws Exception {
        Pid owner = owner();
        FilePort quiet = ports.openFile(owner, dir.resolve("quiet"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FilePort log = ports.openFile(owner, dir.resolve("log"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        quiet.write(ByteBuffer.wrap(bytes(10_000)));
        CompletionStage<List<PortSample>> window = recon.portWindow(InetAttribute.SEND_OCT, 2, Duration.ofMillis(300));
        log.write(ByteBuffer.wrap(bytes(700)));
        List<PortSample> top = window.toCompletableFuture().get(T.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(List.of(log, quiet), top.stream().map(PortSample::port).toList());
        assertEquals(List.of(700L, 0L), top.stream().map(PortSample::value).toList());
        assertTrue(recon.inetWindow(InetAttribute.SEND_OCT, 2, Duration.ofMillis(1)).toCompletableFuture()
                .get(T.toMillis(), TimeUnit.MILLISECONDS).isEmpty(), "inet_window ranks no file");
        quiet.close();
        log.close();
        stop(owner);
    }

    @Test
    void portInfoIsGroupedLikeRecon(@TempDir Path dir) throws Exception {
        Pid owner = GenServer.startSync(node, new TestServers.Idle(), SpawnOptions.DEFAULT.withName("keeper"), T);
        TcpListener listener = ports.listen(owner, LOOPBACK_ANY);
        Pair p = pair(listener, owner, owner);
        p.client().send(bytes(300));
        Await.until("bytes read", () -> p.server().recvOct() == 300);
        FilePort f = ports.openFile(owner, dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);

        for (String ref : List.of("#Port<0." + p.server().id() + ">", "<0." + p.server().id() + ">",
                " " + p.server().id() + " ")) {
            PortReport r = recon.portInfo(ref).orElseThrow();
            assertEquals(p.server().toString(), r.port());
            assertTrue(r.open());
            assertEquals(new PortReport.Meta(p.server().id(), "tcp_inet", p.server().openedAt()), r.meta());
            assertEquals(new PortReport.Signals(owner, "keeper", 4), r.signals(), "its owner owns 4 ports");
            assertEquals(new PortReport.Io(300, 0), r.io());
            assertEquals(Map.of("recv_oct", 300L, "send_oct", 0L, "recv_cnt", p.server().recvCnt(), "send_cnt", 0L),
                    r.type().statistics());
            assertEquals("127.0.0.1:" + p.server().localAddress().orElseThrow().getPort(), r.type().localAddress());
            assertEquals("127.0.0.1:" + p.client().localAddress().orElseThrow().getPort(), r.type().peerAddress());
            assertEquals(null, r.type().path());
        }
        PortReport file = recon.portInfo(String.valueOf(f.id())).orElseThrow();
        assertEquals("efile", file.meta().name());
        assertEquals(dir.resolve("f").toString(), file.type().path());
        assertEquals(null, file.type().localAddress());

        assertEquals(java.util.Optional.empty(), recon.portInfo("987654321"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> recon.portInfo("#Port<1.x>"));
        assertEquals("port reference: expected #Port<0.N>, <0.N> or N, got \"#Port<1.x>\"", bad.getMessage());

        f.close();
        p.close();
        listener.close();
        stop(owner);
    }

    @Test
    void aBadArgumentIsTheSameErrorForProcessesAndPorts() {
        String badN = "n: bad value 0, expected 1 to 1000";
        assertMessage(badN, () -> recon.procCount(ProcessAttribute.MEMORY, 0));
        assertMessage(badN, () -> recon.procWindow(ProcessAttribute.MEMORY, 0, Duration.ofMillis(1)));
        assertMessage(badN, () -> recon.inetCount(InetAttribute.OCT, 0));
        assertMessage(badN, () -> recon.portCount(InetAttribute.OCT, 0));
        assertMessage(badN, () -> recon.inetWindow(InetAttribute.OCT, 0, Duration.ofMillis(1)));
        assertMessage("n: bad value 1001, expected 1 to 1000", () -> recon.procCount(ProcessAttribute.MEMORY, 1001));
        assertMessage("n: bad value 1001, expected 1 to 1000", () -> recon.inetCount(InetAttribute.OCT, 1001));

        String longWindow = "window: bad value 61000 ms, expected 1 to 60000 ms";
        assertMessage(longWindow, () -> recon.procWindow(ProcessAttribute.MEMORY, 1, Duration.ofSeconds(61)));
        assertMessage(longWindow, () -> recon.inetWindow(InetAttribute.OCT, 1, Duration.ofSeconds(61)));
        assertMessage(longWindow, () -> recon.schedulerUsage(Duration.ofSeconds(61)));
        assertMessage("window: bad value 0 ms, expected 1 to 60000 ms",
                () -> recon.portWindow(InetAttribute.OCT, 1, Duration.ZERO));
        assertMessage("window: bad value PT0.0005S, expected 1 to 60000 ms",
                () -> recon.procWindow(ProcessAttribute.MEMORY, 1, Duration.ofNanos(500_000)));

        NullPointerException noProcessAttribute = assertThrows(NullPointerException.class, () -> recon.procCount(null, 1));
        assertEquals("attribute: bad value null, expected one of " + ProcessAttribute.wireNames(),
                noProcessAttribute.getMessage());
        NullPointerException noPortAttribute = assertThrows(NullPointerException.class, () -> recon.inetCount(null, 1));
        assertEquals("attribute: bad value null, expected one of recv_oct, send_oct, oct, recv_cnt, send_cnt, cnt",
                noPortAttribute.getMessage());
    }

    @Test
    void oneWindowOfEachKindAtATimeTheSameRuleForProcessesAndPorts() throws Exception {
        CompletionStage<List<PortSample>> portHeld = recon.inetWindow(InetAttribute.OCT, 5, Duration.ofSeconds(2));
        IntrospectionBusyException portBusy = busy(recon.portWindow(InetAttribute.CNT, 1, Duration.ofMillis(1)));
        assertEquals("a port window is already being sampled on node recon-ports: at most one at a time, "
                + "retry when it is done", portBusy.getMessage());
        busy(recon.inetWindow(InetAttribute.CNT, 1, Duration.ofMillis(1)));

        CompletionStage<List<ProcessSample>> processHeld =
                recon.procWindow(ProcessAttribute.REDUCTIONS, 5, Duration.ofMillis(500));
        IntrospectionBusyException processBusy = busy(recon.procWindow(ProcessAttribute.MEMORY, 1, Duration.ofMillis(1)));
        assertEquals("a process window is already being sampled on node recon-ports: at most one at a time, "
                + "retry when it is done", processBusy.getMessage());

        processHeld.toCompletableFuture().get(T.toMillis(), TimeUnit.MILLISECONDS);
        portHeld.toCompletableFuture().get(T.toMillis(), TimeUnit.MILLISECONDS);
        recon.inetWindow(InetAttribute.CNT, 1, Duration.ofMillis(1)).toCompletableFuture()
                .get(T.toMillis(), TimeUnit.MILLISECONDS); // the permit is back
    }

    @Test
    void windowsStillOpenFailWhenTheNodeTerminates() {
        Node doomed = Node.start("recon-doomed");
        Recon r = Recon.of(doomed);
        CompletableFuture<List<PortSample>> ports = r.inetWindow(InetAttribute.OCT, 10, Duration.ofSeconds(60))
                .toCompletableFuture();
        CompletableFuture<List<ProcessSample>> processes = r.procWindow(ProcessAttribute.MEMORY, 10,
                Duration.ofSeconds(60)).toCompletableFuture();
        doomed.close();
        for (CompletableFuture<?> w : List.of(ports, processes)) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> w.get(10, TimeUnit.SECONDS));
            assertEquals("node recon-doomed terminated during the window", failed.getCause().getMessage());
        }
    }

    // ------------------------------------------------------------------ helpers

    private static IntrospectionBusyException busy(CompletionStage<?> refused) {
        CompletionException e = assertThrows(CompletionException.class, () -> refused.toCompletableFuture().join());
        return assertInstanceOf(IntrospectionBusyException.class, e.getCause());
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::execute);
        assertEquals(expected, e.getMessage());
    }

    /** A call that throws what it throws, checked or not. */
    @FunctionalInterface
    private interface Executable {
        void execute();
    }

    private static Pid owner() {
        return GenServer.startSync(node, new TestServers.Idle(), SpawnOptions.DEFAULT, T);
    }

    private static Pair pair(TcpListener listener, Pid clientOwner, Pid serverOwner) throws Exception {
        TcpSocket client = ports.connect(clientOwner, listener.localAddress().orElseThrow(), T);
        TcpSocket server = listener.accept(serverOwner, T);
        return new Pair(client, server);
    }

    private static void stop(Pid... pids) {
        for (Pid pid : pids) {
            GenServer.stop(pid, ExitReason.NORMAL, T).toCompletableFuture().join();
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
