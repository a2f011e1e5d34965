package io.medic.council;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.medic.council.DocPage.Answer;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The council's planted faults ({@link CouncilRoutes}), through real HTTP: each route's bad input
 * named, the rows of Medic's SPI (admin only, audited, absent when read-only), and each fault observable
 * through Medic's own routes — a hog tops the reductions window, a blocked member is seen running its
 * block, a slow member's handlers take the time asked, a crash leaves a crash report and a restart.
 * Three members of seed 42: Alfa (moderate), Bravo (talkative), Charlie (loudspeaker).
 */
@ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "clear-text password")
@ExpectLog(level = "WARN", logger = "io.medic.monitor", message = "long_schedule") // the block, the slow speeches
class CouncilRoutesTest {
    private static final String ADMIN = basic("root", "root-secret");
    private static final String VIEWER = basic("viewer", "viewer-secret");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static CouncilDemo.Running council;

    @BeforeAll
    static void start() {
        council = CouncilDemo.start(Options.parse("--port", "0", "--seed", "42", "--members", "3", "--read-only", "false"),
                ConfigFactory.parseString(String.join("\n",
                        "medic.http.auth.users {",
                        "  root { password = \"root-secret\", roles = [\"admin\"] }",
                        "  viewer { password = \"viewer-secret\", roles = [] }",
                        "}")));
    }

    @AfterAll
    static void stop() {
        council.close();
    }

    @Test
    void badInputIsRefusedNamingTheFieldTheValueAndWhatWasExpected() {
        for (String[] c : new String[][] {
                {"Alfa/hog?for_ms=abc", "bad_for_ms", "for_ms: bad value 'abc', expected an integer from 1 to 60000"},
                {"Alfa/hog?for_ms=0", "bad_for_ms", "for_ms: bad value '0'"},
                {"Alfa/block?for_ms=60001", "bad_for_ms", "for_ms: bad value '60001'"},
                {"Alfa/block?for_ms=-5", "bad_for_ms", "for_ms: bad value '-5'"},
                {"Alfa/slow?ms=1.5", "bad_ms", "ms: bad value '1.5', expected an integer from 1 to 10000"},
                {"Alfa/slow?ms=100&for_ms=" + "9".repeat(300), "bad_for_ms", "..."}}) {
            Answer a = post("/medic/council/" + c[0], ADMIN);
            assertEquals(400, a.status(), c[0] + ": " + a.body());
            assertEquals(c[1], a.json().path("error").asText(), a.body());
            assertTrue(a.json().path("message").asText().contains(c[2]), a.body());
            assertTrue(a.body().length() < 400, "a long value is cut: " + a.body());
        }
        for (String who : List.of("Nobody", Council.APPLICATION)) { // no such name; a registered process, not a member
            Answer a = post("/medic/council/" + who + "/crash", ADMIN);
            assertEquals(404, a.status(), who + ": " + a.body());
            assertEquals("no_member", a.json().path("error").asText(), a.body());
            assertTrue(a.json().path("message").asText().contains("member: no council member is registered as '" + who
                    + "'"), a.body());
        }
        Answer unknown = post("/medic/council/Alfa/teleport", ADMIN);
        assertEquals(404, unknown.status(), unknown.body());
    }

