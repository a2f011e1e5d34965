package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;
import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.CastCounter;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import io.medic.testing.Gate;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-process routes over a real HTTP server: every pid form, info, the sys routes (read and
 * mutating), and each error answer. The node is not read-only and has no users.
 */
@ExpectLog(level = "WARN", logger = "io.medic.introspection.MedicRouteProvider", message = "mutating /medic routes")
class ProcessRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;
    private static Expectation audit;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("routes", "akka.management.http.route-providers-read-only = false");
        audit = LogCapture.listen("INFO", "io.medic.audit");
    }

    @AfterAll
    static void stop() {
        audit.close();
        http.close();
    }

    private static Pid counter(String name) {
        SpawnOptions o = name == null ? SpawnOptions.DEFAULT : SpawnOptions.DEFAULT.withName(name);
        return GenServer.startSync(http.node, new TestServers.Counter("label-" + name), o, T);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ pid forms and info

    @Test
    void infoAcceptsEveryPidForm() {
        Pid pid = counter("forms");
        String[] forms = {
            enc(pid.toString()),                       // %3C0.N.0%3E
            "0." + pid.number() + ".0",
            "forms",                                   // registered name
            enc(pid.path()),                           // akka://routes/user/forms-N
            enc(pid.ref().path().toStringWithoutAddress()) // /user/forms-N
        };
        for (String form : forms) {
            MedicHttp.Response r = http.get("/medic/processes/" + form);
            assertEquals(200, r.status(), form + " -> " + r);
            assertEquals(pid.toString(), r.json().path("pid").asText(), form);
        }
        // a raw <0.N.0>, as curl sends it (java.net.http refuses to send it, so over a plain socket)
        String raw = http.rawGet("/medic/processes/" + pid);
        assertTrue(raw.startsWith("HTTP/1.1 200"), raw);
        assertTrue(raw.contains("\"pid\":\"" + pid + "\""), raw);
    }

    @Test
    void infoIsGroupedLikeReconInfo() {
        Pid pid = counter("grouped");
        GenServer.cast(pid, "inc");
        GenServer.call(pid, "get", T); // the cast has been handled once the call answers
        JsonNode info = http.get("/medic/processes/grouped").json();
        assertEquals("grouped", info.at("/meta/registered_name").asText());
        assertEquals("gen_server", info.at("/meta/kind").asText());
        assertEquals(TestServers.Counter.class.getName(), info.at("/meta/behaviour").asText());
        assertEquals("waiting", info.at("/meta/status").asText());
        assertTrue(info.at("/signals/children").isArray());
        assertTrue(info.at("/signals/monitored_by").isArray());
        assertEquals(TestServers.Counter.class.getName(), info.at("/location/initial_call").asText());
        assertTrue(info.at("/location/current_stacktrace").isArray());
        assertEquals(0, info.at("/memory_used/message_queue_len").asLong());
        assertTrue(info.at("/memory_used/memory_bytes").asLong() > 0);
        assertTrue(info.at("/work/messages_handled").asLong() >= 2);
        assertEquals(info.at("/work/messages_handled").asLong() + info.at("/work/cpu_us").asLong(),
                info.at("/work/reductions").asLong());
        assertTrue(info.at("/work/busy_time_us").isNumber());
        assertEquals(0, info.at("/location/current_message_age_ms").asLong(), "waiting");
        assertEquals(0, info.at("/memory_used/oldest_message_age_ms").asLong(), "nothing waiting");
    }

    @Test
    void infoShowsTheStackOfABusyProcessButNotItsMailbox() throws Exception {
        Gate gate = new Gate();
        Pid pid = GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withName("stuck"), T);
        try {
            GenServer.cast(pid, new Block(gate));
            gate.awaitEntered();
            for (int i = 0; i < 20; i++) {
                GenServer.cast(pid, "SECRET-MESSAGE-" + i);
            }
            MedicHttp.Response r = http.get("/medic/processes/stuck");
            JsonNode info = r.json();
            assertEquals("running", info.at("/meta/status").asText());
            assertEquals(Block.class.getName(), info.at("/location/current_message_type").asText());
            assertTrue(info.at("/location/current_stacktrace").toString().contains("CountDownLatch.await"), r.body());
            assertEquals(20, info.at("/memory_used/message_queue_len").asLong());
            assertFalse(r.body().contains("SECRET-MESSAGE"), "mailbox contents must never be returned");
        } finally {
            gate.open();
        }
    }

    // ------------------------------------------------------------------ the listing

    @Test
    void withoutSortTheProcessTableIsListedAPageAtATimeByPid() {
        for (int i = 0; i < 7; i++) {
            counter(null);
        }
        Set<Long> before = liveNumbers();
        List<Long> seen = new ArrayList<>();
        Long after = null;
        int pages = 0;
        do {
            JsonNode page = http.get("/medic/processes?limit=3" + (after == null ? "" : "&after=" + after)).json();
            assertEquals(3, page.path("limit").asInt(), page.toString());
            assertTrue(page.path("process_count").asInt() >= 7, page.toString());
            JsonNode rows = page.path("processes");
            for (JsonNode r : rows) {
                seen.add(number(r.path("pid").asText()));
                assertFalse(r.path("kind").asText().isEmpty(), r.toString());
            }
            Long next = page.path("next").isNull() ? null : page.path("next").asLong();
            if (next != null) {
                assertEquals(3, rows.size(), "a page before the last is full: " + page);
                assertEquals(seen.get(seen.size() - 1), next, "the cursor is the last pid of the page");
            }
            after = next;
        } while (after != null && ++pages < 1000);
        Set<Long> afterwards = liveNumbers();
        assertEquals(seen.stream().sorted().distinct().toList(), seen, "by pid number, each process once");
        Set<Long> both = new HashSet<>(before);
        both.retainAll(afterwards);
        assertTrue(seen.containsAll(both), "every process alive throughout is listed: " + both + " in " + seen);
        Set<Long> either = new HashSet<>(before);
        either.addAll(afterwards);
        assertTrue(either.containsAll(seen), "only live processes are listed");

        JsonNode fromPid = http.get("/medic/processes?limit=1&after=" + enc("<0." + seen.get(0) + ".0>")).json();
        assertEquals(seen.get(1), number(fromPid.at("/processes/0/pid").asText()), "a pid is a cursor too");
        assertEquals(1, fromPid.path("processes").size());
        assertError(http.get("/medic/processes?after=yesterday"), 400, "bad_after", "after: bad value 'yesterday'");
        assertError(http.get("/medic/processes?sort=memory&after=3"), 400, "bad_after", "after:");
        assertError(http.get("/medic/processes?limit=0"), 400, "bad_limit", "bad value 0");
    }

    private static Set<Long> liveNumbers() {
        Set<Long> out = new HashSet<>();
        http.node.processes().entries().forEach(e -> out.add(e.pid().number()));
        return out;
    }

    private static long number(String pid) {
        return Long.parseLong(pid.substring(3, pid.length() - 3));
    }

    // ------------------------------------------------------------------ sys reads

    @Test
    void stateStatusStatisticsAndLog() {
        Pid pid = counter("reads");
        JsonNode state = http.get("/medic/processes/reads/state").json();
        assertEquals(TestServers.CounterState.class.getName(), state.path("type").asText());
        assertEquals(0, state.at("/state/count").asInt());
        assertEquals("label-reads", state.at("/state/label").asText());
        assertEquals("[\"a\",\"b\"]", state.at("/state/tags").toString());
        assertFalse(state.path("truncated").asBoolean());

        JsonNode status = http.get("/medic/processes/reads/status?timeoutMs=2000").json();
        assertEquals(pid.toString(), status.path("pid").asText());
        assertFalse(status.path("suspended").asBoolean());
        assertEquals("label-reads", status.at("/state/label").asText());

        JsonNode stats = http.get("/medic/processes/reads/statistics").json();
        assertFalse(stats.path("enabled").asBoolean());
        assertTrue(stats.path("reductions").isNull());

        JsonNode log = http.get("/medic/processes/reads/log").json();
        assertEquals(0, log.path("events").size());
    }

    @Test
    void stateRenderingIsBounded() {
        GenServer.startSync(http.node, new TestServers.Hoarder(), SpawnOptions.DEFAULT.withName("hoarder"), T);
        MedicHttp.Response r = http.get("/medic/processes/hoarder/state");
        assertEquals(200, r.status());
        assertTrue(r.json().path("truncated").asBoolean());
        assertTrue(r.body().length() < 64 * 1024 + 8 * 1024, "rendering exceeds its byte bound: " + r.body().length());
        assertTrue(r.body().contains("...("), "a truncation marker is shown");
    }

    // ------------------------------------------------------------------ sys writes

    @Test
    void replaceStateFromJson() {
        counter("replace");
        MedicHttp.Response r = http.put("/medic/processes/replace/state",
                "{\"count\": 41, \"label\": \"TOP-SECRET-VALUE\", \"tags\": [\"z\"]}");
        assertEquals(200, r.status(), r.toString());
        assertEquals(41, r.json().at("/state/count").asInt());
        GenServer.cast(http.node.pid("replace"), "inc");
        JsonNode state = http.get("/medic/processes/replace/state").json();
        assertEquals(42, state.at("/state/count").asInt());
        assertEquals("TOP-SECRET-VALUE", state.at("/state/label").asText());
        assertAudited("replace_state", "replace", "ok");
        assertTrue(audit.messages().stream().noneMatch(m -> m.contains("TOP-SECRET-VALUE")),
                "state values never reach the audit log");
    }

    @Test
    void replaceStateRefusesABodyOfTheWrongShape() {
        counter("wrongshape");
        MedicHttp.Response wrongType = http.put("/medic/processes/wrongshape/state", "{\"count\": \"many\"}");
        assertEquals(400, wrongType.status(), wrongType.toString());
        assertEquals("bad_body", wrongType.error());
        assertTrue(wrongType.json().path("message").asText().contains("many"), wrongType.toString());

        MedicHttp.Response unknownField = http.put("/medic/processes/wrongshape/state", "{\"colour\": 1}");
        assertEquals(400, unknownField.status(), unknownField.toString());
        assertTrue(unknownField.json().path("message").asText().contains("colour"), unknownField.toString());

        MedicHttp.Response nothing = http.put("/medic/processes/wrongshape/state", "null");
        assertEquals(400, nothing.status(), nothing.toString());
        assertEquals("bad_body", nothing.error());
        assertTrue(nothing.json().path("message").asText().contains("bad value null"), nothing.toString());

        MedicHttp.Response malformed = http.put("/medic/processes/wrongshape/state", "{\"count\": ");
        assertEquals(400, malformed.status(), malformed.toString());
        assertEquals("bad_body", malformed.error());

        MedicHttp.Response notJson = http.send(http.request("/medic/processes/wrongshape/state")
                .header("Content-Type", "text/plain").PUT(HttpRequest.BodyPublishers.ofString("count=1")).build());
        assertEquals(415, notJson.status(), notJson.toString());
        assertEquals("unsupported_media_type", notJson.error());

        MedicHttp.Response tooLarge = http.put("/medic/processes/wrongshape/state",
                "{\"label\": \"" + "x".repeat(2 * 1024 * 1024) + "\"}");
        assertEquals(413, tooLarge.status(), tooLarge.status() + "");
        assertEquals("too_large", tooLarge.error());

        assertEquals(0, http.get("/medic/processes/wrongshape/state").json().at("/state/count").asInt(),
                "a refused body leaves the state unchanged");
    }

    @Test
    void statisticsAndLogCanBeSwitchedOnAndOff() {
        Pid pid = counter("switches");
        assertEquals(200, http.put("/medic/processes/switches/statistics", "{\"enabled\": true}").status());
        assertEquals(200, http.put("/medic/processes/switches/log", "{\"enabled\": true, \"size\": 3}").status());
        for (int i = 0; i < 5; i++) {
            GenServer.cast(pid, "inc-" + i);
        }
        GenServer.call(pid, "get", T);
        JsonNode stats = http.get("/medic/processes/switches/statistics").json();
        assertTrue(stats.path("enabled").asBoolean());
        assertTrue(stats.path("messages_in").asLong() >= 6, stats.toString());
        JsonNode log = http.get("/medic/processes/switches/log").json();
        assertEquals(3, log.path("events").size(), log.toString());

        MedicHttp.Response badSize = http.put("/medic/processes/switches/log", "{\"enabled\": true, \"size\": 0}");
        assertEquals(400, badSize.status());
        assertTrue(badSize.json().path("message").asText().contains("size: bad value 0"), badSize.toString());
        MedicHttp.Response missing = http.put("/medic/processes/switches/statistics", "{\"on\": true}");
        assertEquals(400, missing.status());
        assertTrue(missing.json().path("message").asText().contains("enabled: missing"), missing.toString());

        assertEquals(200, http.put("/medic/processes/switches/statistics", "{\"enabled\": false}").status());
        assertEquals(200, http.put("/medic/processes/switches/log", "{\"enabled\": false}").status());
        assertFalse(http.get("/medic/processes/switches/statistics").json().path("enabled").asBoolean());
        assertAudited("statistics", "switches", "ok");
    }

    @Test
    void suspendResumeAndKill() {
        Pid pid = counter("lifecycle");
        assertEquals(200, http.post("/medic/processes/lifecycle/suspend").status());
        assertTrue(http.get("/medic/processes/lifecycle/status").json().path("suspended").asBoolean());
        assertEquals("suspended", http.get("/medic/processes/lifecycle").json().at("/meta/status").asText());
        assertEquals(200, http.post("/medic/processes/lifecycle/resume").status());
        assertFalse(http.get("/medic/processes/lifecycle/status").json().path("suspended").asBoolean());

        MedicHttp.Response killed = http.post("/medic/processes/lifecycle/kill");
        assertEquals(200, killed.status(), killed.toString());
        assertTrue(killed.json().path("exited").asBoolean());
        assertEquals("killed", killed.json().path("exit_reason").asText());
        assertFalse(pid.isAlive());
        assertEquals(404, http.get("/medic/processes/" + enc(pid.toString())).status());
        assertAudited("kill", "lifecycle", "ok");
        assertAudited("suspend", "lifecycle", "ok");
    }

    // ------------------------------------------------------------------ errors

    @Test
    void badInputIsA400NamingTheValue() {
        counter("bad");
        assertError(http.get("/medic/processes/" + enc("<1.2.3>")), 400, "bad_pid", "<1.2.3>");
        assertError(http.get("/medic/processes/" + enc("<0.x.0>")), 400, "bad_pid", "<0.x.0>");
        assertError(http.get("/medic/processes?sort=colour"), 400, "bad_attribute", "colour");
        assertError(http.get("/medic/processes?sort=memory&limit=abc"), 400, "bad_limit", "abc");
        assertError(http.get("/medic/processes?sort=memory&limit=0"), 400, "bad_limit", "bad value 0");
        assertError(http.get("/medic/processes?sort=memory&limit=1001"), 400, "bad_limit", "1001");
        assertError(http.get("/medic/processes/window?attr=reductions&ms=0"), 400, "bad_ms", "bad value 0");
        assertError(http.get("/medic/processes/window?attr=reductions&ms=60001"), 400, "bad_ms", "60001");
        assertError(http.get("/medic/processes/window?attr=reductions&ms=soon"), 400, "bad_ms", "soon");
        assertError(http.get("/medic/processes/window?attr=cpu"), 400, "bad_attribute", "cpu");
        assertError(http.get("/medic/node/schedulers?ms=-5"), 400, "bad_ms", "-5");
        assertError(http.get("/medic/processes/bad/state?timeoutMs=0"), 400, "bad_timeout", "bad value 0");
        assertError(http.get("/medic/processes/bad/state?timeoutMs=x"), 400, "bad_timeout", "'x'");
    }

    @Test
    void unknownProcessesPathsAndMethods() {
        assertError(http.get("/medic/processes/" + enc("<0.987654.0>")), 404, "noproc", "<0.987654.0>");
        assertError(http.get("/medic/processes/nobody-here/state"), 404, "noproc", "nobody-here");
        assertError(http.get("/medic/nothing/here"), 404, "not_found", "/medic/nothing/here");
        MedicHttp.Response delete = http.method("DELETE", "/medic/node");
        assertError(delete, 405, "method_not_allowed", "DELETE");
        assertTrue(delete.headers().firstValue("Allow").orElse("").contains("GET"), delete.headers().map().toString());
        assertError(http.put("/medic/node", "{}"), 405, "method_not_allowed", "PUT");
    }

    @Test
    void sensitiveStateAndLogAre403() {
        GenServer.startSync(http.node, new TestServers.Secretive(), SpawnOptions.DEFAULT.withName("secretive"), T);
        assertError(http.get("/medic/processes/secretive/state"), 403, "sensitive", "sensitive");
        assertError(http.get("/medic/processes/secretive/log"), 403, "sensitive", "sensitive");
        assertError(http.put("/medic/processes/secretive/state", "\"other\""), 403, "sensitive", "sensitive");
        MedicHttp.Response status = http.get("/medic/processes/secretive/status");
        assertEquals(200, status.status());
        assertTrue(status.json().path("state").isNull());
        MedicHttp.Response info = http.get("/medic/processes/secretive");
        assertTrue(info.json().at("/meta/sensitive").asBoolean());
        for (MedicHttp.Response r : List.of(status, info)) {
            assertFalse(r.body().contains("SECRET-PASSWORD"), r.body());
        }
    }

    @Test
    void stateOfAPlainBehaviourIsNotSupported() {
        Medic.spawn(http.node, Behaviors.ignore(), SpawnOptions.DEFAULT.withName("plain"));
        Await.until("plain registered", () -> http.node.whereis("plain").isPresent());
        assertError(http.get("/medic/processes/plain/state"), 409, "not_supported", "");
        assertEquals(200, http.get("/medic/processes/plain/status").status());
    }

    @Test
    void aProcessThatNeverAnswersIsA504() throws Exception {
        Gate gate = new Gate();
        GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withName("mute"), T);
        try {
            GenServer.cast(http.node.pid("mute"), new Block(gate));
            gate.awaitEntered();
            assertError(http.get("/medic/processes/mute/state?timeoutMs=200"), 504, "timeout", "200 ms");
            assertError(http.get("/medic/processes/mute/status?timeoutMs=100"), 504, "timeout", "100 ms");
            assertEquals(200, http.get("/medic/processes/mute").status(), "info never waits for the process");
            MedicHttp.Response kill = http.post("/medic/processes/mute/kill?timeoutMs=100");
            assertEquals(202, kill.status(), "a kill waits for the running handler: " + kill);
            assertFalse(kill.json().path("exited").asBoolean());
        } finally {
            gate.open();
        }
    }

    private static void assertError(MedicHttp.Response r, int status, String code, String inMessage) {
        assertEquals(status, r.status(), r.toString());
        JsonNode body = r.json();
        assertEquals(code, body.path("error").asText(), r.toString());
        assertTrue(body.path("message").asText().contains(inMessage), "message should name '" + inMessage + "': " + r);
        assertFalse(r.body().contains("\tat "), "no stack trace to the client: " + r);
    }

    private static void assertAudited(String action, String target, String result) {
        Await.until("audit of " + action + " on " + target, () -> audit.messages().stream()
                .anyMatch(m -> m.contains("user=\"anonymous\"") && m.contains("action=" + action)
                        && m.contains("target=\"" + target + "\"") && m.contains("result=" + result)
                        && m.contains("remote=127.0.0.1")));
    }
}
