package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.ConfigFactory;
import io.medic.introspection.internal.PasswordHash;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The audit log {@code io.medic.audit}: every attempt at a mutating route is one line — allowed,
 * refused for its role, its body, its content type or its size, or failed — with the user, the remote
 * address, the action, the target and the result; every failed login is one line too, on Medic's server
 * and on routes served by {@code AkkaManagement.start()}. What the client sent is quoted and escaped,
 * so a {@code {pid}} carrying CR LF cannot forge a line.
 */
@Timeout(120)
class AuditTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String HASH = PasswordHash.hash("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
    private static final String ROOT = MedicHttp.basic("root", "s3cret");
    private static final String VIEWER = MedicHttp.basic("viewer", "s3cret");
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("audit", String.join("\n",
                "akka.management.http.route-providers-read-only = false",
                "medic.http.limits.max-body-size = 1k",
                "medic.http.auth.users {",
                "  root { password-hash = \"" + HASH + "\", roles = [admin] }",
                "  viewer { password-hash = \"" + HASH + "\", roles = [] }",
                "}"));
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void everyAttemptAtAMutatingRouteIsOneAuditLine() {
        Pid pid = GenServer.startSync(http.node, new TestServers.Counter("a"), SpawnOptions.DEFAULT.withName("target"), T);
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            String state = "/medic/processes/target/state";
            assertEquals(403, http.post("/medic/processes/target/suspend", "Authorization", VIEWER).status());
            assertEquals(400, http.put(state, "{\"count\": 1} trailing", "Authorization", ROOT).status());
            assertEquals(415, http.send(http.request(state, "Authorization", ROOT).header("Content-Type", "text/plain")
                    .PUT(HttpRequest.BodyPublishers.ofString("count=1")).build()).status());
            assertEquals(413, http.put(state, "{\"label\": \"" + "x".repeat(2000) + "\"}", "Authorization", ROOT).status());
            assertEquals(400, http.put("/medic/processes/target/log", "{\"enabled\": \"yes\"}", "Authorization", ROOT).status());
            assertEquals(404, http.post("/medic/processes/nobody/kill", "Authorization", ROOT).status());
            assertEquals(200, http.put(state, "{\"count\": 3, \"label\": \"TOP-SECRET\", \"tags\": []}",
                    "Authorization", ROOT).status());
            assertEquals(200, http.post("/medic/processes/target/kill", "Authorization", ROOT).status());
            assertFalse(pid.isAlive());

            List<String> expected = List.of(
                    "user=\"viewer\" remote=127.0.0.1:* action=suspend target=\"target\" result=forbidden status=403",
                    "user=\"root\" remote=127.0.0.1:* action=replace_state target=\"target\" result=bad_body status=400",
                    "user=\"root\" remote=127.0.0.1:* action=replace_state target=\"target\" result=unsupported_media_type status=415",
                    "user=\"root\" remote=127.0.0.1:* action=replace_state target=\"target\" result=too_large status=413",
                    "user=\"root\" remote=127.0.0.1:* action=log target=\"target\" result=bad_body status=400",
                    "user=\"root\" remote=127.0.0.1:* action=kill target=\"nobody\" result=noproc status=404",
                    "user=\"root\" remote=127.0.0.1:* action=replace_state target=\"target\" result=ok status=200",
                    "user=\"root\" remote=127.0.0.1:* action=kill target=\"target\" result=ok status=200");
            audit.awaitCount(expected.size());
            List<String> lines = audit.messages();
            assertEquals(expected.size(), lines.size(), "one line per attempt: " + lines);
            for (int i = 0; i < expected.size(); i++) {
                assertTrue(lines.get(i).matches(expected.get(i).replace("*", "\\d+").replace("\"", "\\\"")),
                        "line " + i + ": " + lines.get(i) + "\nexpected " + expected.get(i));
            }
            assertTrue(lines.stream().noneMatch(l -> l.contains("TOP-SECRET") || l.contains("xxxx")),
                    "never a body in the audit: " + lines);
        }
    }

    @Test
    void aPidCarryingCrLfCannotForgeAnAuditLine() {
        String forged = "Oscar\r\nuser=ops remote=10.0.0.1:1 action=kill target=Oscar result=ok";
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            MedicHttp.Response r = http.post("/medic/processes/" + URLEncoder.encode(forged, StandardCharsets.UTF_8)
                    .replace("+", "%20") + "/kill", "Authorization", ROOT);
            assertEquals(400, r.status(), r.toString());
            audit.awaitCount(1);
            List<String> lines = audit.messages();
            assertEquals(1, lines.size(), lines.toString());
            String line = lines.get(0);
            assertFalse(line.contains("\r") || line.contains("\n"), line);
            assertTrue(line.startsWith("user=\"root\" remote=127.0.0.1:") && line.contains(" action=kill target=\"Oscar\\r\\n"
                    + "user=ops remote=10.0.0.1:1 action=kill target=Oscar result=ok\" result=bad_pid status=400"), line);
        }
    }

    @Test
    void aFailedLoginOnAMutatingRouteIsAuditedOnceAsALogin() {
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            assertEquals(401, http.post("/medic/processes/target/kill", "Authorization",
                    MedicHttp.basic("root", "wrong")).status());
            audit.awaitCount(1);
            assertEquals(200, http.get("/medic/node", "Authorization", ROOT).status()); // a later request: nothing more
            List<String> lines = audit.messages();
            assertEquals(1, lines.size(), "logged once: " + lines);
            assertTrue(lines.get(0).startsWith("user=\"root\" remote=127.0.0.1:")
                    && lines.get(0).contains(" action=login target=\"/medic/processes/target/kill\" result=unauthorized"),
                    lines.get(0));
        }
    }

    @Test
    void routesServedByAkkaManagementItselfAuditFailedLoginsToo() throws Exception {
        Node node = Node.start("audit-plain", ConfigFactory.parseString(String.join("\n",
                "akka.management.http.hostname = \"127.0.0.1\"",
                "akka.management.http.port = 0",
                "akka.management.http.route-providers-read-only = false",
                "medic.http.auth.users.root { password-hash = \"" + HASH + "\", roles = [admin] }")));
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            akka.http.javadsl.model.Uri uri = AkkaManagement.get(node.classicSystem()).start()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
            URI base = URI.create(uri.toString().replaceAll("/$", ""));
            RawHttp.Response r = RawHttp.send(base, "POST /medic/processes/x%0Ay/suspend HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 0\r\nAuthorization: " + MedicHttp.basic("ro\not", "wrong"));
            assertEquals(401, r.status(), r.toString());
            audit.awaitCount(1);
            String line = audit.messages().get(0);
            assertTrue(line.startsWith("user=\"ro\\not\" remote=") && line.contains(" action=login target=\"/medic/processes/x%0Ay/suspend\" result=unauthorized"),
                    line);
            assertEquals(401, RawHttp.send(base, "GET /medic/node HTTP/1.1\r\nHost: x").status(),
                    "no credentials: refused, and no login to audit");
            assertEquals(1, audit.count(), audit.messages().toString());
        } finally {
            node.close();
        }
    }
}
