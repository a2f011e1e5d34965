package io.medic.runtime.ports;

import static io.medic.runtime.ports.PortTesting.LOOPBACK_ANY;
import static io.medic.runtime.ports.PortTesting.TIMEOUT;
import static io.medic.runtime.ports.PortTesting.collector;
import static io.medic.runtime.ports.PortTesting.inside;
import static io.medic.runtime.ports.PortTesting.pair;
import static io.medic.runtime.ports.PortTesting.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.PortTesting.Pair;
import io.medic.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ports against real loopback sockets and files, owned by GenServers, observed through the public API. */
class PortsTest {
    private static Node node;
    private static Ports ports;

    @BeforeAll
    static void startNode() {
        node = Node.start("ports-test");
        ports = Ports.of(node);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    /** Every test closes what it opened: the table must be empty again (no leak between tests). */
    @AfterEach
    void tableIsEmptyAgain() {
        Await.until(() -> "ports left open: " + ports.entries(), () -> ports.count() == 0);
    }

    @Test
    void ofReturnsOneTablePerNode() {
        assertTrue(Ports.of(node) == ports);
    }

    @Test
    void countsBytesAndPacketsInBothDirectionsAndAttributesThemToTheOwners() throws Exception {
        Pid serverOwner = collector(node);
        Pid clientOwner = collector(node);
        TcpListener listener = inside(serverOwner, self -> ports.listen(self, LOOPBACK_ANY));
        Pair p = pair(ports, listener, clientOwner, serverOwner);

        byte[][] up = {bytes(10, 1), bytes(200, 2), bytes(70_000, 3)};
        byte[][] down = {bytes(5, 4), bytes(1000, 5)};
        for (byte[] b : up) {
            p.client().send(b);
        }
        for (byte[] b : down) {
            p.server().send(b);
        }
        byte[] upAll = concat(up);
        byte[] downAll = concat(down);
        Await.until(() -> "server got " + snapshot(serverOwner).bytes(p.server()).length,
                () -> snapshot(serverOwner).bytes(p.server()).length == upAll.length);
        Await.until(() -> "client got " + snapshot(clientOwner).bytes(p.client()).length,
                () -> snapshot(clientOwner).bytes(p.client()).length == downAll.length);

        Collector.Snapshot atServer = snapshot(serverOwner);
        Collector.Snapshot atClient = snapshot(clientOwner);
        assertArrayEquals(upAll, atServer.bytes(p.server()));
        assertArrayEquals(downAll, atClient.bytes(p.client()));

        assertEquals(upAll.length, p.client().sendOct());
        assertEquals(3, p.client().sendCnt());
        assertEquals(downAll.length, p.client().recvOct());
        assertEquals(atClient.deliveries(p.client()), p.client().recvCnt(), "recv_cnt = TcpData deliveries");
        assertEquals(upAll.length, p.server().recvOct());
        assertEquals(atServer.deliveries(p.server()), p.server().recvCnt());
        assertTrue(p.server().recvCnt() >= 2, "70 000 bytes cannot fit one 64 KiB read");
        assertEquals(downAll.length, p.server().sendOct());
        assertEquals(2, p.server().sendCnt());

        assertEquals(serverOwner, p.server().owner());
        assertEquals("tcp_inet", p.server().name());
        assertTrue(p.server().isOpen());
        assertEquals(p.client().localAddress(), p.server().peerAddress());
        assertEquals(p.server().localAddress(), p.client().peerAddress());
        assertEquals("127.0.0.1", p.server().localAddress().orElseThrow().getAddress().getHostAddress());
        assertEquals(Optional.empty(), p.server().path());
        assertEquals("#Port<0." + p.server().id() + ">", p.server().toString());
        assertEquals(List.of(p.client()), ports.ownedBy(clientOwner));
        assertEquals(List.of(listener, p.server()), ports.ownedBy(serverOwner));
        assertEquals(1, clientOwner.entry().ports(), "process_info's port count: the client socket");
        assertEquals(2, serverOwner.entry().ports(), "the listener and the accepted socket");
        assertEquals(2, serverOwner.entry().snapshot().ports());

        // the peer closes: the owner gets TcpClosed once, after all data; the port leaves the table
        p.client().close();
        assertFalse(p.client().isOpen());
        Await.until(() -> "TcpClosed for " + p.server(), () -> snapshot(serverOwner).closed(p.server()));
        assertFalse(p.server().isOpen());
        assertEquals(Optional.empty(), ports.get(p.server().id()));
        assertEquals(Optional.empty(), ports.get(p.client().id()));
        assertEquals(0, snapshot(serverOwner).unexpected());
        assertFalse(snapshot(clientOwner).closed(p.client()), "a local close sends no TcpClosed");
        assertEquals(upAll.length, p.server().recvOct(), "a closed port keeps its counters");
        assertEquals(0, clientOwner.entry().ports(), "a closed port leaves its owner's count");
        Await.until(() -> "the peer-closed socket leaves its owner's count; " + serverOwner.entry().ports() + " left",
                () -> serverOwner.entry().ports() == 1);

        IOException e = assertThrows(IOException.class, () -> p.client().send(bytes(1, 0)));
        assertTrue(e.getMessage().contains(p.client().toString()) && e.getMessage().contains("is closed"), e.getMessage());
        listener.close();
        stop(serverOwner, clientOwner);
    }

    @Test
    void concurrentSendersNeverInterleaveFrames() throws Exception {
        Pid reader = collector(node);
        Pid writer = collector(node);
        TcpListener listener = inside(reader, self -> ports.listen(self, LOOPBACK_ANY));
        Pair p = pair(ports, listener, writer, reader);
        int threads = 4;
        int frames = 60;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Long>> senders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            senders.add(CompletableFuture.supplyAsync(() -> {
                long sent = 0;
                try {
                    go.await();
                    for (int seq = 0; seq < frames; seq++) {
                        byte[] frame = frame("sender-" + id, payload(id, seq));
                        p.client().send(frame);
                        sent += frame.length;
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return sent;
            }, java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread th = new Thread(r, "sender-" + id);
                th.setDaemon(true);
                return th;
            })));
        }
        go.countDown();
        long total = 0;
        for (CompletableFuture<Long> s : senders) {
            total += s.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        long expected = total;
        Await.until(() -> "reader got " + snapshot(reader).bytes(p.server()).length + " of " + expected,
                () -> snapshot(reader).bytes(p.server()).length == expected);

        // parse: 1 byte name length, name, 4 bytes payload length, payload
        ByteBuffer in = ByteBuffer.wrap(snapshot(reader).bytes(p.server()));
        Map<String, Integer> nextSeq = new HashMap<>();
        int count = 0;
        while (in.hasRemaining()) {
            byte[] name = new byte[in.get() & 0xff];
            in.get(name);
            String sender = new String(name, StandardCharsets.US_ASCII);
            byte[] payload = new byte[in.getInt()];
            in.get(payload);
            int id = Integer.parseInt(sender.substring("sender-".length()));
            int seq = nextSeq.merge(sender, 1, Integer::sum) - 1;
            assertArrayEquals(payload(id, seq), payload, "frame " + seq + " of " + sender + " is intact and in order");
            count++;
        }
        assertEquals(threads * frames, count);
        assertEquals(threads * frames, p.client().sendCnt());
        assertEquals(expected, p.client().sendOct());
        assertEquals(expected, p.server().recvOct());
        p.client().close();
        listener.close();
        stop(reader, writer);
    }

    @Test
    void aSendToAPeerThatNeverReadsTimesOutClosesTheSocketAndQueuesNothing() throws Exception {
        Pid owner = collector(node);
        try (ServerSocketChannel raw = ServerSocketChannel.open()) {
            raw.bind(LOOPBACK_ANY);
            TcpSocket s = inside(owner, self -> ports.connect(self, (InetSocketAddress) raw.getLocalAddress(), TIMEOUT));
            try (SocketChannel silent = raw.accept()) {
                s.setSendTimeout(Duration.ofMillis(200));
                assertEquals(Duration.ofMillis(200), s.sendTimeout());
                byte[] chunk = bytes(1 << 20, 7);
                int completed = 0;
                IOException failure = null;
                for (int i = 0; i < 256 && failure == null; i++) {
                    try {
                        s.send(chunk);
                        completed++;
                    } catch (IOException e) {
                        failure = e;
                    }
                }
                assertTrue(failure != null, "256 MiB never stalled a peer that does not read");
                String m = failure.getMessage();
                assertTrue(m.contains(s.toString()) && m.contains("timed out after 200 ms")
                        && m.contains("the peer is not reading"), m);
                assertFalse(s.isOpen());
                assertEquals(Optional.empty(), ports.get(s.id()));
                Await.until("TcpClosed after the send timeout", () -> snapshot(owner).closed(s));
                assertEquals(completed, s.sendCnt());

                // send_oct counts exactly what went out: the silent peer can now read precisely that much
                long got = 0;
                ByteBuffer b = ByteBuffer.allocate(1 << 16);
                silent.socket().setSoTimeout((int) TIMEOUT.toMillis());
                java.io.InputStream is = silent.socket().getInputStream();
                byte[] buf = new byte[1 << 16];
                for (int n; (n = is.read(buf)) > 0; ) {
                    got += n;
                }
                assertEquals(s.sendOct(), got);
                assertTrue(s.sendOct() >= (long) completed * chunk.length && s.sendOct() < (long) (completed + 1) * chunk.length);
                b.clear();
            }
        }
        stop(owner);
    }

    @Test
    void aSendThatStallsResumesWhenThePeerReads() throws Exception {
        Pid owner = collector(node);
        try (ServerSocketChannel raw = ServerSocketChannel.open()) {
            raw.bind(LOOPBACK_ANY);
            TcpSocket s = inside(owner, self -> ports.connect(self, (InetSocketAddress) raw.getLocalAddress(), TIMEOUT));
            try (SocketChannel slow = raw.accept()) {
                byte[] data = bytes(32 << 20, 9); // far more than loopback's socket buffers hold
                Thread sender = new Thread(() -> {
                    try {
                        s.send(data);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }, "stalled-sender");
                CompletableFuture<Void> done = new CompletableFuture<>();
                sender.setUncaughtExceptionHandler((t, e) -> done.completeExceptionally(e));
                sender.start();
                Await.until(() -> "the sender waits for room, " + s.sendOct() + " bytes in",
                        () -> Arrays.stream(sender.getStackTrace()).anyMatch(f -> f.getMethodName().equals("awaitWritable")));
                assertTrue(s.sendOct() < data.length);

                ByteArrayOutputStream got = new ByteArrayOutputStream();
                ByteBuffer b = ByteBuffer.allocate(1 << 16);
                while (got.size() < data.length) {
                    b.clear();
                    if (slow.read(b) < 0) {
                        break;
                    }
                    got.write(b.array(), 0, b.position());
                }
                sender.join(TIMEOUT.toMillis());
                assertFalse(done.isCompletedExceptionally(), () -> done.handle((v, e) -> e.toString()).join());
                assertArrayEquals(data, got.toByteArray());
                assertEquals(data.length, s.sendOct());
                assertEquals(1, s.sendCnt());
                assertTrue(s.isOpen());
                s.close();
            }
        }
        stop(owner);
    }

    @Test
    void ownerDeathClosesItsPorts(@TempDir Path dir) throws Exception {
        Pid serverOwner = collector(node);
        Pid doomed = collector(node);
        Pid killed = collector(node);
        TcpListener listener = inside(serverOwner, self -> ports.listen(self, LOOPBACK_ANY));
        Pair p = pair(ports, listener, doomed, serverOwner);
        FilePort file = inside(killed, self -> ports.openFile(self, dir.resolve("f"), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        TcpListener killedListener = inside(killed, self -> ports.listen(self, LOOPBACK_ANY));
        assertEquals(5, ports.count());

        GenServer.stop(doomed, ExitReason.NORMAL, TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Await.until("the client dies with its owner", () -> !p.client().isOpen());
        Await.until("the peer sees the close", () -> snapshot(serverOwner).closed(p.server()));
        Medic.exit(killed, ExitReason.KILLED);
        Await.until("a killed owner's file and listener close", () -> !file.isOpen() && !killedListener.isOpen());
        assertEquals(List.of(listener), List.copyOf(ports.entries()));
        IOException e = assertThrows(IOException.class, () -> file.write(ByteBuffer.allocate(1)));
        assertTrue(e.getMessage().contains(file + " (efile " + dir.resolve("f") + ") is closed"), e.getMessage());
        listener.close();
        stop(serverOwner);
    }

    @Test
    void setOwnerMovesDeliveryAndTheLinkToTheNewOwner() throws Exception {
        Pid a = collector(node);
        Pid b = collector(node);
        Pid peerOwner = collector(node);
        TcpListener listener = inside(peerOwner, self -> ports.listen(self, LOOPBACK_ANY));
        Pair p = pair(ports, listener, a, peerOwner);
        p.server().send(bytes(3, 1));
        Await.until("a gets the first bytes", () -> snapshot(a).bytes(p.client()).length == 3);

        assertEquals(1, a.entry().ports());
        p.client().setOwner(b);
        assertEquals(b, p.client().owner());
        assertEquals(0, a.entry().ports(), "a moved port leaves its old owner's count");
        assertEquals(1, b.entry().ports(), "and counts for its new owner");
        p.server().send(bytes(4, 2));
        Await.until("b gets the bytes sent after the move", () -> snapshot(b).bytes(p.client()).length == 4);
        assertEquals(3, snapshot(a).bytes(p.client()).length);

        stop(a);
        assertTrue(p.client().isOpen(), "the previous owner's death no longer closes it");
        Pid dead = a;
        NoProcessException noproc = assertThrows(NoProcessException.class, () -> p.client().setOwner(dead));
        assertEquals(dead.toString(), noproc.target());
        NullPointerException npe = assertThrows(NullPointerException.class, () -> p.client().setOwner(null));
        assertTrue(npe.getMessage().contains("newOwner"), npe.getMessage());
        stop(b);
        Await.until("the new owner's death closes it", () -> !p.client().isOpen());
        assertEquals(0, b.entry().ports());
        UncheckedIOException closed = assertThrows(UncheckedIOException.class, () -> p.client().setOwner(peerOwner));
        assertTrue(closed.getMessage().contains(p.client() + " (tcp_inet"), closed.getMessage());
        Await.until("peer closed", () -> snapshot(peerOwner).closed(p.server()));
        // the server side closes on its own when it reads the end of the stream: count once it has
        Await.until(() -> "a refused move to a closed port counts nothing: the listener only, not "
                + peerOwner.entry().ports(), () -> peerOwner.entry().ports() == 1);
        listener.close();
        stop(peerOwner);
    }

    @Test
    void theTableListsEveryOpenPortAndOnlyThose(@TempDir Path dir) throws Exception {
        Pid owner = collector(node);
        TcpListener l1 = inside(owner, self -> ports.listen(self, LOOPBACK_ANY));
        TcpListener l2 = inside(owner, self -> ports.listen(self, LOOPBACK_ANY));
        Pair p = pair(ports, l1, owner, owner);
        FilePort f = inside(owner, self -> ports.openFile(self, dir.resolve("x"), StandardOpenOption.CREATE, StandardOpenOption.WRITE));

        assertEquals(Map.of("tcp_inet", 4L, "efile", 1L), names());
        assertEquals(5, ports.count());
        assertEquals(5, ports.entries().size());
        assertEquals(5, owner.entry().ports());
        assertThrows(UnsupportedOperationException.class, () -> ports.entries().clear());

        f.close();
        p.client().close();
        p.server().close();
        l2.close();
        assertEquals(Map.of("tcp_inet", 1L), names());
        l1.close();
        assertEquals(Map.of(), names());
        stop(owner);
    }

    private static Map<String, Long> names() {
        return ports.entries().stream().collect(java.util.stream.Collectors.groupingBy(PortEntry::name,
                java.util.stream.Collectors.counting()));
    }

    @Test
    void lookupAcceptsTheThreeFormsAndNamesABadValue() throws Exception {
        Pid owner = collector(node);
        TcpListener listener = inside(owner, self -> ports.listen(self, LOOPBACK_ANY));
        long id = listener.id();
        assertEquals("#Port<0." + id + ">", listener.toString());
        for (String ref : List.of("#Port<0." + id + ">", "<0." + id + ">", Long.toString(id), " " + id + " ")) {
            assertEquals(Optional.of(listener), ports.lookup(ref), ref);
        }
        assertEquals(id, ports.lookup("#Port<0." + id + ">").orElseThrow().id());
        assertEquals(Optional.empty(), ports.lookup("#Port<0.999999999>"));
        assertEquals(Optional.empty(), ports.get(999_999_999L));
        for (String bad : List.of("", "abc", "#Port<1.2>", "<0.x>", "-1", "#Port<0.1", "0.1", "99999999999999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ports.lookup(bad), bad);
            assertEquals("port reference: expected #Port<0.N>, <0.N> or N, got \"" + bad + "\"", e.getMessage());
        }
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> ports.lookup(null));
        assertTrue(nul.getMessage().endsWith("got null"), nul.getMessage());
        listener.close();
        stop(owner);
    }

    @Test
    void badInputIsReportedPrecisely() throws Exception {
        Pid owner = collector(node);
        NullPointerException npe = assertThrows(NullPointerException.class, () -> ports.listen(null, LOOPBACK_ANY));
        assertTrue(npe.getMessage().startsWith("owner: expected a live Medic process"), npe.getMessage());
        assertThrows(NullPointerException.class, () -> ports.connect(null, LOOPBACK_ANY, TIMEOUT));
        assertThrows(NullPointerException.class, () -> ports.openFile(null, Path.of("x")));

        Pid dead = collector(node);
        stop(dead);
        NoProcessException noproc = assertThrows(NoProcessException.class, () -> ports.listen(dead, LOOPBACK_ANY));
        assertEquals("no such process: " + dead, noproc.getMessage());
        assertThrows(NoProcessException.class, () -> ports.connect(dead, LOOPBACK_ANY, TIMEOUT));
        assertThrows(NoProcessException.class, () -> ports.openFile(dead, Path.of("x")));

        int refused;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            refused = free.getLocalPort();
        }
        InetSocketAddress nobody = new InetSocketAddress("127.0.0.1", refused);
        ConnectException ce = assertThrows(ConnectException.class, () -> ports.connect(owner, nobody, TIMEOUT));
        assertTrue(ce.getMessage().startsWith("tcp_inet connect to 127.0.0.1:" + refused + " failed"), ce.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> ports.connect(owner, nobody, Duration.ZERO));
        assertTrue(zero.getMessage().startsWith("timeout: expected 1 ms ≤ timeout ≤"), zero.getMessage());
        assertTrue(zero.getMessage().endsWith("got 0 ms"), zero.getMessage());

        TcpListener listener = ports.listen(owner, LOOPBACK_ANY);
        SocketTimeoutException timeout = assertThrows(SocketTimeoutException.class, () -> listener.accept(owner, Duration.ofMillis(50)));
        assertEquals(listener + " (tcp_inet listen 127.0.0.1:" + listener.localAddress().orElseThrow().getPort()
                + ") : accept timed out after 50 ms".replace(") :", "):"), timeout.getMessage());
        assertThrows(NoProcessException.class, () -> listener.accept(dead, TIMEOUT));
        IOException inUse = assertThrows(IOException.class, () -> ports.listen(owner, listener.localAddress().orElseThrow()));
        assertTrue(inUse.getMessage().startsWith("tcp_inet listen on 127.0.0.1:" + listener.localAddress().orElseThrow().getPort() + " failed"),
                inUse.getMessage());

        // closing a listener wakes a pending accept with an error naming the port
        CompletableFuture<TcpSocket> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return listener.accept(owner, TIMEOUT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Await.until("accept is waiting", () -> listener.isOpen() && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> Arrays.stream(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals("blockingAccept"))));
        listener.close();
        Exception e = assertThrows(Exception.class, () -> pending.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        assertTrue(e.getCause().getMessage().contains(listener + " (tcp_inet listen") && e.getCause().getMessage().contains("is closed"),
                e.getCause().getMessage());
        IOException again = assertThrows(IOException.class, () -> listener.accept(owner, TIMEOUT));
        assertTrue(again.getMessage().endsWith("is closed"), again.getMessage());
        listener.close(); // idempotent

        TcpListener l2 = ports.listen(owner, LOOPBACK_ANY);
        Pair p = pair(ports, l2, owner, owner);
        NullPointerException noData = assertThrows(NullPointerException.class, () -> p.client().send(null));
        assertEquals("data", noData.getMessage());
        IllegalArgumentException badTimeout = assertThrows(IllegalArgumentException.class, () -> p.client().setSendTimeout(Duration.ofHours(2)));
        assertEquals("sendTimeout: expected 1 ms ≤ timeout ≤ 1 h, got 7200000 ms", badTimeout.getMessage());
        p.client().close();
        p.server().close();
        l2.close();
        stop(owner);
    }

    @Test
    void filePortsAreCountedAsEfile(@TempDir Path dir) throws Exception {
        Pid owner = collector(node);
        Path path = dir.resolve("data.bin");
        FilePort f = inside(owner, self -> ports.openFile(self, path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE));
        assertEquals("efile", f.name());
        assertEquals(Optional.of(path), f.path());
        assertEquals(Optional.empty(), f.localAddress());
        byte[] all = concat(new byte[][] {bytes(10, 1), bytes(20, 2), bytes(30, 3)});
        assertEquals(10, f.write(ByteBuffer.wrap(all, 0, 10)));
        assertEquals(20, f.write(ByteBuffer.wrap(all, 10, 20)));
        assertEquals(30, f.write(ByteBuffer.wrap(all, 30, 30)));
        assertEquals(60, f.sendOct());
        assertEquals(3, f.sendCnt());
        assertEquals(60, f.size());

        f.position(0);
        ByteBuffer b = ByteBuffer.allocate(16);
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        while (f.read(b.clear()) > 0) {
            read.write(b.array(), 0, b.position());
        }
        assertArrayEquals(all, read.toByteArray());
        assertEquals(60, f.recvOct());
        assertEquals(4, f.recvCnt(), "16 + 16 + 16 + 12 bytes; the end of file is not a read");
        assertArrayEquals(all, Files.readAllBytes(path));

        assertEquals(Map.of("efile", 1L), names());
        assertFalse(f.isInet(), "files are not inet ports");
        assertEquals(owner, f.owner());
        assertEquals(1, owner.entry().ports());

        f.close();
        IOException e = assertThrows(IOException.class, () -> f.read(ByteBuffer.allocate(1)));
        assertEquals(f + " (efile " + path + ") is closed", e.getMessage());
        assertEquals(0, ports.count());
        stop(owner);
    }

    @Test
    void inetAttributesParseTheirWireNames() {
        for (InetAttribute a : InetAttribute.values()) {
            assertEquals(Optional.of(a), InetAttribute.parse(a.wireName()));
            assertEquals(Optional.of(a), InetAttribute.parse(" " + a.wireName().toUpperCase() + " "));
        }
        assertEquals("recv_oct", InetAttribute.RECV_OCT.wireName());
        assertEquals(Optional.empty(), InetAttribute.parse("octets"));
        assertEquals(Optional.empty(), InetAttribute.parse(null));
        assertEquals(List.of(InetAttribute.RECV_CNT, InetAttribute.SEND_CNT), InetAttribute.CNT.parts());
    }

    // ------------------------------------------------------------------ helpers

    private static void stop(Pid... pids) throws Exception {
        for (Pid pid : pids) {
            if (pid.isAlive()) {
                GenServer.stop(pid, ExitReason.NORMAL, TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    private static byte[] concat(byte[][] parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] payload(int sender, int seq) {
        return bytes(1 + (seq * 7919 + sender * 104_729) % 100_000, sender * 1000 + seq);
    }

    private static byte[] frame(String name, byte[] payload) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(1 + n.length + 4 + payload.length)
                .put((byte) n.length).put(n).putInt(payload.length).put(payload).array();
    }
}
