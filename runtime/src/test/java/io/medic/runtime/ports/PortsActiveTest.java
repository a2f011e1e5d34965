package io.medic.runtime.ports;

import static io.medic.runtime.ports.PortTesting.LOOPBACK_ANY;
import static io.medic.runtime.ports.PortTesting.TIMEOUT;
import static io.medic.runtime.ports.PortTesting.collector;
import static io.medic.runtime.ports.PortTesting.inside;
import static io.medic.runtime.ports.PortTesting.snapshot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Back-pressure on sockets: {@code {active, once}}, {@code {active, N}} and {@code {active, false}}, against
 * a plain non-blocking JDK socket as the peer. The peer writes until its writes return 0 — the kernel's
 * buffers on both sides are full, its TCP window closed — which is the proof, without any timing, that
 * the Medic side has stopped reading; the counts are then read.
 */
class PortsActiveTest {
    /** The hang guard of {@link #fill}: far more than loopback's buffers can hold. */
    private static final long MAX_FILL = 256L << 20;

    private static Node node;
    private static Ports ports;

    @BeforeAll
    static void startNode() {
        node = Node.start("ports-active-test");
        ports = Ports.of(node);
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @AfterEach
    void tableIsEmptyAgain() {
        Await.until(() -> "ports left open: " + ports.entries(), () -> ports.count() == 0);
    }

    @Test
    void activeOnceNeverReadsAheadWhileThePeerFillsItsWindow() throws Exception {
        Pid owner = collector(node);
        try (Peer peer = Peer.to(owner, Active.ONCE)) {
            TcpSocket s = peer.socket;
            assertEquals(Active.ONCE, s.active());
            long written = peer.fill();
            Await.until(() -> "a delivery", () -> snapshot(owner).deliveries(s) >= 1);
            Collector.Snapshot first = snapshot(owner);
            assertEquals(1, first.deliveries(s), "the owner got exactly one TcpData");
            assertEquals(first.bytes(s).length, s.recvOct(), "recv_oct is the one chunk delivered");
            assertTrue(s.recvOct() <= 64 * 1024 && s.recvOct() < written, s.recvOct() + " of " + written);
            assertEquals(1, s.recvCnt());
            assertEquals(Active.FALSE, s.active(), "a spent once is passive");

            s.setActive(Active.ONCE);
            Await.until(() -> "a second delivery", () -> snapshot(owner).deliveries(s) >= 2);
            written += peer.fill(); // the second read made room: the peer fills it, and blocks again
            Collector.Snapshot second = snapshot(owner);
            assertEquals(2, second.deliveries(s), "still exactly one TcpData per request");
            assertEquals(second.bytes(s).length, s.recvOct());
            assertEquals(List.of(), second.passives(s), "{active, once} sends no TcpPassive");

            s.setActive(Active.TRUE);
            long all = written;
            Await.until(() -> "all " + all + " bytes; got " + s.recvOct(), () -> s.recvOct() == all);
            assertArrayEquals(peer.expected(), snapshot(owner).bytes(s), "every byte, in order");
            assertEquals(0, snapshot(owner).unexpected());
        }
    }

    @Test
    void activeNDeliversNChunksThenTellsTheOwner() throws Exception {
        Pid owner = collector(node);
        try (Peer peer = Peer.to(owner, Active.FALSE)) {
            TcpSocket s = peer.socket;
            long written = peer.fill();
            assertEquals(0, s.recvOct(), "{active, false} reads nothing");
            assertEquals(0, snapshot(owner).deliveries(s));

            s.setActive(Active.n(3));
            Await.until(() -> "a TcpPassive", () -> !snapshot(owner).passives(s).isEmpty());
            written += peer.fill();
            Collector.Snapshot after3 = snapshot(owner);
            assertEquals(3, after3.deliveries(s), "exactly N chunks");
            assertEquals(List.of(3), after3.passives(s), "TcpPassive after the third TcpData");
            assertEquals(after3.bytes(s).length, s.recvOct());
            assertEquals(Active.FALSE, s.active());

            s.setActive(Active.n(5));
            Await.until(() -> "a second TcpPassive", () -> snapshot(owner).passives(s).size() == 2);
            peer.fill();
            assertEquals(List.of(3, 8), snapshot(owner).passives(s));
            assertEquals(8, snapshot(owner).deliveries(s));
            assertEquals(0, snapshot(owner).unexpected());
        }
    }

    @Test
    void countsAddUpAndACountOfZeroOrLessGoesPassiveAtOnce() throws Exception {
        Pid owner = collector(node);
        try (Peer peer = Peer.to(owner, Active.FALSE)) {
            TcpSocket s = peer.socket;
            s.setActive(Active.n(0));
            Await.until(() -> "a TcpPassive", () -> snapshot(owner).passives(s).size() == 1);
            s.setActive(Active.n(Active.MAX_N));
            assertEquals(Active.n(Active.MAX_N), s.active());
            IllegalArgumentException over = assertThrows(IllegalArgumentException.class, () -> s.setActive(Active.n(1)));
            assertEquals("active: {active, N} adds N to the chunks left: 32767 + 1 = 32768, above 32767", over.getMessage());
            s.setActive(Active.n(-40_000 + 32_768)); // 32767 - 7232: still counting
            assertEquals(Active.n(32767 - 7232), s.active());
            s.setActive(Active.n(Active.MIN_N));
            Await.until(() -> "a second TcpPassive", () -> snapshot(owner).passives(s).size() == 2);
            assertEquals(Active.FALSE, s.active());
            assertEquals(0, s.recvOct());
        }
        assertEquals("n: expected -32768 to 32767 (gen_tcp's {active, N}), got 40000",
                assertThrows(IllegalArgumentException.class, () -> Active.n(40_000)).getMessage());
        assertEquals("{active, once}", Active.ONCE.toString());
        assertEquals("{active, 7}", Active.n(7).toString());
    }

    @Test
    void aPassiveSocketLearnsThatItsPeerClosedWhenItReadsAgain() throws Exception {
        Pid owner = collector(node);
        Peer peer = Peer.to(owner, Active.FALSE);
        TcpSocket s = peer.socket;
        peer.channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        peer.channel.close();
        peer.listener.close();
        assertTrue(s.isOpen(), "a passive socket has not read the end of the stream");
        s.setActive(Active.TRUE);
        Await.until(() -> "TcpClosed", () -> snapshot(owner).closed(s));
        assertArrayEquals(new byte[] {1, 2, 3}, snapshot(owner).bytes(s), "the data came before the close");
        UncheckedIOException closed = assertThrows(UncheckedIOException.class, () -> s.setActive(Active.ONCE));
        assertTrue(closed.getMessage().endsWith(" is closed"), closed.getMessage());
    }

    @Test
    void connectCanStartInActiveOnce() throws Exception {
        Pid owner = collector(node);
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(LOOPBACK_ANY)) {
            TcpSocket s = inside(owner, self -> ports.connect(self, (InetSocketAddress) server.getLocalAddress(), TIMEOUT,
                    Active.ONCE));
            try (SocketChannel far = server.accept()) {
                far.write(ByteBuffer.wrap(new byte[] {42}));
                Await.until(() -> "one delivery", () -> snapshot(owner).deliveries(s) == 1);
                assertEquals(Active.FALSE, s.active());
            } finally {
                s.close();
            }
        }
    }

