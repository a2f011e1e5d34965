package io.medic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.testing.ExpectLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's rows of /medic over plain HTTP (no browser): its files with their content types,
 * caching and security headers; the redirect and the 404s; Basic authentication in front of every
 * file; {@code GET /medic/whoami} for a reader, an admin, and an admin on a read-only node; and
 * {@code GET /medic/dashboard/processes} (every attribute of each ranked row, its parameters' errors).
 */
@ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "clear-text password")
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crash on purpose") // TestNode's crasher
@ExpectLog(level = "WARN", logger = "io.medic.monitor", message = "monitor ") // TestNode's flooded mailbox and blocker
@ExpectLog(level = "WARN", logger = "io.medic.overload", message = "dropped") // TestNode's shedder
class DashboardRoutesTest {
    private static final String ADMIN = Http.basic(TestNode.ADMIN, TestNode.ADMIN_PASSWORD);
    private static final String READER = Http.basic(TestNode.READER, TestNode.READER_PASSWORD);

    private static TestNode writable;
    private static TestNode readOnly;
    private static Http http;

    @BeforeAll
    static void start() {
        writable = TestNode.start("dashboard-routes", false);
        readOnly = TestNode.start("dashboard-read-only", true);
        http = new Http(writable.base);
    }

    @AfterAll
    static void stop() {
        writable.close();
        readOnly.close();
    }

    private static Http.Response get(String path) {
        return http.get(path, "Authorization", READER);
    }

    @Test
    void everyFileIsServedWithItsContentTypeAndHeaders() {
        Map<String, String> types = Map.of(
                "/medic/ui/", "text/html; charset=UTF-8",
                "/medic/ui/index.html", "text/html; charset=UTF-8",
                "/medic/ui/js/app.js", "text/javascript; charset=UTF-8",
                "/medic/ui/js/pages/home.js", "text/javascript; charset=UTF-8",
                "/medic/ui/css/dashboard.css", "text/css; charset=UTF-8",
                "/medic/ui/favicon.svg", "image/svg+xml");
        types.forEach((path, type) -> {
            Http.Response r = get(path);
            assertEquals(200, r.status(), path + ": " + r);
            assertEquals(type, r.header("Content-Type"), path);
            assertEquals("no-cache", r.header("Cache-Control"), path);
            assertTrue(r.header("ETag").matches("\"[0-9a-f]{32}\""), path + ": " + r.header("ETag"));
            assertEquals("nosniff", r.header("X-Content-Type-Options"), path);
            assertTrue(r.header("Content-Security-Policy").contains("script-src 'self'"), path);
            assertFalse(r.header("Content-Security-Policy").contains("unsafe"), path);
        });
        assertTrue(get("/medic/ui/").body().contains("<script type=\"module\" src=\"js/app.js\">"));
    }

    @Test
    void aCurrentCopyIsAnsweredNotModified() {
        Http.Response first = get("/medic/ui/js/api.js");
        String etag = first.header("ETag");
        Http.Response again = http.get("/medic/ui/js/api.js", "Authorization", READER, "If-None-Match", etag);
        assertEquals(304, again.status(), again.toString());
        assertEquals(0, again.bytes().length);
        assertEquals(etag, again.header("ETag"));
        Http.Response stale = http.get("/medic/ui/js/api.js", "Authorization", READER, "If-None-Match", "\"0123\"");
        assertEquals(200, stale.status());
    }

    @Test
    void theDirectoryWithoutItsSlashIsRedirectedAndUnknownFilesAreNotFound() {
        Http.Response r = get("/medic/ui");
        assertEquals(308, r.status(), r.toString());
        assertEquals("ui/", r.header("Location"), "relative: works behind a proxy's prefix too");
        for (String path : List.of("/medic/ui/nothing.js", "/medic/ui/js", "/medic/ui/js/", "/medic/ui/reference.conf",
                "/medic/ui/../dashboard/DashboardRoutes.class", "/medic/ui/.hidden.js", "/medic/ui/js/app.js.map")) {
            Http.Response nf = get(path);
            assertTrue(nf.status() == 404 || nf.status() == 400, path + ": " + nf);
            assertTrue(nf.header("Content-Type").startsWith("application/json"), path + ": " + nf);
            assertFalse(nf.body().contains("io.medic") || nf.body().contains("Exception"), path + " names no class: " + nf);
        }
        assertEquals("not_found", get("/medic/ui/nothing.js").json().path("error").asText());
        // Akka HTTP decodes %2E and removes the dot segments while parsing: this is /reference.conf,
        // outside /medic (Akka Management's own 404), never a file of the jar
        Http.Response climb = get("/medic/ui/%2E%2E/%2E%2E/reference.conf");
        assertEquals(404, climb.status(), climb.toString());
        assertFalse(climb.body().contains("medic.http"), climb.toString());
    }

