package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.GenServer;
import io.medic.runtime.SpawnOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the routes accept as a path argument or a query parameter: a control character anywhere (NUL,
 * CR, LF, DEL, a C1 character) is a {@code 400} naming the parameter, and nothing is trimmed — a value
 * with leading or trailing whitespace is refused as well, so {@code %20Alfa} is not the process
 * {@code Alfa} (a registered name cannot contain whitespace).
 */
class ParameterRulesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("params", "");
        GenServer.startSync(http.node, new TestServers.Counter("a"), SpawnOptions.DEFAULT.withName("Alfa"), T);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aControlCharacterInAPidIsA400NamingThePid() {
        assertEquals(200, http.get("/medic/processes/Alfa").status());
        for (String bad : new String[] {"Alfa%00", "%00Alfa", "Al%00fa", "Alfa%0D%0A", "Alfa%09", "Alfa%7F", "Alfa%C2%85"}) {
            assertRefused(http.get("/medic/processes/" + bad), "bad_pid", "pid: bad value \"");
            assertRefused(http.get("/medic/processes/" + bad + "/state"), "bad_pid", "control character");
        }
        MedicHttp.Response r = http.get("/medic/processes/Alfa%00");
        assertTrue(r.json().path("message").asText().contains("U+0000 at index 4"), r.toString());
    }

    @Test
    void nothingIsTrimmed() {
        for (String bad : new String[] {"%20Alfa", "Alfa%20", "%20%20Alfa%20"}) {
            assertRefused(http.get("/medic/processes/" + bad), "bad_pid", "leading or trailing whitespace");
        }
        assertRefused(http.get("/medic/processes?sort=memory_bytes&limit=%205"), "bad_limit", "limit: bad value \" 5\"");
        assertRefused(http.get("/medic/processes?sort=memory_bytes%20"), "bad_attribute", "sort: bad value");
        assertRefused(http.get("/medic/processes?after=5%20"), "bad_after", "after: bad value");
        assertRefused(http.get("/medic/processes/window?attr=reductions&window_ms=10%20"), "bad_ms", "window_ms: bad value");
    }

    @Test
    void aControlCharacterInAnyParameterIsA400NamingTheParameter() {
        assertRefused(http.get("/medic/processes?sort=memory_bytes&limit=5%00"), "bad_limit", "limit: bad value");
        assertRefused(http.get("/medic/processes?sort=memory_bytes%00"), "bad_attribute", "sort: bad value");
        assertRefused(http.get("/medic/processes/window?attr=reductions&ms=10%0A"), "bad_ms", "ms: bad value");
        assertRefused(http.get("/medic/processes/Alfa/state?timeout_ms=100%0D"), "bad_timeout", "timeout_ms: bad value");
        assertRefused(http.get("/medic/ports?owner=Alfa%00"), "bad_pid", "owner: bad value");
        assertRefused(http.get("/medic/ports?type=inet%00"), "bad_type", "type: bad value");
        assertRefused(http.get("/medic/node?verbose=%07"), "bad_parameter", "verbose: bad value");
        assertRefused(http.get("/medic/node?ver%00bose=1"), "bad_parameter", "parameter name: bad value \"ver\\u0000bose\"");
        assertRefused(http.get("/medic/ports/7%00"), "bad_port", "id: bad value");
    }

    @Test
    void aControlCharacterInAnyOtherPathSegmentIsA400() {
        assertRefused(http.get("/medic/node%00"), "bad_path", "path: bad value \"/medic/node\\u0000\"");
        assertRefused(http.get("/medic/no%0Dwhere"), "bad_path", "control character");
        assertEquals(404, http.get("/medic/nowhere").status(), "without one, an unknown path is still a 404");
    }

    private static void assertRefused(MedicHttp.Response r, String code, String inMessage) {
        assertEquals(400, r.status(), r.toString());
        assertEquals(code, r.error(), r.toString());
        String m = r.json().path("message").asText();
        assertTrue(m.contains(inMessage), "message should say '" + inMessage + "': " + r);
        assertFalse(m.chars().anyMatch(Character::isISOControl), "the message echoes no control character raw: " + r);
    }
}
