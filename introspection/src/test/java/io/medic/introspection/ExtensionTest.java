package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.server.Directives;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import io.medic.runtime.Node;
import io.medic.testing.ExpectLog;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The public extension SPI ({@link MedicRoutesExtension}): a module's rows join Medic's route table —
 * listed by the index with their docs, behind the same authentication, admin role, read-only switch,
 * audit and JSON errors as Medic's own — and a bad extension stops the server's start with a message
 * naming its key.
 */
@ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "clear-text password")
class ExtensionTest {
    private static final String ADMIN = MedicHttp.basic("root", "root-secret");
    private static final String VIEWER = MedicHttp.basic("viewer", "viewer-secret");
    private static final String EXTENSION = "medic.http.extensions.test = \"" + TestExtension.class.getName() + "\"\n";
    /** The ids poked through the mutating row, by node: it must run only when allowed. */
    static final Map<String, Set<String>> POKES = new ConcurrentHashMap<>();

    private static MedicHttp secured;
    private static MedicHttp readOnly;

    /** A module's routes: one of each kind of answer, a rest-of-path row and two mutating rows. */
    public static final class TestExtension implements MedicRoutesExtension {
        private final Node node;

        public TestExtension(Node node) {
            this.node = node;
        }

        @Override
        public List<MedicEndpoint> endpoints(MedicRoutesContext context) {
            Set<String> pokes = POKES.computeIfAbsent(node.name(), n -> ConcurrentHashMap.newKeySet());
            return List.of(
                    MedicEndpoint.read("greetings/{who}", "introspection.md#extending-medic", r -> new Greeting(
                            r.arg("who"), r.user(), r.isAdmin(), r.param("style").orElse("plain"), context.name())),
                    MedicEndpoint.read("files/{*path}", "introspection.md#extending-medic", r -> HttpResponse.create()
                            .withEntity(ContentTypes.TEXT_PLAIN_UTF8, "file [" + r.arg("path") + "]")),
                    MedicEndpoint.read("routed", "introspection.md#extending-medic",
                            r -> Directives.complete("from a route")),
                    MedicEndpoint.read("later", "introspection.md#extending-medic",
                            r -> CompletableFuture.supplyAsync(() -> Map.of("later", true), context.executor())),
                    MedicEndpoint.read("fails/{how}", "introspection.md#extending-medic", r -> switch (r.arg("how")) {
                        case "bad" -> throw new IllegalArgumentException("how: bad value 'bad', expected anything else");
                        case "conflict" -> throw new MedicHttpException(409, "in_use", "the widget is in use");
                        case "checked" -> throw new IOException("disk on fire at /secret/path");
                        case "stage" -> CompletableFuture.failedFuture(new MedicHttpException(404, "no_widget", "no widget"));
                        default -> null;
                    }),
                    MedicEndpoint.mutating("POST", "pokes/{id}", "introspection.md#extending-medic", "poke", r -> {
                        pokes.add(r.arg("id"));
                        return Map.of("poked", r.arg("id"));
                    }),
                    MedicEndpoint.mutating("PUT", "notes/{id}", "introspection.md#extending-medic", "note",
                            r -> Directives.entity(Jackson.unmarshaller(JsonNode.class), body ->
                                    Directives.complete("noted " + body.path("text").asText()))));
        }
    }

    /** A JSON answer: rendered by Medic's mapper, snake_case. */
    public record Greeting(String hello, String user, boolean isAdmin, String style, String extensionName) {
    }

    /** A row that Medic's own {@code GET /medic/processes/{pid}} shadows. */
    public static final class Shadowed implements MedicRoutesExtension {
        @Override
        public List<MedicEndpoint> endpoints(MedicRoutesContext context) {
            return List.of(MedicEndpoint.read("processes/top", "introspection.md#extending-medic", r -> "never"));
        }
    }

    /** An extension whose own settings are bad: its constructor throws. */
    public static final class Misconfigured implements MedicRoutesExtension {
        public Misconfigured() {
            throw new IllegalArgumentException("invalid widget configuration: medic.widgets.size: bad value -1");
        }

        @Override
        public List<MedicEndpoint> endpoints(MedicRoutesContext context) {
            return List.of();
        }
    }

