package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.GenServer;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Sys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route that takes a JSON body (replace_state, statistics, log) refuses a bad one with a
 * {@code 400 bad_body} in Medic's words — where (line and column, or the field) and what was expected —
 * and nothing of the implementation: no parser's text, no source excerpt, no class name. JSON followed
 * by anything but whitespace is refused. A refused body changes nothing.
 */
@io.medic.testing.ExpectLog(level = "WARN", logger = "io.medic.introspection.MedicRouteProvider",
        message = "mutating /medic routes")
class JsonBodyTest {
    private static final Duration T = Duration.ofSeconds(10);
    /** Words of the implementation that no answer may carry. */
    private static final List<String> IMPLEMENTATION = List.of("Source:", "(String)", "Creators", "jackson",
            "Jackson", "com.fasterxml", "io.medic", "CounterState", "TestServers", "Opaque", "java.", "Exception",
            "reference chain", "`");
    private static MedicHttp http;

    /** A state class Jackson cannot build: no no-argument constructor, not a record. */
    static final class Opaque {
        private final int size;

        Opaque(int size) {
            this.size = size;
        }

        @Override
        public String toString() {
            return "Opaque(" + size + ")";
        }
    }

    static final class OpaqueServer extends GenServer<Opaque> {
        @Override
        protected Init<Opaque> init() {
            return ok(new Opaque(7));
        }
    }

    @BeforeAll
    static void start() {
        http = MedicHttp.start("bodies", "akka.management.http.route-providers-read-only = false");
        GenServer.startSync(http.node, new TestServers.Counter("c"), SpawnOptions.DEFAULT.withName("counter"), T);
        GenServer.startSync(http.node, new OpaqueServer(), SpawnOptions.DEFAULT.withName("opaque"), T);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void malformedJsonIsNamedByLineAndColumn() {
        assertBadBody(http.put("/medic/processes/counter/state", "{"), "line 1, column 2");
        assertBadBody(http.put("/medic/processes/counter/state", "{\n  \"count\": 1,,\n  \"label\": \"x\"\n}"),
                "line 2, column 14 (found \",\")");
        assertBadBody(http.put("/medic/processes/counter/state", "{\"count\": tru}"), "line 1, column");
        assertBadBody(http.put("/medic/processes/counter/state", ""), "body: empty");
        assertBadBody(http.put("/medic/processes/counter/statistics", "[\"enabled\""), "line 1, column");
        assertBadBody(http.put("/medic/processes/counter/log", "{'enabled': true}"), "line 1, column 2");
        assertUnchanged();
    }

    @Test
    void jsonFollowedByAnythingButWhitespaceIsRefused() {
        MedicHttp.Response r = http.put("/medic/processes/counter/state", "{\"count\": 5, \"label\": \"x\", \"tags\": []} trailing");
        assertBadBody(r, "after the JSON value");
        assertTrue(r.json().path("message").asText().contains("line 1, column 40 (found \"t\")"), r.toString());
        assertBadBody(http.put("/medic/processes/counter/state", "{\"count\": 5}{\"count\": 6}"), "after the JSON value");
        assertBadBody(http.put("/medic/processes/counter/statistics", "{\"enabled\": true} {\"enabled\": false}"),
                "after the JSON value");
        assertBadBody(http.put("/medic/processes/counter/log", "{\"enabled\": true}]"), "after the JSON value");
        assertUnchanged();
        assertFalse(http.get("/medic/processes/counter/statistics").json().path("enabled").asBoolean(),
                "a refused statistics switch did nothing");
        assertEquals(200, http.put("/medic/processes/counter/statistics", "{\"enabled\": false} \r\n\t ").status(),
                "whitespace after the value is fine");
    }

    @Test
    void aStateBodyOfTheWrongShapeNamesTheFieldAndWhatWasExpected() {
        assertBadBody(http.put("/medic/processes/counter/state", "{\"count\": \"many\"}"),
                "count: bad value \"many\", expected an integer");
        assertBadBody(http.put("/medic/processes/counter/state", "{\"count\": 1, \"colour\": \"red\"}"),
                "colour: unknown field, expected one of count, label, tags");
        assertBadBody(http.put("/medic/processes/counter/state", "{\"tags\": [\"a\", {\"b\": 1}]}"),
                "tags[1]: bad value {\"b\":1}, expected a string");
        assertBadBody(http.put("/medic/processes/counter/state", "{\"label\": [1]}"),
                "label: bad value [1], expected a string");
        assertBadBody(http.put("/medic/processes/counter/state", "[1, 2]"), "body: bad value [1,2], expected an object");
        assertBadBody(http.put("/medic/processes/counter/state", "null"), "body: bad value null");
        assertUnchanged();
    }

    @Test
    void aStateWhoseTypeCannotBeReadFromJsonIsNotSupportedAndSaysSoWithoutItsClass() {
        MedicHttp.Response r = http.put("/medic/processes/opaque/state", "{\"size\": 8}");
        assertEquals(409, r.status(), r.toString());
        assertEquals("not_supported", r.error(), r.toString());
        String m = r.json().path("message").asText();
        assertTrue(m.contains("cannot be read from JSON") && m.contains("record") && m.contains("no-argument constructor"), m);
        assertNoImplementation(r);
        assertEquals("Opaque(7)", Sys.getState(http.node.pid("opaque"), T).toString(), "the state is unchanged");
    }

    @Test
    void theSwitchesNameTheirFields() {
        assertBadBody(http.put("/medic/processes/counter/statistics", "{\"enabled\": \"yes\"}"),
                "enabled: bad value \"yes\", expected true or false");
        assertBadBody(http.put("/medic/processes/counter/log", "{\"enabled\": true, \"size\": \"ten\"}"),
                "size: bad value \"ten\", expected an integer");
        assertBadBody(http.put("/medic/processes/counter/log", "true"), "body: bad value true, expected an object");
        assertBadBody(http.put("/medic/processes/counter/log", "{}"), "enabled: missing");
    }

    private static void assertUnchanged() {
        assertEquals(0, http.get("/medic/processes/counter/state").json().at("/state/count").asInt(),
                "a refused body leaves the state unchanged");
    }

    private static void assertBadBody(MedicHttp.Response r, String inMessage) {
        assertEquals(400, r.status(), r.toString());
        assertEquals("bad_body", r.error(), r.toString());
        assertTrue(r.json().path("message").asText().contains(inMessage), "message should say '" + inMessage + "': " + r);
        assertNoImplementation(r);
    }

    private static void assertNoImplementation(MedicHttp.Response r) {
        String m = r.json().path("message").asText();
        for (String word : IMPLEMENTATION) {
            assertFalse(m.contains(word), "'" + word + "' in " + r);
        }
    }
}