    @Test
    void theRowsAreAdminOnlyAndEveryAttemptIsAudited() {
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            assertEquals(401, post("/medic/council/Alfa/block?for_ms=1", null).status()); // no credentials: no login to audit
            assertEquals(401, post("/medic/council/Alfa/block?for_ms=1", basic("root", "wrong")).status());
            assertEquals(403, post("/medic/council/Alfa/block?for_ms=1", VIEWER).status());
            assertEquals(400, post("/medic/council/Alfa/block?for_ms=x", ADMIN).status());
            Answer ok = post("/medic/council/Alfa/block?for_ms=1", ADMIN);
            assertEquals(200, ok.status(), ok.body());
            assertEquals("Alfa", ok.json().path("member").asText());
            assertEquals("block", ok.json().path("fault").asText());
            assertEquals(1, ok.json().path("parameters").path("for_ms").asLong());
            assertTrue(ok.json().path("pid").asText().matches("<0\\.\\d+\\.0>"), ok.body());

            List<String> expected = List.of(
                    "user=\"root\" remote=127.0.0.1:* action=login target=\"/medic/council/Alfa/block\" result=unauthorized",
                    "user=\"viewer\" remote=127.0.0.1:* action=council_block target=\"Alfa\" result=forbidden status=403",
                    "user=\"root\" remote=127.0.0.1:* action=council_block target=\"Alfa\" result=bad_for_ms status=400",
                    "user=\"root\" remote=127.0.0.1:* action=council_block target=\"Alfa\" result=ok status=200");
            audit.awaitCount(expected.size());
            List<String> lines = audit.messages();
            assertEquals(expected.size(), lines.size(), "one line per attempt: " + lines);
            for (int i = 0; i < expected.size(); i++) {
                String pattern = expected.get(i).replace("*", "\\d+").replace("\"", "\\\"");
                assertTrue(lines.get(i).matches(pattern + ".*"), "line " + i + ": " + lines.get(i) + "\nexpected " + expected.get(i));
            }
        }
    }

    @Test
    void theIndexListsTheRowsAsAdminOnlyWithTheirDocs() {
        int rows = 0;
        for (JsonNode r : get("/medic").path("routes")) {
            if (r.path("path").asText().startsWith("/medic/council/")) {
                rows++;
                assertEquals("POST", r.path("method").asText(), r.toString());
                assertEquals("admin", r.path("access").asText(), r.toString());
                assertTrue(r.path("enabled").asBoolean(), r.toString());
                assertEquals("docs/council.md#faults", r.path("docs").asText(), r.toString());
            }
        }
        assertEquals(4, rows);
        assertTrue(DocPage.read("council.md").contains("<a id=\"faults\"></a>"), "docs/council.md has the anchor");
    }

    @Test
    void aReadOnlyCouncilHasNoFaultRowsAndTheIndexSaysSo() {
        try (CouncilDemo.Running ro = CouncilDemo.start(Options.parse("--port", "0", "--seed", "42", "--members", "1"))) {
            for (String path : List.of("hog", "block", "slow", "crash")) {
                Answer a = send(HttpRequest.newBuilder(ro.http().resolve("/medic/council/Alfa/" + path))
                        .POST(HttpRequest.BodyPublishers.noBody()).build());
                assertEquals(404, a.status(), path + ": " + a.body());
            }
            JsonNode index = DocPage.getJson(HTTP, ro.http().resolve("/medic"));
            int rows = 0;
            for (JsonNode r : index.path("routes")) {
                if (r.path("path").asText().startsWith("/medic/council/")) {
                    rows++;
                    assertFalse(r.path("enabled").asBoolean(), r.toString());
                    assertTrue(r.path("disabled_by").asText().contains("route-providers-read-only"), r.toString());
                }
            }
            assertEquals(4, rows, index.toString());
        }
    }

    @Test
    void aHogTopsTheReductionsWindowInShortHandlers() {
        Answer a = post("/medic/council/Bravo/hog?for_ms=5000", ADMIN);
        assertEquals(200, a.status(), a.body());
        assertEquals(5000, a.json().path("parameters").path("for_ms").asLong());
        // a hog is many short handlers (20 ms slices, each sent by the member to itself), not one long one:
        // about 25 messages in a 500 ms window, where a talkative member gets one or two
        Await.until("the hog's slices in Bravo's mailbox", () -> windowValue("messages_in", 500, "Bravo") >= 10);
        Await.untilAsserted(() -> {
            JsonNode top = get("/medic/processes/window?attr=reductions&limit=1&window_ms=500").path("processes").get(0);
            assertEquals("Bravo", top.path("registered_name").asText(), top.toString());
        });
        // it ends by itself: a 20 ms slice every 20 ms is 500 ms of handlers in a 500 ms window, then none
        Await.until("the hog to end by itself", () -> windowValue("busy_time_us", 500, "Bravo") < 100_000);
    }

    @Test
    void aBlockedMemberIsSeenRunningItsBlockThenWaitingAgain() {
        String started = Await.value("Alfa waiting", () -> info("Alfa"), i -> i.path("meta").path("status").asText()
                .equals("waiting")).path("pid").asText();
        assertEquals(200, post("/medic/council/Alfa/block?for_ms=2000", ADMIN).status());
        JsonNode blocked = Await.value("Alfa blocked in its handler", () -> info("Alfa"),
                i -> i.path("meta").path("status").asText().equals("running"));
        assertEquals(Fault.Block.class.getName(), blocked.path("location").path("current_message_type").asText(),
                blocked.toString());
        assertTrue(blocked.path("location").toString().contains("sleep"), "its thread's stack: " + blocked);
        JsonNode after = Await.value("Alfa waiting again", () -> info("Alfa"),
                i -> !i.path("location").path("current_message_type").asText().equals(Fault.Block.class.getName()));
        assertEquals(started, after.path("pid").asText(), "a block ends by itself, without a restart");
    }

    @Test
    void aSlowMemberSpendsTheAskedTimeInEachSpeech() {
        // Charlie speaks twice a second; a speech costs well under a millisecond, so 250 ms more per
        // speech shows in its busy time within a few speeches, and nowhere else
        long busy0 = info("Charlie").path("work").path("busy_time_us").asLong();
        Answer a = post("/medic/council/Charlie/slow?ms=250&for_ms=3000", ADMIN);
        assertEquals(200, a.status(), a.body());
        assertEquals(250, a.json().path("parameters").path("ms").asLong());
        Await.untilAsserted(() -> assertTrue(info("Charlie").path("work").path("busy_time_us").asLong() - busy0 >= 500_000,
                "two slow speeches at least"));
        // it ends by itself: after for_ms a speech is quick again
        // it ends by itself: three speeches in 1.5 s, 750 ms of handlers while slow, a few ms after
        Await.until("Charlie's speeches quick again", () -> windowValue("busy_time_us", 1500, "Charlie") < 100_000);
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crashed on purpose")
    void aCrashWritesAReportAndTheSupervisorRestartsTheMember() {
        String before = info("Bravo").path("pid").asText();
        Answer a = post("/medic/council/Bravo/crash", ADMIN);
        assertEquals(200, a.status(), a.body());
        assertEquals(before, a.json().path("pid").asText());
        JsonNode report = Await.value("Bravo's crash report", () -> get("/medic/crashes?limit=1").path("crashes").get(0),
                r -> r != null && r.path("pid").asText().equals(before));
        assertEquals("Bravo", report.path("registered_name").asText(), report.toString());
        assertEquals(IllegalStateException.class.getName(), report.path("error_class").asText());
        assertTrue(report.path("reason").asText().contains("council member Bravo crashed on purpose (POST "
                + "/medic/council/Bravo/crash by root)"), report.toString());
        assertEquals(Fault.Crash.class.getName(), report.path("last_message_type").asText());
        assertEquals("io.medic.council.MemberStatus", report.path("state").path("type").asText(), report.toString());

        JsonNode again = Await.value("Bravo restarted", () -> info("Bravo"),
                i -> i.path("pid").asText().matches("<0\\.\\d+\\.0>") && !i.path("pid").asText().equals(before));
        assertNotEquals(before, again.path("pid").asText());
        JsonNode child = null;
        for (JsonNode c : get("/medic/supervision").path("applications").get(0).path("supervisor").path("children")) {
            if (c.path("id").asText().equals("Bravo")) {
                child = c;
            }
        }
        assertTrue(child != null && child.path("restarts").asInt() == 1, String.valueOf(child));
        assertEquals(report.path("id").asLong(), child.path("crashes").get(0).path("report_id").asLong(), child.toString());
    }

    // ------------------------------------------------------------------ HTTP

    private static JsonNode info(String member) {
        return get("/medic/processes/" + member);
    }

    /** One member's gain of {@code attr} over a window of {@code ms} ({@code recon:proc_window}). */
    private static long windowValue(String attr, long ms, String member) {
        for (JsonNode p : get("/medic/processes/window?attr=" + attr + "&limit=10&window_ms=" + ms).path("processes")) {
            if (p.path("registered_name").asText().equals(member)) {
                return p.path("value").asLong();
            }
        }
        throw new AssertionError(member + " is not in the window of " + attr);
    }

    private static JsonNode get(String target) {
        Answer a = send(HttpRequest.newBuilder(council.http().resolve(target)).header("Authorization", VIEWER).GET().build());
        assertEquals(200, a.status(), target + ": " + a.body());
        return a.json();
    }

    private static Answer post(String target, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(council.http().resolve(target)).POST(HttpRequest.BodyPublishers.noBody());
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return send(b.build());
    }

    private static Answer send(HttpRequest request) {
        try {
            return DocPage.send(HTTP, request);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
