package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.ports.FilePort;
import io.medic.runtime.ports.InetAttribute;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpData;
import io.medic.runtime.ports.TcpListener;
import io.medic.runtime.ports.TcpSocket;
import io.medic.testing.Await;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletionStage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /medic/ports routes over real sockets owned by Medic processes: inet_count, inet_window, port_types, port_info. */
class PortRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;

    /** Listens, connects to itself and accepts; sends a chunk per "chat" cast, and keeps chatting while told to. */
    static final class Talker extends GenServer<Talker.State> {
        record State(TcpListener listener, TcpSocket out, TcpSocket in, long received) {
        }

        private final AtomicBoolean chatting;
        private final int chunk;

        Talker(AtomicBoolean chatting, int chunk) {
            this.chatting = chatting;
            this.chunk = chunk;
        }

        @Override
        protected Init<State> init() throws Exception {
            Ports ports = Ports.of(node());
            TcpListener listener = ports.listen(self(), new InetSocketAddress("127.0.0.1", 0));
            TcpSocket out = ports.connect(self(), listener.localAddress().orElseThrow(), Duration.ofSeconds(5));
            TcpSocket in = listener.accept(self(), Duration.ofSeconds(5));
            return ok(new State(listener, out, in, 0));
        }

        @Override
        protected Result<State> handleCast(Object message, State s) throws Exception {
            s.out().send(new byte[chunk]);
            if (chatting.get()) {
                GenServer.cast(self(), "chat");
            }
            return noreply(s);
        }

        @Override
        protected Result<State> handleInfo(Object message, State s) {
            if (message instanceof TcpData d) {
                return noreply(new State(s.listener(), s.out(), s.in(), s.received() + d.data().length));
            }
            return noreply(s);
        }
    }

    /** Opens a socket pair to itself on every "leak" cast and forgets both: a socket leak. */
    static final class Leaker extends GenServer<TcpListener> {
        @Override
        protected Init<TcpListener> init() throws Exception {
            return ok(Ports.of(node()).listen(self(), new InetSocketAddress("127.0.0.1", 0)));
        }

        @Override
        protected Result<TcpListener> handleCast(Object message, TcpListener listener) throws Exception {
            Ports.of(node()).connect(self(), listener.localAddress().orElseThrow(), Duration.ofSeconds(5));
            listener.accept(self(), Duration.ofSeconds(5));
            return noreply(listener);
        }

        @Override
        protected Result<TcpListener> handleInfo(Object message, TcpListener listener) {
            return noreply(listener);
        }
    }

    /** Writes {@code size} bytes to a file it owns on every cast. */
    static final class Writer extends GenServer<FilePort> {
        private final Path path;

        Writer(Path path) {
            this.path = path;
        }

        @Override
        protected Init<FilePort> init() throws Exception {
            return ok(Ports.of(node()).openFile(self(), path, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        }

        @Override
        protected Result<FilePort> handleCast(Object size, FilePort file) throws Exception {
            file.write(ByteBuffer.allocate((Integer) size));
            return noreply(file);
        }
    }

    @BeforeAll
    static void start() {
        http = MedicHttp.start("ports", "");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void portsAreCountedRankedAndDescribed() {
        AtomicBoolean never = new AtomicBoolean(false);
        Pid loud = GenServer.startSync(http.node, new Talker(never, 50_000), SpawnOptions.DEFAULT.withName("loud"), T);
        Pid quiet = GenServer.startSync(http.node, new Talker(never, 10), SpawnOptions.DEFAULT.withName("quiet"), T);
        try {
            countedRankedAndDescribed(loud, quiet);
        } finally {
            GenServer.stop(loud, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
            GenServer.stop(quiet, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
        }
    }

    private static void countedRankedAndDescribed(Pid loud, Pid quiet) {
        GenServer.cast(loud, "chat");
        GenServer.cast(quiet, "chat");
        Ports ports = Ports.of(http.node);
        Await.until("bytes received", () -> ports.entries().stream().mapToLong(p -> p.recvOct()).sum() >= 50_010);

        JsonNode types = http.get("/medic/ports/types").json();
        assertTrue(types.at("/types/tcp_inet").asInt() >= 6, types.toString());
        assertEquals(types.path("port_count").asInt(), ports.count());
        assertTrue(types.at("/open_file_descriptors").asLong() > 0, types.toString());

        JsonNode top = http.get("/medic/ports?sort=oct&limit=2").json();
        assertEquals("oct", top.path("attribute").asText());
        assertEquals(50_000, top.at("/ports/0/value").asLong(), top.toString());
        assertEquals(loud.toString(), top.at("/ports/0/owner").asText());
        assertEquals("loud", top.at("/ports/0/owner_name").asText());
        assertTrue(top.at("/ports/0/details").has("recv_oct"), top.toString());
        assertEquals(2, top.path("ports").size());

        long id = top.at("/ports/0/id").asLong();
        for (String ref : new String[] {String.valueOf(id), URLEncoder.encode("#Port<0." + id + ">", StandardCharsets.UTF_8),
                URLEncoder.encode("<0." + id + ">", StandardCharsets.UTF_8)}) {
            MedicHttp.Response r = http.get("/medic/ports/" + ref);
            assertEquals(200, r.status(), ref + ": " + r);
            JsonNode info = r.json();
            assertEquals("#Port<0." + id + ">", info.path("port").asText());
            assertEquals("tcp_inet", info.at("/meta/name").asText());
            assertEquals(loud.toString(), info.at("/signals/owner").asText());
            assertEquals("loud", info.at("/signals/owner_name").asText());
            assertEquals(3, info.at("/signals/owner_ports").asInt());
            assertEquals(50_000, info.at("/io/input_bytes").asLong() + info.at("/io/output_bytes").asLong());
            assertTrue(info.at("/type/local_address").asText().startsWith("127.0.0.1:"), info.toString());
        }
    }

    @Test
    void aChattySocketTopsTheWindow() {
        AtomicBoolean chatting = new AtomicBoolean(true);
        Pid chatty = GenServer.startSync(http.node, new Talker(chatting, 1000), SpawnOptions.DEFAULT.withName("chatty"), T);
        Pid silent = GenServer.startSync(http.node, new Talker(new AtomicBoolean(false), 1),
                SpawnOptions.DEFAULT.withName("silent"), T);
        try {
            GenServer.cast(chatty, "chat");
            JsonNode window = http.get("/medic/ports/window?attr=send_oct&limit=3&ms=300").json();
            assertEquals(chatty.toString(), window.at("/ports/0/owner").asText(), window.toString());
            assertTrue(window.at("/ports/0/value").asLong() > 0, window.toString());
            assertEquals(300, window.path("window_ms").asLong());
        } finally {
            chatting.set(false);
            GenServer.stop(chatty, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
            GenServer.stop(silent, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
        }
    }

    @Test
    void aSocketLeakIsFoundWithOneRequest() {
        Pid leaker = GenServer.startSync(http.node, new Leaker(), SpawnOptions.DEFAULT.withName("leaker"), T);
        Pid talker = GenServer.startSync(http.node, new Talker(new AtomicBoolean(false), 1), SpawnOptions.DEFAULT, T);
        try {
            for (int i = 0; i < 20; i++) {
                GenServer.cast(leaker, "leak");
            }
            Await.until("the leaker's 41 ports", () -> leaker.entry().ports() == 41);

            JsonNode top = http.get("/medic/processes?sort=ports&limit=2").json();
            assertEquals("ports", top.path("attribute").asText());
            assertEquals(leaker.toString(), top.at("/processes/0/pid").asText(), top.toString());
            assertEquals(41, top.at("/processes/0/value").asLong(), "a listener and 20 forgotten socket pairs");
            assertEquals(talker.toString(), top.at("/processes/1/pid").asText(), top.toString());
            assertEquals(3, top.at("/processes/1/value").asLong());

            assertEquals(41, http.get("/medic/processes/leaker").json().at("/signals/ports").asInt(),
                    "info counts the ports a process owns");

            // and lists them, a page at a time, by port number
            JsonNode first = http.get("/medic/ports?owner=leaker&limit=40").json();
            assertEquals(41, first.path("port_count").asInt(), first.toString());
            assertEquals(40, first.path("ports").size());
            long last = -1;
            for (JsonNode row : first.path("ports")) {
                assertEquals(leaker.toString(), row.path("owner").asText());
                assertEquals("leaker", row.path("owner_name").asText());
                assertTrue(row.path("id").asLong() > last, first.toString());
                last = row.path("id").asLong();
            }
            assertEquals(last, first.path("next").asLong(), "the cursor is the last port of the page");
            JsonNode second = http.get("/medic/ports?owner=" + URLEncoder.encode(leaker.toString(), StandardCharsets.UTF_8) + "&limit=40&after="
                    + URLEncoder.encode("#Port<0." + last + ">", StandardCharsets.UTF_8)).json();
            assertEquals(1, second.path("ports").size(), second.toString());
            assertTrue(second.path("next").isNull());
            assertEquals(0, http.get("/medic/ports?owner=leaker&type=efile").json().path("port_count").asInt());
            assertEquals("noproc", http.get("/medic/ports?owner=nobody-at-all").error());
            assertEquals("bad_after", http.get("/medic/ports?after=soon").error());
            assertEquals(400, http.get("/medic/ports?sort=oct&owner=leaker").status());
        } finally {
            GenServer.stop(leaker, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
            GenServer.stop(talker, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
        }
    }

    @Test
    void filesRankWithSocketsUnlessTypeNarrowsThem(@TempDir Path dir) {
        Pid writer = GenServer.startSync(http.node, new Writer(dir.resolve("log")), SpawnOptions.DEFAULT.withName("writer"), T);
        Pid talker = GenServer.startSync(http.node, new Talker(new AtomicBoolean(false), 10), SpawnOptions.DEFAULT, T);
        try {
            GenServer.cast(writer, 1 << 20);
            GenServer.cast(talker, "chat");
            Await.until("the megabyte written", () -> Ports.of(http.node).ownedBy(writer).get(0).sendOct() == 1 << 20);

            JsonNode all = http.get("/medic/ports?sort=send_oct&limit=1").json();
            assertEquals("efile", all.at("/ports/0/name").asText(), all.toString());
            assertEquals(writer.toString(), all.at("/ports/0/owner").asText());
            assertEquals(1 << 20, all.at("/ports/0/value").asLong());
            assertEquals(dir.resolve("log").toString(), all.at("/ports/0/path").asText());

            JsonNode inet = http.get("/medic/ports?sort=send_oct&limit=1&type=inet").json();
            assertEquals("tcp_inet", inet.at("/ports/0/name").asText(), inet.toString());
            JsonNode files = http.get("/medic/ports?sort=send_oct&limit=5&type=efile").json();
            assertEquals(1, files.path("ports").size(), files.toString());
            JsonNode window = http.get("/medic/ports/window?attr=send_oct&limit=5&ms=1&type=tcp_inet").json();
            for (JsonNode row : window.path("ports")) {
                assertEquals("tcp_inet", row.path("name").asText(), window.toString());
            }
            MedicHttp.Response bad = http.get("/medic/ports?sort=oct&type=Sockets!");
            assertEquals(400, bad.status(), bad.toString());
            assertEquals("bad_type", bad.error());
            assertTrue(bad.json().path("message").asText().startsWith("type: bad value 'Sockets!'"), bad.toString());
        } finally {
            GenServer.stop(writer, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
            GenServer.stop(talker, ExitReason.SHUTDOWN, T).toCompletableFuture().join();
        }
    }

    @Test
    void aSecondPortWindowIsRefusedWith429LikeAProcessWindow() {
        CompletionStage<?> held = Recon.of(http.node).portWindow(InetAttribute.OCT, 1, Duration.ofSeconds(2));
        MedicHttp.Response refused = http.get("/medic/ports/window?attr=oct&ms=10");
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("busy", refused.error());
        assertTrue(refused.json().path("message").asText().contains("at most one"), refused.toString());
        held.toCompletableFuture().join();
        assertEquals(200, http.get("/medic/ports/window?attr=oct&ms=10").status());
    }

    @Test
    void badPortRequests() {
        MedicHttp.Response badAttr = http.get("/medic/ports?sort=bandwidth");
        assertEquals(400, badAttr.status());
        assertEquals("bad_attribute", badAttr.error());
        assertTrue(badAttr.json().path("message").asText().contains("bandwidth"));
        assertEquals("bad_limit", http.get("/medic/ports?sort=oct&limit=0").error());
        assertEquals("bad_ms", http.get("/medic/ports/window?attr=oct&ms=99999").error());
        MedicHttp.Response badRef = http.get("/medic/ports/" + URLEncoder.encode("#Port<1.x>", StandardCharsets.UTF_8));
        assertEquals(400, badRef.status(), badRef.toString());
        assertEquals("bad_port", badRef.error());
        MedicHttp.Response none = http.get("/medic/ports/987654");
        assertEquals(404, none.status());
        assertEquals("no_port", none.error());
    }
}