    /** The reader of docs/ports.md: counts the bytes it reads, one chunk at a time. */
    static final class OnceReader extends GenServer<Long> {
        @Override
        protected Init<Long> init() {
            return ok(0L);
        }

        @Override
        protected Result<Long> handleCall(Object request, From from, Long bytesIn) throws Exception {
            if (request instanceof Collector.Run run) {
                return reply(run.job().run(self()), bytesIn);
            }
            return reply(bytesIn, bytesIn);
        }

        // --8<-- docs/ports.md "Reading: active modes"
        @Override
        protected Result<Long> handleInfo(Object msg, Long bytesIn) throws Exception {
            if (msg instanceof TcpData d) {
                long next = bytesIn + d.data().length;             // handle the chunk
                d.socket().setActive(Active.ONCE);                 // then ask for the next one
                return noreply(next);
            }
            return super.handleInfo(msg, bytesIn);
        }
        // --8<--
    }

    @Test
    void aReaderThatAsksForEachChunkGetsEveryByte() throws Exception {
        Pid reader = GenServer.startSync(node, new OnceReader(), SpawnOptions.DEFAULT, TIMEOUT);
        try (Peer peer = Peer.to(reader, Active.ONCE)) {
            long written = 0;
            for (int i = 0; i < 4; i++) {
                // the reader drains the window chunk by chunk, asking each time: a fixed amount, not "until
                // the window is full", which a reader that keeps up never lets happen
                written += peer.write(1 << 20);
                long w = written;
                Await.until(() -> "the reader to catch up to " + w, () -> (long) GenServer.call(reader, "bytes") >= w);
            }
            assertEquals(written, (long) GenServer.call(reader, "bytes"));
            assertEquals(written, peer.socket.recvOct());
        }
    }