    @BeforeAll
    static void start() {
        secured = MedicHttp.start("ext", EXTENSION + String.join("\n",
                "akka.management.http.route-providers-read-only = false",
                "medic.http.limits.max-body-size = 100",
                "medic.http.auth.users {",
                "  root { password = \"root-secret\", roles = [\"admin\"] }",
                "  viewer { password = \"viewer-secret\", roles = [] }",
                "}"));
        readOnly = MedicHttp.start("ext-ro", EXTENSION);
    }

    @AfterAll
    static void stop() {
        secured.close();
        readOnly.close();
    }

    @Test
    void theIndexListsAnExtensionsRowsWithTheirDocsAndAccess() {
        Map<String, JsonNode> rows = rows(secured.get("/medic", "Authorization", VIEWER).json());
        JsonNode greeting = rows.get("GET /medic/greetings/{who}");
        assertEquals("user", greeting.path("access").asText(), greeting.toString());
        assertTrue(greeting.path("enabled").asBoolean());
        assertEquals("docs/introspection.md#extending-medic", greeting.path("docs").asText());
        assertTrue(rows.containsKey("GET /medic/files/{*path}"), rows.keySet().toString());
        JsonNode poke = rows.get("POST /medic/pokes/{id}");
        assertEquals("admin", poke.path("access").asText(), poke.toString());
        assertTrue(poke.path("enabled").asBoolean(), poke.toString());

        JsonNode ro = rows(readOnly.get("/medic").json()).get("POST /medic/pokes/{id}");
        assertFalse(ro.path("enabled").asBoolean(), ro.toString());
        assertEquals("akka.management.http.route-providers-read-only = true", ro.path("disabled_by").asText());
        assertTrue(rows(readOnly.get("/medic").json()).get("GET /medic/greetings/{who}").path("enabled").asBoolean());
    }

    @Test
    void anExtensionsReadNeedsCredentialsLikeMedicsOwnReads() {
        MedicHttp.Response none = secured.get("/medic/greetings/ann");
        assertEquals(401, none.status(), none.toString());
        assertEquals("unauthorized", none.error());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
        assertEquals(401, secured.get("/medic/greetings/ann", "Authorization", MedicHttp.basic("viewer", "wrong")).status());

        MedicHttp.Response ok = secured.get("/medic/greetings/ann?style=warm", "Authorization", VIEWER);
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("application/json", ok.headers().firstValue("Content-Type").orElse(""));
        assertEquals("{\"hello\":\"ann\",\"user\":\"viewer\",\"is_admin\":false,\"style\":\"warm\",\"extension_name\":\"test\"}",
                ok.body(), "Medic's JSON naming rule, the caller and the query");
    }

