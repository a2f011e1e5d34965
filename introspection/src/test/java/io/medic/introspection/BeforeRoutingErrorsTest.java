package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests Akka HTTP refuses before routing get Medic's JSON error (its parsing error handler), a
 * malformed request line is a 400 (Akka answers 505), and no response names the server's software.
 */
@Timeout(120)
class BeforeRoutingErrorsTest {
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("prerouting", "");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void malformedRequestsAreAnsweredInJson() {
        record Case(String head, int status, String error) {
        }
        StringBuilder manyHeaders = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            manyHeaders.append("\r\nX-H").append(i).append(": v");
        }
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("space in the target", new Case("GET /medic/a b HTTP/1.1\r\nHost: x", 400, "bad_request_line"));
        cases.put("no version", new Case("GET /medic/node\r\nHost: x", 400, "bad_request_line"));
        cases.put("junk after the version", new Case("GET /medic/node HTTP/1.1x\r\nHost: x", 400, "bad_request_line"));
        cases.put("uri too long", new Case("GET /medic/" + "a".repeat(3000) + " HTTP/1.1\r\nHost: x", 414, "uri_too_long"));
        cases.put("header too long", new Case("GET /medic/node HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000), 431,
                "headers_too_large"));
        cases.put("too many headers", new Case("GET /medic/node HTTP/1.1\r\nHost: x" + manyHeaders, 400, "bad_request"));
        cases.put("illegal header character", new Case("GET /medic/node HTTP/1.1\r\nHost: x\r\nX-C: a\u0001b", 400,
                "bad_request"));
        cases.put("unknown method", new Case("BREW /medic/node HTTP/1.1\r\nHost: x", 501, "not_implemented"));
        for (Map.Entry<String, Case> c : cases.entrySet()) {
            RawHttp.Response r = RawHttp.send(http.base, c.getValue().head());
            assertEquals(c.getValue().status(), r.status(), c.getKey() + ": " + r);
            assertEquals("application/json", r.header("Content-Type"), c.getKey() + ": " + r);
            JsonNode body = json(r.body());
            assertEquals(c.getValue().error(), body.path("error").asText(), c.getKey() + ": " + r);
            assertTrue(body.path("message").asText().length() > 10, c.getKey() + ": " + r);
            assertNull(r.header("Server"), c.getKey() + ": " + r);
        }
        String line = json(RawHttp.send(http.base, "GET /medic/a b HTTP/1.1\r\nHost: x").body()).path("message").asText();
        assertTrue(line.contains("malformed request line") && line.contains("%20"), line);
    }

    @Test
    void noResponseAdvertisesTheServerSoftware() {
        MedicHttp.Response ok = http.get("/medic/node");
        assertEquals(200, ok.status());
        assertTrue(ok.headers().firstValue("Server").isEmpty(), ok.headers().map().toString());
        assertTrue(http.get("/medic/no/such").headers().firstValue("Server").isEmpty());
        assertTrue(http.get("/alive").headers().firstValue("Server").isEmpty());
        RawHttp.Response raw = RawHttp.send(http.base, "GET /medic/node HTTP/1.1\r\nHost: x");
        assertEquals(200, raw.status());
        assertNull(raw.header("Server"), raw.headers().toString());
    }

    private static JsonNode json(String body) {
        try {
            return MedicHttp.JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + body, e);
        }
    }
}