    /** A plain non-blocking JDK socket connected to a socket accepted by {@code owner} in a given mode. */
    private static final class Peer implements AutoCloseable {
        final SocketChannel channel;
        final TcpSocket socket;
        final TcpListener listener;
        private final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        private long next;

        private Peer(SocketChannel channel, TcpSocket socket, TcpListener listener) {
            this.channel = channel;
            this.socket = socket;
            this.listener = listener;
        }

        static Peer to(Pid owner, Active mode) throws Exception {
            TcpListener listener = inside(owner, self -> ports.listen(self, LOOPBACK_ANY));
            SocketChannel channel = SocketChannel.open(listener.localAddress().orElseThrow());
            TcpSocket socket = inside(owner, self -> listener.accept(self, TIMEOUT, mode));
            channel.configureBlocking(false);
            return new Peer(channel, socket, listener);
        }

        /**
         * Writes numbered bytes until a write returns 0: the kernel's buffers are full and the peer's
         * window closed, because the other side is not reading. Returns the bytes written.
         */
        long fill() throws IOException {
            long total = 0;
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            while (true) {
                b.clear();
                long start = next;
                while (b.hasRemaining()) {
                    b.put((byte) (next++ * 31));
                }
                b.flip();
                int n = channel.write(b);
                next = start + n;
                sent.write(b.array(), 0, n);
                total += n;
                if (n == 0) {
                    return total;
                }
                if (total > MAX_FILL) {
                    throw new AssertionError("wrote " + total + " bytes without filling the window: the other side keeps reading");
                }
            }
        }

        /**
         * Writes exactly {@code bytes} numbered bytes, waiting (on a selector, never a sleep) whenever the
         * window is full for the other side to read. Returns {@code bytes}.
         */
        long write(long bytes) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            long left = bytes;
            try (Selector writable = Selector.open()) {
                channel.register(writable, SelectionKey.OP_WRITE);
                while (left > 0) {
                    b.clear();
                    long start = next;
                    while (b.hasRemaining() && next - start < left) {
                        b.put((byte) (next++ * 31));
                    }
                    b.flip();
                    int n = channel.write(b);
                    next = start + n;
                    sent.write(b.array(), 0, n);
                    left -= n;
                    if (n == 0 && writable.select(TIMEOUT.toMillis()) == 0) {
                        throw new AssertionError("the other side read nothing for " + TIMEOUT + "; " + left + " bytes left to write");
                    }
                    writable.selectedKeys().clear();
                }
            }
            return bytes;
        }

        byte[] expected() {
            return sent.toByteArray();
        }

        @Override
        public void close() throws IOException {
            socket.close(); // first: a local close tells the owner nothing, the peer's would send a TcpClosed
            channel.close();
            listener.close();
        }
    }
}