    @Test
    void aMutatingRowIsAdminOnlyAndAudited() {
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            MedicHttp.Response forbidden = secured.post("/medic/pokes/7", "Authorization", VIEWER);
            assertEquals(403, forbidden.status(), forbidden.toString());
            assertEquals("forbidden", forbidden.error());
            assertFalse(POKES.get("ext").contains("7"), "refused before the handler ran");

            MedicHttp.Response ok = secured.post("/medic/pokes/7", "Authorization", ADMIN);
            assertEquals(200, ok.status(), ok.toString());
            assertEquals("7", ok.json().path("poked").asText());
            assertTrue(POKES.get("ext").contains("7"));

            assertEquals(401, secured.post("/medic/pokes/8").status());
            List<String> lines = audit.messages();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("user=\"viewer\" ") && l.contains(" action=poke target=\"7\" result=forbidden status=403")),
                    lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("user=\"root\" ") && l.contains(" action=poke target=\"7\" result=ok status=200")),
                    lines.toString());
        }
    }

    @Test
    void aMutatingRowAnsweringWithARouteGetsMedicsRejectionsAndIsAuditedWithItsOutcome() {
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            MedicHttp.Response ok = secured.put("/medic/notes/n1", "{\"text\":\"hi\"}", "Authorization", ADMIN);
            assertEquals(200, ok.status(), ok.toString());
            assertEquals("noted hi", ok.body());

            MedicHttp.Response malformed = secured.put("/medic/notes/n2", "{\"text\":", "Authorization", ADMIN);
            assertEquals(400, malformed.status(), malformed.toString());
            assertEquals("bad_body", malformed.error());

            MedicHttp.Response large = secured.put("/medic/notes/n3", "{\"text\":\"" + "x".repeat(200) + "\"}",
                    "Authorization", ADMIN);
            assertEquals(413, large.status(), "medic.http.limits.max-body-size holds: " + large);
            assertEquals("too_large", large.error());

            List<String> lines = audit.messages();
            assertTrue(lines.stream().anyMatch(l -> l.contains("action=note target=\"n1\" result=ok status=200")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("action=note target=\"n2\" result=bad_body status=400")), lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("action=note target=\"n3\" result=too_large status=413")), lines.toString());
        }
    }

    @Test
    void aMutatingRowIsAbsentInReadOnlyMode() {
        MedicHttp.Response r = readOnly.post("/medic/pokes/9");
        assertEquals(404, r.status(), r.toString());
        assertEquals("not_found", r.error());
        assertTrue(r.json().path("message").asText().contains("read-only"), r.toString());
        assertFalse(POKES.getOrDefault("ext-ro", Set.of()).contains("9"), "the handler never ran");
        assertEquals(405, readOnly.put("/medic/greetings/x", "{}").status(), "a read's path, another method");
    }

    @Test
    void everyKindOfAnswer() {
        MedicHttp.Response text = readOnly.get("/medic/files/a/b.txt");
        assertEquals("file [a/b.txt]", text.body());
        assertEquals("text/plain; charset=UTF-8", text.headers().firstValue("Content-Type").orElse(""));
        assertEquals("from a route", readOnly.get("/medic/routed").body());
        assertEquals("{\"later\":true}", readOnly.get("/medic/later").body());
        MedicHttp.Response none = readOnly.get("/medic/fails/nothing");
        assertEquals(204, none.status(), "null is No Content: " + none);
    }

    @Test
    @ExpectLog(logger = "io.medic.introspection.http", message = "disk on fire")
    void failuresAreMedicsJsonErrors() {
        MedicHttp.Response bad = readOnly.get("/medic/fails/bad");
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("bad_request", bad.error());
        assertEquals("how: bad value 'bad', expected anything else", bad.json().path("message").asText());

        MedicHttp.Response conflict = readOnly.get("/medic/fails/conflict");
        assertEquals(409, conflict.status(), conflict.toString());
        assertEquals("in_use", conflict.error());

        MedicHttp.Response stage = readOnly.get("/medic/fails/stage");
        assertEquals(404, stage.status(), stage.toString());
        assertEquals("no_widget", stage.error());

        MedicHttp.Response checked = readOnly.get("/medic/fails/checked");
        assertEquals(500, checked.status(), checked.toString());
        assertEquals("internal", checked.error());
        assertFalse(checked.body().contains("disk on fire") || checked.body().contains("/secret/path")
                || checked.body().contains("\tat "), "no detail of the failure reaches the client: " + checked);
    }

    @Test
    void theRestOfThePathIsDecodedAndMayBeEmpty() {
        assertEquals("file []", readOnly.get("/medic/files").body());
        assertEquals("file []", readOnly.get("/medic/files/").body());
        assertEquals("file [js/app.js]", readOnly.get("/medic/files/js/app.js").body());
        assertEquals("file [a b/c]", readOnly.get("/medic/files/a%20b/c").body());
        assertEquals("file [dir/]", readOnly.get("/medic/files/dir/").body());
        // Akka HTTP removes dot segments, encoded or not, while parsing (RFC 3986 5.2.4): they never reach a row
        assertEquals("file [b]", readOnly.get("/medic/files/a/%2e%2e/b").body());
        assertEquals("file [x]", readOnly.get("/medic/files/./x").body());
        assertEquals("file []", readOnly.get("/medic/files/a/..").body());
        // what decoding would turn into another path, or into a control character, is refused
        for (String bad : new String[] {"/medic/files/a%2Fb", "/medic/files/a%5Cb", "/medic/files/a%00b", "/medic/files/x/a%0Ab"}) {
            MedicHttp.Response r = readOnly.get(bad);
            assertEquals(400, r.status(), bad + ": " + r);
            assertEquals("bad_path", r.error(), bad);
        }
        MedicHttp.Response other = readOnly.get("/medic/filesx/y");
        assertEquals(404, other.status(), "a literal matches whole segments only: " + other);
    }

    @Test
    void aBadExtensionStopsTheStartNamingItsKey() {
        assertStartFails("missing", "medic.http.extensions.nope = \"com.example.NoSuchRoutes\"",
                "medic.http.extensions.nope: bad value 'com.example.NoSuchRoutes': no such class on the classpath");
        assertStartFails("not-one", "medic.http.extensions.str = \"java.lang.String\"",
                "medic.http.extensions.str: bad value 'java.lang.String': the class does not implement "
                        + MedicRoutesExtension.class.getName());
        assertStartFails("shadowed", "medic.http.extensions.shadow = \"" + Shadowed.class.getName() + "\"",
                "GET /medic/processes/top would be shadowed by GET /medic/processes/{pid} of Medic");
        assertStartFails("twice", EXTENSION + "medic.http.extensions.again = \"" + TestExtension.class.getName() + "\"",
                "medic.http.extensions.test: GET /medic/greetings/{who} would be shadowed by GET /medic/greetings/{who} of "
                        + "medic.http.extensions.again");
        assertStartFails("number", "medic.http.extensions.n = 42", "medic.http.extensions.n: bad value 42, expected the name of a class");
        assertStartFails("failing", "medic.http.extensions.widgets = \"" + Misconfigured.class.getName() + "\"",
                "medic.http.extensions.widgets: '" + Misconfigured.class.getName() + "': its constructor failed: "
                        + "java.lang.IllegalArgumentException: invalid widget configuration: medic.widgets.size: bad value -1");
    }

    @Test
    void anEndpointIsCheckedWhenMade() {
        MedicEndpoint.Handler h = r -> null;
        assertEquals("path: bad value '/metrics', expected segments below /medic/ separated by single slashes, without a "
                        + "leading or trailing one, such as metrics or ui/{*path}",
                assertThrows(IllegalArgumentException.class, () -> MedicEndpoint.read("/metrics", "a.md#b", h)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MedicEndpoint.read("ui/{*rest}/x", "a.md#b", h))
                .getMessage().contains("may only be the last segment"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MedicEndpoint.read("a/{x}/{x}", "a.md#b", h))
                .getMessage().contains("argument 'x' appears twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MedicEndpoint.read("a/../b", "a.md#b", h))
                .getMessage().contains("segment '..'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MedicEndpoint.read("a/{Pid}", "a.md#b", h))
                .getMessage().contains("argument name 'Pid' is not snake_case"));
        assertEquals("docs: bad value 'metrics.md', expected a page of docs/ and an anchor, such as metrics.md#route",
                assertThrows(IllegalArgumentException.class, () -> MedicEndpoint.read("m", "metrics.md", h)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MedicEndpoint.mutating("HEAD", "m", "a.md#b", "x", h))
                .getMessage().startsWith("method: bad value 'HEAD', expected one of [DELETE, GET, PATCH, POST, PUT]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MedicEndpoint.mutating("POST", "m", "a.md#b", "Kill!", h))
                .getMessage().startsWith("action: bad value 'Kill!'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MedicHttpException(200, "ok", "fine"))
                .getMessage().startsWith("status: bad value 200"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new MedicHttpException(499, "gone", "client left"))
                .getMessage().startsWith("status: bad value 499, expected a registered HTTP error status"),
                "a status Akka HTTP cannot answer with is refused when made, not when answered");
    }

    private static void assertStartFails(String name, String config, String expected) {
        Node node = Node.start("ext-" + name, ConfigFactory.parseString("akka.management.http.port = 0\n" + config));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> MedicManagement.start(node));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(node.exitStatus().toCompletableFuture().isDone(), "MedicManagement.start stopped the node");
    }

    private static Map<String, JsonNode> rows(JsonNode index) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        for (JsonNode route : index.path("routes")) {
            out.put(route.path("method").asText() + " " + route.path("path").asText(), route);
        }
        return out;
    }
}
