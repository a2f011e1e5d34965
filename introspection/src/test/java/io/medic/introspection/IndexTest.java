package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.introspection.internal.PasswordHash;
import io.medic.runtime.GenServer;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpListener;
import io.medic.runtime.CrashReports;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.medic.runtime.overload.BreakerSettings;
import io.medic.runtime.overload.Breakers;
import io.medic.runtime.overload.ValveSettings;
import io.medic.runtime.overload.Valves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /medic}: the index of the API. It is generated from the same table the route tree is built
 * from, so the tests check the two ends a table cannot: every row answers (it is in the tree) and the
 * rows are exactly the routes docs/introspection.md documents, each with an anchor there. A route added
 * to the tree is a row, so it is in the index; a row without its docs fails here.
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "indexed on purpose")
class IndexTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Path DOCS = Path.of("..", "docs", "introspection.md");
    private static final String ADMIN = MedicHttp.basic("ops", "ops-secret");
    private static final String VIEWER = MedicHttp.basic("dash", "dash-secret");
    private static MedicHttp readOnly;
    private static MedicHttp writable;
    private static TcpListener listener;
    private static long crashReport;

    @BeforeAll
    static void start() throws IOException {
        readOnly = MedicHttp.start("index", "");
        writable = MedicHttp.start("index-rw", String.join("\n",
                "akka.management.http.route-providers-read-only = false",
                "medic.http.auth.users {",
                "  ops { password-hash = \"" + PasswordHash.hash("ops-secret".toCharArray(), PasswordHash.MIN_ITERATIONS) + "\", roles = [\"admin\"] }",
                "  dash { password-hash = \"" + PasswordHash.hash("dash-secret".toCharArray(), PasswordHash.MIN_ITERATIONS) + "\", roles = [] }",
                "}"));
        GenServer.startSync(readOnly.node, new TestServers.Counter("i"), SpawnOptions.DEFAULT.withName("indexed"), T);
        listener = Ports.of(readOnly.node).listen(GenServer.startSync(readOnly.node, new TestServers.Idle(),
                SpawnOptions.DEFAULT, T), new InetSocketAddress("127.0.0.1", 0));
        Pid crashed = GenServer.startSync(readOnly.node, new TestServers.Counter("c"), SpawnOptions.DEFAULT, T);
        Medic.exit(crashed, ExitReason.custom("indexed on purpose"));
        Await.result(Medic.whenExited(crashed));
        crashReport = CrashReports.of(readOnly.node).latestId();
        Breakers.of(readOnly.node).create(BreakerSettings.named("indexed")); // for {name} of the overload routes
        Valves.of(readOnly.node).create(ValveSettings.of("indexed", 1, 0, Duration.ofSeconds(1)));
    }

    @AfterAll
    static void stop() {
        readOnly.close();
        writable.close();
    }

    @Test
    void theIndexNamesMedicsVersionTheNodeAndEveryRoute() throws IOException {
        MedicHttp.Response r = readOnly.get("/medic");
        assertEquals(200, r.status(), r.toString());
        JsonNode index = r.json();
        assertEquals(index, readOnly.get("/medic/").json(), "/medic/ answers the same");
        assertEquals(projectVersion(), index.path("medic_version").asText(), "the version the build wrote");
        assertEquals("index", index.path("node").asText());
        assertTrue(index.path("read_only").asBoolean());
        assertFalse(index.path("auth").asBoolean());

        String docs = Files.readString(DOCS);
        Set<String> listed = new TreeSet<>();
        for (JsonNode route : index.path("routes")) {
            String method = route.path("method").asText();
            String path = route.path("path").asText();
            listed.add(method + " " + path);
            String anchor = route.path("docs").asText();
            assertTrue(anchor.startsWith("docs/introspection.md#"), route.toString());
            assertTrue(docs.contains("<a id=\"" + anchor.substring(anchor.indexOf('#') + 1) + "\"></a>"),
                    "the docs page has the anchor of " + route);
            boolean mutating = !method.equals("GET");
            assertEquals(!mutating, route.path("enabled").asBoolean(), route.toString());
            assertEquals(mutating ? "akka.management.http.route-providers-read-only = true" : null,
                    route.path("disabled_by").isNull() ? null : route.path("disabled_by").asText(), route.toString());
            assertEquals("anyone", route.path("access").asText(), route.toString());
        }
        assertEquals(documentedRoutes(docs), listed, "the index lists exactly the routes docs/introspection.md documents");
        assertTrue(listed.contains("GET /medic") && listed.contains("GET /medic/processes/{pid}")
                && listed.contains("POST /medic/processes/{pid}/kill"), listed.toString());
    }

    @Test
    void everyRouteOfTheIndexAnswersAndNoOtherDoes() {
        for (JsonNode route : readOnly.get("/medic").json().path("routes")) {
            String method = route.path("method").asText();
            String path = route.path("path").asText()
                    .replace("{pid}", "indexed").replace("{id}", String.valueOf(listener.id()))
                    .replace("{report}", String.valueOf(crashReport)).replace("{name}", "indexed");
            MedicHttp.Response r = readOnly.method(method, path);
            if (route.path("enabled").asBoolean()) {
                assertNotEquals(404, r.status(), method + " " + path + ": " + r);
                assertNotEquals(405, r.status(), method + " " + path + ": " + r);
                assertTrue(r.status() < 500, method + " " + path + ": " + r);
            } else {
                assertTrue(r.status() == 404 || r.status() == 405, "a disabled route is absent: " + method + " " + path
                        + ": " + r);
            }
        }
        MedicHttp.Response none = readOnly.get("/medic/processes/indexed/mailbox");
        assertEquals(404, none.status(), "a path that is no row of the table is no route: " + none);
        assertEquals("not_found", none.error());
    }

    @Test
    void withAuthenticationEveryRouteSaysWhoMayCallIt() {
        assertEquals(401, writable.get("/medic").status(), "the index needs credentials like every /medic route");
        JsonNode index = writable.get("/medic", "Authorization", VIEWER).json();
        assertTrue(index.path("auth").asBoolean());
        assertFalse(index.path("read_only").asBoolean());
        assertEquals(index, writable.get("/medic", "Authorization", ADMIN).json());
        for (JsonNode route : index.path("routes")) {
            boolean mutating = !route.path("method").asText().equals("GET");
            assertTrue(route.path("enabled").asBoolean(), route.toString());
            assertTrue(route.path("disabled_by").isNull(), route.toString());
            assertEquals(mutating ? "admin" : "user", route.path("access").asText(), route.toString());
        }
    }

    /** Every {@code METHOD /medic...} a heading or a table row of the docs page documents, without its query. */
    private static Set<String> documentedRoutes(String docs) {
        Pattern route = Pattern.compile("`(GET|PUT|POST) (/medic[^`?\\s]*)");
        Set<String> out = new TreeSet<>();
        for (String line : docs.split("\n")) {
            if (line.startsWith("#### ") || line.startsWith("### ") || line.startsWith("| `")) {
                Matcher m = route.matcher(line);
                if (m.find()) {
                    out.add(m.group(1) + " " + m.group(2));
                }
            }
        }
        return out;
    }

    /** The version of this build, from the module's pom (its parent's version). */
    private static String projectVersion() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertTrue(m.find(), "a parent version in pom.xml");
        return m.group(1).trim();
    }
}
