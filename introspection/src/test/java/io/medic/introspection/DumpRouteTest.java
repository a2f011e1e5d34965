package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.introspection.internal.PasswordHash;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /medic/dump}: admin only, audited, rate-limited ({@code 429 rate_limited} with
 * {@code Retry-After}), absent in read-only mode; it answers the file's name and stops nothing.
 */
@Timeout(120)
@ExpectLog(level = "INFO", logger = "io.medic.dump")
class DumpRouteTest {
    private static final String HASH = PasswordHash.hash("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
    private static final String ROOT = MedicHttp.basic("root", "s3cret");
    private static final String VIEWER = MedicHttp.basic("viewer", "s3cret");

    @TempDir
    Path dir;

    @Test
    void aDumpOverHttpIsAdminOnlyAuditedAndRateLimited() throws Exception {
        try (MedicHttp http = MedicHttp.start("dumphttp", String.join("\n",
                "akka.management.http.route-providers-read-only = false",
                "medic.dump.dir = \"" + dir.toString().replace("\\", "/") + "\"",
                "medic.dump.http-min-interval = 1h",
                "medic.http.auth.users {",
                "  root { password-hash = \"" + HASH + "\", roles = [admin] }",
                "  viewer { password-hash = \"" + HASH + "\", roles = [] }",
                "}"));
             Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            assertEquals(401, http.post("/medic/dump").status());
            MedicHttp.Response refused = http.post("/medic/dump", "Authorization", VIEWER);
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("forbidden", refused.error());
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count(), "a refused request writes nothing");
            }

            MedicHttp.Response ok = http.post("/medic/dump", "Authorization", ROOT);
            assertEquals(200, ok.status(), ok.toString());
            String file = ok.json().path("file").asText();
            assertTrue(file.startsWith("medic-dump-dumphttp-") && file.endsWith(".json"), file);
            assertTrue(Files.isRegularFile(dir.resolve(file)), "the file it names is in medic.dump.dir");
            assertEquals(http.node.processes().size(), ok.json().path("processes").asInt());
            assertTrue(ok.json().path("slogan").asText().startsWith("dump requested over HTTP by user root from 127.0.0.1:"),
                    ok.toString());
            assertTrue(CrashDumpTest.read(dir.resolve(file)).path("complete").asBoolean());

            MedicHttp.Response again = http.post("/medic/dump", "Authorization", ROOT);
            assertEquals(429, again.status(), again.toString());
            assertEquals("rate_limited", again.error());
            long retry = Long.parseLong(again.headers().firstValue("Retry-After").orElse("0"));
            assertTrue(retry > 3500 && retry <= 3600, "Retry-After: " + retry);
            assertEquals(List.of(dir.resolve(file)), CrashDumps.of(http.node).files(), "the refused one wrote nothing");

            List<String> expected = List.of(
                    "user=\"viewer\" remote=127.0.0.1:* action=dump target=\"/medic/dump\" result=forbidden status=403",
                    "user=\"root\" remote=127.0.0.1:* action=dump target=\"/medic/dump\" result=ok status=200",
                    "user=\"root\" remote=127.0.0.1:* action=dump target=\"/medic/dump\" result=rate_limited status=429");
            audit.awaitCount(expected.size());
            List<String> lines = audit.messages().stream().filter(l -> l.contains("action=dump")).toList();
            assertEquals(expected.size(), lines.size(), "one line per attempt: " + audit.messages());
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(lines.get(i).matches(expected.get(i).replace("*", "\\d+").replace("\"", "\\\"")),
                        "line " + i + ": " + lines.get(i) + "\nexpected " + expected.get(i));
            }
            assertFalse(http.node.classicSystem().whenTerminated().isCompleted(), "a dump stops nothing");
        }
    }

    @Test
    void thereIsNoDumpRouteInReadOnlyMode() throws Exception {
        try (MedicHttp http = MedicHttp.start("dumpro", "medic.dump.dir = \"" + dir.toString().replace("\\", "/") + "\"")) {
            MedicHttp.Response r = http.post("/medic/dump");
            assertEquals(404, r.status(), r.toString());
            assertEquals("not_found", r.error());
            try (var files = Files.list(dir)) {
                assertEquals(0, files.count());
            }
        }
    }
}
