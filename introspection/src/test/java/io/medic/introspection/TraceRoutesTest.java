package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.introspection.internal.PasswordHash;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Sys;
import io.medic.runtime.trace.Trace;
import io.medic.runtime.trace.TraceEndReason;
import io.medic.runtime.trace.TraceSession;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11 §4 over real HTTP: {@code PUT /medic/processes/{pid}/trace} (sys:trace) and trace sessions —
 * {@code POST /medic/trace} answering a stream of server-sent events, {@code GET} listing them,
 * {@code DELETE} clearing them. Sessions trip on count and on rate, refuse dangerous combinations by rule,
 * end when their client goes away or falls behind, redact sensitive processes, carry senders, replies and
 * times, and leave nothing behind; every start is an admin's, audited.
 */
@Timeout(180)
class TraceRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String HASH = PasswordHash.hash("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
    private static final String ROOT = MedicHttp.basic("root", "s3cret");
    private static final String VIEWER = MedicHttp.basic("viewer", "s3cret");
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("trace-routes", String.join("\n",
                "akka.management.http.route-providers-read-only = false",
                "medic.trace.buffer-size = 64",
                "medic.http.auth.users {",
                "  root { password-hash = \"" + HASH + "\", roles = [admin] }",
                "  viewer { password-hash = \"" + HASH + "\", roles = [] }",
                "}"));
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @AfterEach
    void clear() {
        Trace.clear(http.node, T);
        List<Pid> all = new ArrayList<>();
        http.node.processes().entries().forEach(e -> all.add(e.pid()));
        all.forEach(p -> io.medic.runtime.Medic.exit(p, io.medic.runtime.ExitReason.KILLED));
        Await.until("the process table to be empty", () -> http.node.processes().size() == 0);
    }

    /** Casts each message it gets on to {@code target}: a message sent from inside a handler. */
    static final class Relay extends GenServer<Pid> {
        private final Pid target;

        Relay(Pid target) {
            this.target = target;
        }

        @Override
        protected Init<Pid> init() {
            return ok(target);
        }

        @Override
        protected Result<Pid> handleCast(Object message, Pid to) {
            GenServer.cast(to, message);
            return noreply(to);
        }

        @Override
        protected Result<Pid> handleCall(Object request, From from, Pid to) {
            return reply(request, to);
        }
    }

    private static Pid counter(String name) {
        return GenServer.startSync(http.node, new TestServers.Counter(name), SpawnOptions.DEFAULT.withName(name), T);
    }

    /** POSTs a spec; the response with its body as lines, read as they come. */
    private static HttpResponse<Stream<String>> post(String spec, String auth) {
        try {
            return http.client.send(http.request("/medic/trace", "Authorization", auth)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(spec)).build(),
                    HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A session's stream, once its start event has come. */
    private static SseStream stream(String spec) {
        HttpResponse<Stream<String>> r = post(spec, ROOT);
        if (r.statusCode() != 200) {
            throw new AssertionError(r.statusCode() + " " + r.body().collect(Collectors.joining("\n")));
        }
        assertEquals("text/event-stream", r.headers().firstValue("Content-Type").orElse(""));
        SseStream s = new SseStream(r.body().iterator());
        assertEquals("start", s.next().kind());
        return s;
    }

    /** A refused spec's status and JSON error. */
    private static MedicHttp.Response refused(String spec) {
        HttpResponse<Stream<String>> r = post(spec, ROOT);
        return new MedicHttp.Response(r.statusCode(), r.body().collect(Collectors.joining("\n")), r.headers());
    }

    // ================================================================== limits

    @Test
    void aSessionTripsOnItsCountAndSaysSoAsItsLastEvent() {
        Pid alfa = counter("Alfa");
        SseStream s = stream("{\"processes\": \"Alfa\", \"events\": [\"receive\"], \"limit\": {\"count\": 3}}");
        for (int i = 0; i < 5; i++) {
            GenServer.cast(alfa, "m" + i);
        }
        SseStream.Event end = s.toEnd();
        assertEquals("end", end.kind());
        assertEquals("count_reached", end.data().path("reason").asText());
        assertEquals(3, end.data().path("events").asInt());
        List<SseStream.Event> received = s.seen("receive");
        assertEquals(List.of("m0", "m1", "m2"), received.stream().map(e -> e.data().path("message").asText()).toList());
        JsonNode first = received.get(0).data();
        assertEquals(alfa.toString(), first.path("pid").asText());
        assertEquals("Alfa", first.path("name").asText());
        assertEquals("java.lang.String", first.path("message_type").asText());
        assertTrue(first.path("from").isNull(), "sent from the test's thread: " + first);
        assertTrue(first.path("at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), first.toString());
        assertNoSessionNorHook();
    }

    @Test
    void aSessionTripsOnItsRateInsteadOfDroppingEvents() {
        Pid alfa = counter("Alfa");
        SseStream s = stream("{\"processes\": \"Alfa\", \"limit\": {\"rate\": 10, \"per_ms\": 60000}}");
        for (int i = 0; i < 20; i++) {
            GenServer.cast(alfa, i);
        }
        SseStream.Event end = s.toEnd();
        assertEquals("rate_tripped", end.data().path("reason").asText(), end.toString());
        assertTrue(end.data().path("message").asText().startsWith("rate limit tripped: more than 10 events within 60000 ms"));
        assertEquals(10, s.seen("receive").size(), "10 events, then the 11th trips it");
        assertNoSessionNorHook();
    }

    @Test
    void theRateSpecOfTheIssueIsAcceptedWithTheDefaultEventsAndTtl() {
        Pid alfa = counter("Alfa");
        HttpResponse<Stream<String>> r = post("{\"processes\": \"Alfa\", \"limit\": {\"rate\": 10, \"per_ms\": 1000}}", ROOT);
        assertEquals(200, r.statusCode());
        SseStream s = new SseStream(r.body().iterator());
        SseStream.Event start = s.next();
        assertEquals("start", start.kind());
        JsonNode spec = start.data().path("spec");
        assertEquals(List.of(alfa.toString()), MedicHttp.JSON.convertValue(start.data().path("processes"), List.class));
        assertEquals(List.of("receive", "exit", "restart"), MedicHttp.JSON.convertValue(spec.path("events"), List.class));
        assertEquals(10, spec.path("limit").path("rate").asInt(), spec.toString());
        assertEquals(1000, spec.path("limit").path("per_ms").asInt(), spec.toString());
        assertEquals(60000, start.data().path("ttl_ms").asInt(), "medic.trace.default-ttl: " + start);
        GenServer.cast(alfa, "seen");
        assertEquals("seen", s.until(e -> e.kind().equals("receive")).data().path("message").asText());
        assertEquals(200, http.method("DELETE", "/medic/trace", "Authorization", ROOT).status());
        assertEquals("cleared", s.toEnd().data().path("reason").asText());
    }

    @Test
    void aCallEventCarriesTheReplyAndTheTimeItTook() {
        Pid alfa = counter("Alfa");
        SseStream s = stream("{\"processes\": \"Alfa\", \"events\": [\"call\"], \"limit\": {\"count\": 1}}");
        GenServer.call(alfa, "get", T);
        SseStream.Event call = s.until(e -> e.kind().equals("call"));
        assertEquals("get", call.data().path("message").asText());
        assertEquals("reply", call.data().path("outcome").asText());
        JsonNode reply = call.data().path("reply");
        assertEquals("Alfa", reply.path("label").asText(), "the reply rendered like a state: " + call);
        assertEquals(List.of("a", "b"), MedicHttp.JSON.convertValue(reply.path("tags"), List.class));
        assertTrue(call.data().path("duration_us").isIntegralNumber() && call.data().path("duration_us").asLong() >= 0,
                call.toString());
        assertEquals("count_reached", s.toEnd().data().path("reason").asText());
    }

    @Test
    void aMessageSentFromAHandlerCarriesItsSender() {
        Pid alfa = counter("Alfa");
        Pid bravo = GenServer.startSync(http.node, new Relay(alfa), SpawnOptions.DEFAULT.withName("Bravo"), T);
        SseStream s = stream("{\"processes\": \"Alfa\", \"events\": [\"receive\"], \"limit\": {\"count\": 1}}");
        GenServer.cast(bravo, "relayed");
        SseStream.Event in = s.until(e -> e.kind().equals("receive"));
        assertEquals("relayed", in.data().path("message").asText());
        assertEquals(bravo.toString(), in.data().path("from").asText(), in.toString());
        assertEquals("Bravo", in.data().path("from_name").asText());
    }

    @Test
    void aSupervisorRestartingTheTracedChildIsSeenAndFollowed() {
        Pid sup = Supervisor.startSync(http.node, SupervisorSpec.of(SupervisorFlags.oneForOne(),
                ChildSpec.worker("w", TestServers.Idle::new).withName("worker")), SpawnOptions.DEFAULT, T);
        Pid first = http.node.whereis("worker").orElseThrow();
        SseStream s = stream("{\"processes\": \"worker\", \"events\": [\"exit\", \"restart\", \"receive\"],"
                + " \"messages\": \"java.lang.String\", \"limit\": {\"count\": 3}}");
        io.medic.runtime.Medic.exit(first, io.medic.runtime.ExitReason.KILLED);
        SseStream.Event restart = s.until(e -> e.kind().equals("restart"));
        // the event comes as the supervisor spawns the new incarnation, which registers its name as it starts
        Pid second = Await.value("the new incarnation to hold the name", () -> http.node.whereis("worker").orElse(first),
                p -> !p.equals(first));
        assertEquals(second.toString(), restart.data().path("pid").asText());
        assertEquals(sup.toString(), restart.data().path("supervisor").asText());
        assertEquals(1, restart.data().path("restarts").asInt());
        SseStream.Event exit = s.seen("exit").get(0);
        assertEquals(first.toString(), exit.data().path("pid").asText());
        assertEquals("killed", exit.data().path("reason").asText());
        assertTrue(exit.data().path("abnormal").asBoolean());
        GenServer.cast(second, "to the new incarnation");
        SseStream.Event in = s.until(e -> e.kind().equals("receive"));
        assertEquals(second.toString(), in.data().path("pid").asText());
        io.medic.runtime.Medic.exit(sup, io.medic.runtime.ExitReason.SHUTDOWN);
    }

    // ================================================================== safety

    @Test
    void dangerousCombinationsAreRefusedNamingTheirRule() {
        counter("Alfa");
        Supervisor.startSync(http.node, SupervisorSpec.of(SupervisorFlags.oneForOne()),
                SpawnOptions.DEFAULT.withName("Vault"), T);
        assertRule("wide_unfiltered", "{\"processes\": \"all\", \"limit\": {\"count\": 5}}");
        assertRule("wide_unfiltered", "{\"processes\": [\"Alfa\", \"new\"], \"limit\": {\"count\": 5}}");
        assertRule("wide_unfiltered", "{\"processes\": {\"class\": \"io.medic.*\"}, \"messages\": \"*\", \"limit\": {\"count\": 5}}");
        assertRule("limit_above_cap", "{\"processes\": \"Alfa\", \"limit\": {\"count\": 1000000}}");
        assertRule("limit_above_cap", "{\"processes\": \"Alfa\", \"limit\": {\"rate\": 5000, \"per_ms\": 1000}}");
        assertRule("limit_above_cap", "{\"processes\": \"Alfa\", \"limit\": {\"count\": 5}, \"ttl_ms\": 86400000}");
        assertRule("medic_process", "{\"processes\": \"Vault\", \"limit\": {\"count\": 5}}");
        assertRule("state_on_wide", "{\"processes\": \"Al*\", \"messages\": \"java.lang.String\", \"events\": [\"state\"],"
                + " \"limit\": {\"count\": 5}}");
        assertEquals(0, http.get("/medic/trace", "Authorization", ROOT).json().path("sessions").size());
    }

    private static void assertRule(String rule, String spec) {
        MedicHttp.Response r = refused(spec);
        assertEquals(400, r.status(), r.toString());
        assertEquals("dangerous_combo", r.error());
        assertTrue(r.json().path("message").asText().startsWith("dangerous_combo " + rule + ": "), r.toString());
    }

    @Test
    void aBadSpecIsRefusedNamingTheFieldTheValueAndWhatWasExpected() {
        counter("Alfa");
        assertBadSpec("limit: missing, expected {\"count\": N} or {\"rate\": N, \"per_ms\": P}: a session must have a"
                + " limit (recon_trace's Max)", "{\"processes\": \"Alfa\"}");
        assertBadSpec("limit.per_ms: missing, expected {\"count\": N} or {\"rate\": N, \"per_ms\": P}",
                "{\"processes\": \"Alfa\", \"limit\": {\"rate\": 10}}");
        assertBadSpec("limit.count: bad value \"3\", expected a positive integer",
                "{\"processes\": \"Alfa\", \"limit\": {\"count\": \"3\"}}");
        assertBadSpec("events[1]: bad value \"recieve\", expected one of receive, call, cast, info, send, exit, restart, state",
                "{\"processes\": \"Alfa\", \"events\": [\"call\", \"recieve\"], \"limit\": {\"count\": 3}}");
        assertBadSpec("ttl: unknown field, expected one of events, limit, messages, processes, ttl_ms",
                "{\"processes\": \"Alfa\", \"ttl\": 5, \"limit\": {\"count\": 3}}");
        assertBadSpec("processes: missing, expected \"all\", \"new\", \"existing\", a pid, a registered name, a glob on names,"
                + " or an object {\"pid\": ...}, {\"name\": ...} or {\"class\": ...}", "{\"limit\": {\"count\": 3}}");
        assertBadSpec("processes[1]: bad value {\"nme\":\"x\"}, expected \"all\", \"new\", \"existing\", a pid, a registered"
                + " name, a glob on names, or an object {\"pid\": ...}, {\"name\": ...} or {\"class\": ...}",
                "{\"processes\": [\"Alfa\", {\"nme\": \"x\"}], \"limit\": {\"count\": 3}}");
        MedicHttp.Response noproc = refused("{\"processes\": \"Zulu\", \"limit\": {\"count\": 3}}");
        assertEquals(404, noproc.status(), noproc.toString());
        assertEquals("noproc", noproc.error());
        assertEquals("processes: no such process: Zulu", noproc.json().path("message").asText());
    }

    private static void assertBadSpec(String message, String spec) {
        MedicHttp.Response r = refused(spec);
        assertEquals(400, r.status(), r.toString());
        assertEquals("bad_spec", r.error(), r.toString());
        assertEquals(message, r.json().path("message").asText());
    }

    @Test
    void oneSessionAtATimeTheNextIsRefusedNamingTheRunningOne() {
        counter("Alfa");
        SseStream first = stream("{\"processes\": \"Alfa\", \"limit\": {\"count\": 5}}");
        MedicHttp.Response busy = refused("{\"processes\": \"Alfa\", \"limit\": {\"count\": 5}}");
        assertEquals(429, busy.status(), busy.toString());
        assertEquals("busy", busy.error());
        assertTrue(busy.json().path("message").asText().contains("(owner \"root at 127.0.0.1:"), busy.toString());
        JsonNode list = http.get("/medic/trace", "Authorization", VIEWER).json();
        assertEquals(1, list.path("sessions").size(), list.toString());
        assertEquals(1, list.path("max_sessions").asInt());
        assertTrue(list.path("sessions").get(0).path("owner").asText().startsWith("root at 127.0.0.1:"), list.toString());
        MedicHttp.Response cleared = http.method("DELETE", "/medic/trace", "Authorization", ROOT);
        assertEquals(200, cleared.status(), cleared.toString());
        assertEquals(1, cleared.json().path("cleared").asInt());
        assertEquals("cleared", first.toEnd().data().path("reason").asText());
        assertNoSessionNorHook();
    }

    @Test
    void startingAndClearingAreAnAdminsAndAudited() {
        counter("Alfa");
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            HttpResponse<Stream<String>> viewer = post("{\"processes\": \"Alfa\", \"limit\": {\"count\": 1}}", VIEWER);
            assertEquals(403, viewer.statusCode());
            viewer.body().close();
            SseStream s = stream("{\"processes\": \"Alfa\", \"limit\": {\"count\": 1}}");
            assertEquals(403, http.method("DELETE", "/medic/trace", "Authorization", VIEWER).status());
            assertEquals(200, http.method("DELETE", "/medic/trace", "Authorization", ROOT).status());
            s.toEnd();
            audit.awaitCount(4);
            List<String> lines = audit.messages();
            assertTrue(lines.get(0).matches("user=\"viewer\" remote=127\\.0\\.0\\.1:\\d+ action=trace_session target=\"/medic/trace\""
                    + " result=forbidden status=403"), lines.get(0));
            assertTrue(lines.get(1).matches("user=\"root\" remote=127\\.0\\.0\\.1:\\d+ action=trace_session target=\"/medic/trace\""
                    + " result=ok status=200"), lines.get(1));
            assertTrue(lines.get(2).contains("action=trace_clear target=\"/medic/trace\" result=forbidden status=403"), lines.get(2));
            assertTrue(lines.get(3).contains("user=\"root\"") && lines.get(3).contains("action=trace_clear target=\"/medic/trace\" result=ok status=200"),
                    lines.get(3));
        }
    }

    @Test
    void aSensitiveProcessIsTracedWithoutItsMessagesOrState() throws IOException {
        Pid vault = GenServer.startSync(http.node, new TestServers.Secretive(), SpawnOptions.DEFAULT.withName("Vault"), T);
        HttpResponse<Stream<String>> r = post("{\"processes\": \"Vault\", \"events\": [\"receive\", \"cast\", \"state\"],"
                + " \"limit\": {\"count\": 3}}", ROOT);
        assertEquals(200, r.statusCode());
        List<String> raw = new ArrayList<>();
        SseStream s = new SseStream(r.body().peek(raw::add).iterator());
        assertEquals("start", s.next().kind());
        GenServer.cast(vault, "PASSWORD-123");
        assertEquals("count_reached", s.toEnd().data().path("reason").asText());
        String all = String.join("\n", raw);
        assertFalse(all.contains("PASSWORD"), "neither its messages nor its state: " + all);
        for (String kind : List.of("receive", "cast")) {
            JsonNode e = s.seen(kind).get(0).data();
            assertTrue(e.path("redacted").asBoolean(), e.toString());
            assertTrue(e.path("message").isNull(), e.toString());
            assertEquals("java.lang.String", e.path("message_type").asText());
        }
        assertTrue(s.seen("state").get(0).data().path("state").isNull());
    }

    // ================================================================== owned by its client

    @Test
    void aSessionEndsWhenItsClientDisconnects() throws IOException {
        counter("Alfa");
        TraceSession session;
        try (Socket socket = new Socket(http.base.getHost(), http.base.getPort())) {
            socket.setSoTimeout((int) Await.DEADLINE.toMillis());
            BufferedReader in = request(socket, "{\"processes\": \"Alfa\", \"limit\": {\"count\": 100}}");
            SseStream s = SseStream.of(in);
            assertEquals("start", s.next().kind());
            session = Trace.sessions(http.node).get(0);
            assertTrue(session.isRunning());
        } // the client goes away: its heartbeats stop finding it
        assertEquals(TraceEndReason.CLIENT_GONE, Await.result(session.ended()).reason());
        assertNoSessionNorHook();
    }

    @Test
    void aClientThatDoesNotReadEndsItsSessionWithABufferOverflowSaidLast() throws IOException {
        Pid alfa = counter("Alfa");
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // a slow reader: the server's writes soon find no room
            socket.connect(new java.net.InetSocketAddress(http.base.getHost(), http.base.getPort()));
            socket.setSoTimeout((int) Await.DEADLINE.toMillis());
            BufferedReader in = request(socket, "{\"processes\": \"Alfa\", \"events\": [\"receive\"], \"limit\": {\"count\": 5000}}");
            SseStream s = SseStream.of(in);
            assertEquals("start", s.next().kind());
            TraceSession session = Trace.sessions(http.node).get(0);
            List<String> big = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                big.add("x".repeat(900)); // each event renders ~64 KiB (medic.http.state.max-bytes)
            }
            for (int i = 0; i < 2000 && session.isRunning(); i++) {
                GenServer.cast(alfa, big);
            }
            assertEquals(TraceEndReason.BUFFER_OVERFLOW, Await.result(session.ended()).reason());
            SseStream.Event end = s.toEnd(); // the client reads at last: what was buffered, then the end
            assertEquals("end", end.kind());
            assertEquals("buffer_overflow", end.data().path("reason").asText());
            assertTrue(s.seen("receive").size() < 2000, "ended long before the casts did: " + s.seen("receive").size());
        }
        assertNoSessionNorHook();
    }

    private static BufferedReader request(Socket socket, String spec) throws IOException {
        byte[] body = spec.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /medic/trace HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + ROOT + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String status = in.readLine();
        assertEquals("HTTP/1.1 200 OK", status);
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            // headers
        }
        return new BufferedReader(new ChunkedReader(in));
    }

    @Test
    void aThousandSessionsStartedAndEndedOverHttpLeaveNoSessionAndNoHook() {
        Pid alfa = counter("Alfa");
        for (int i = 0; i < 1000; i++) {
            String spec = i % 2 == 0 ? "{\"processes\": \"Alfa\", \"events\": [\"receive\", \"send\"], \"limit\": {\"count\": 10},"
                    + " \"ttl_ms\": 1}" : "{\"processes\": \"all\", \"messages\": \"java.lang.Integer\", \"limit\": {\"count\": 1}}";
            HttpResponse<Stream<String>> r = post(spec, ROOT);
            assertEquals(200, r.statusCode());
            if (i % 2 != 0) {
                GenServer.cast(alfa, i); // its one event
            }
            List<String> lines = r.body().toList(); // to the end of the stream
            assertTrue(lines.contains("event: end"), lines.toString());
        }
        assertNoSessionNorHook();
    }

    private static void assertNoSessionNorHook() {
        Await.untilAsserted(() -> {
            JsonNode list = http.get("/medic/trace", "Authorization", ROOT).json();
            assertEquals(0, list.path("sessions").size(), list.toString());
            assertEquals(0, list.path("hooked_processes").asInt(), list.toString());
        });
        assertEquals(List.of(), Trace.hooked(http.node));
    }

    // ================================================================== sys:trace

    @Test
    void sysTraceOfOneProcessIsAnAdminsAndAudited() {
        Pid alfa = counter("Alfa");
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            assertEquals(403, http.put("/medic/processes/Alfa/trace", "{\"enabled\": true}", "Authorization", VIEWER).status());
            MedicHttp.Response on = http.put("/medic/processes/Alfa/trace", "{\"enabled\": true}", "Authorization", ROOT);
            assertEquals(200, on.status(), on.toString());
            assertEquals("{\"pid\":\"" + alfa + "\",\"action\":\"trace\",\"result\":\"enabled\"}", on.body());
            assertTrue(Sys.getStatus(alfa).traceEnabled());
            assertEquals(400, http.put("/medic/processes/Alfa/trace", "{\"enabled\": \"yes\"}", "Authorization", ROOT).status());
            assertEquals("disabled", http.put("/medic/processes/Alfa/trace", "{\"enabled\": false}", "Authorization", ROOT)
                    .json().path("result").asText());
            assertFalse(Sys.getStatus(alfa).traceEnabled());
            audit.awaitCount(4);
            assertTrue(audit.messages().get(0).contains("action=trace target=\"Alfa\" result=forbidden status=403"));
            assertTrue(audit.messages().get(1).contains("action=trace target=\"Alfa\" result=ok status=200"));
            assertTrue(audit.messages().get(2).contains("action=trace target=\"Alfa\" result=bad_body status=400"));
        }
    }

    @Test
    void readOnlyNodesHaveNoTracingButTheListing() {
        try (MedicHttp ro = MedicHttp.start("trace-read-only", "")) {
            assertEquals(200, ro.get("/medic/trace").status());
            MedicHttp.Response post = ro.send(ro.request("/medic/trace").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"processes\": \"x\", \"limit\": {\"count\": 1}}")).build());
            assertEquals(405, post.status(), post.toString());
            assertEquals(405, ro.method("DELETE", "/medic/trace").status());
            assertEquals(404, ro.put("/medic/processes/x/trace", "{\"enabled\": true}").status());
        }
    }

    /** Reads an HTTP/1.1 chunked body as the characters it carries. */
    private static final class ChunkedReader extends java.io.Reader {
        private final BufferedReader in;
        private int left;
        private boolean done;

        ChunkedReader(BufferedReader in) {
            this.in = in;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = in.readLine();
                if (size != null && size.isEmpty()) {
                    size = in.readLine(); // the CRLF after the previous chunk
                }
                if (size == null) {
                    done = true;
                    return -1;
                }
                left = Integer.parseInt(size.trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(buf, off, Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