    @Test
    void everyFileNeedsCredentialsAndTheBrowserIsAskedForThem() {
        for (String path : List.of("/medic/ui/", "/medic/ui/js/app.js", "/medic/whoami", "/medic/dashboard/processes")) {
            Http.Response r = http.get(path);
            assertEquals(401, r.status(), path + ": " + r);
            assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm=\"medic\""), path + ": " + r.header("WWW-Authenticate"));
            assertEquals(401, http.get(path, "Authorization", Http.basic(TestNode.READER, "wrong")).status(), path);
        }
    }

    @Test
    void whoamiTellsWhetherTheCallerMayUseTheDestructiveActions() {
        JsonNode reader = get("/medic/whoami").json();
        assertEquals("viewer", reader.path("user").asText());
        assertFalse(reader.path("admin").asBoolean());
        assertTrue(reader.path("auth").asBoolean());
        assertFalse(reader.path("read_only").asBoolean());
        assertFalse(reader.path("destructive_actions").asBoolean(), "a reader: no destructive actions");
        assertEquals("dashboard-routes", reader.path("node").asText());

        JsonNode admin = http.get("/medic/whoami", "Authorization", ADMIN).json();
        assertTrue(admin.path("admin").asBoolean());
        assertTrue(admin.path("destructive_actions").asBoolean(), "an admin on a writable node");

        JsonNode adminReadOnly = new Http(readOnly.base).get("/medic/whoami", "Authorization", ADMIN).json();
        assertTrue(adminReadOnly.path("admin").asBoolean());
        assertTrue(adminReadOnly.path("read_only").asBoolean());
        assertFalse(adminReadOnly.path("destructive_actions").asBoolean(), "an admin on a read-only node");
    }

    @Test
    void theIndexListsTheDashboardsRowsAsReadsWithTheirDocs() {
        JsonNode index = get("/medic").json();
        Map<String, String> docs = Map.of(
                "/medic/ui/{*path}", "docs/dashboard.md#pages",
                "/medic/whoami", "docs/dashboard.md#whoami",
                "/medic/dashboard/processes", "docs/dashboard.md#processes-route");
        List<String> seen = new ArrayList<>();
        for (JsonNode r : index.path("routes")) {
            String path = r.path("path").asText();
            if (docs.containsKey(path)) {
                seen.add(path);
                assertEquals("GET", r.path("method").asText(), path);
                assertEquals("user", r.path("access").asText(), path);
                assertTrue(r.path("enabled").asBoolean(), path);
                assertEquals(docs.get(path), r.path("docs").asText(), path);
            }
        }
        assertEquals(docs.keySet().stream().sorted().toList(), seen.stream().sorted().toList(), index.toString());
    }

    @Test
    void theProcessesRowsCarryEveryAttributeOfRecorsRanking() {
        JsonNode answer = get("/medic/dashboard/processes?sort=memory_bytes&limit=3").json();
        assertEquals("memory_bytes", answer.path("attribute").asText());
        assertEquals(3, answer.path("processes").size());
        assertEquals(writable.node.processes().size(), answer.path("process_count").asInt());
        JsonNode top = answer.path("processes").get(0);
        assertEquals(writable.pid("hog").toString(), top.path("pid").asText());
        assertEquals("hog", top.path("registered_name").asText());
        assertEquals(top.path("value").asLong(), top.path("memory_bytes").asLong());
        for (String field : List.of("message_queue_len", "reductions", "memory_bytes", "messages_in", "messages_handled",
                "busy_time_us", "allocated_bytes", "restarts", "ports", "status", "kind", "initial_call", "started_at")) {
            assertTrue(top.has(field), field + " in " + top);
        }
        JsonNode queue = get("/medic/dashboard/processes?sort=message_queue_len&limit=1").json().path("processes").get(0);
        assertEquals(writable.pid("flooded").toString(), queue.path("pid").asText());
        assertEquals(TestNode.FLOOD, queue.path("value").asInt());
        assertEquals("suspended", queue.path("status").asText());

        JsonNode window = get("/medic/dashboard/processes?sort=messages_in&limit=2&window_ms=300").json();
        assertEquals(300, window.path("window_ms").asInt());
        assertEquals(writable.pid("ticker").toString(), window.path("processes").get(0).path("pid").asText(),
                "the ticker receives a message every 50 ms");
    }

    @Test
    void aSearchFindsRegisteredNamesAndPids() {
        JsonNode workers = get("/medic/dashboard/processes?search=WORKER&sort=restarts").json();
        assertEquals(List.of("worker-1", "worker-2"), names(workers), "case ignored; equal values by pid");
        String cart = writable.pid("cart").toString();
        assertEquals(List.of("cart"), names(get("/medic/dashboard/processes?search=" + cart.replace("<", "%3C").replace(">", "%3E")).json()));
        assertEquals(List.of("cart"), names(get("/medic/dashboard/processes?search=" + cart.substring(1, cart.length() - 1)).json()));
        List<String> byNumber = names(get("/medic/dashboard/processes?search=" + writable.pid("cart").number() + "&sort=restarts").json());
        assertTrue(byNumber.contains("cart"), "the pid's number, and the names holding it: " + byNumber);
        assertEquals(List.of(), names(get("/medic/dashboard/processes?search=nobody").json()));
    }

    @Test
    void badParametersAreNamed() {
        Map<String, String> bad = Map.of(
                "sort=color", "bad_attribute",
                "limit=0", "bad_limit",
                "limit=1001", "bad_limit",
                "limit=ten", "bad_limit",
                "window_ms=0", "bad_ms",
                "window_ms=10001", "bad_ms",
                "search=x&window_ms=100", "bad_parameter",
                "search=" + "x".repeat(201), "bad_parameter",
                "sort=%0Areductions", "bad_attribute");
        bad.forEach((query, code) -> {
            Http.Response r = get("/medic/dashboard/processes?" + query);
            assertEquals(400, r.status(), query + ": " + r);
            assertEquals(code, r.json().path("error").asText(), query + ": " + r);
            assertFalse(r.json().path("message").asText().contains("Exception"), r.toString());
        });
        assertTrue(get("/medic/dashboard/processes?limit=0").json().path("message").asText()
                .startsWith("limit: bad value \"0\", expected an integer from 1 to 1000"));
    }

    private static List<String> names(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("processes").forEach(p -> out.add(p.path("registered_name").asText()));
        return out;
    }
}
