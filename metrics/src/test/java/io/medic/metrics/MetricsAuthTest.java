package io.medic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medic.testing.ExpectLog;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /medic/metrics} is a read like the others: listed by the index with its docs, behind
 * Medic's own authentication (a scrape without credentials is refused, which Akka Management's Java-DSL
 * authenticator would let through), open to any configured user, admin or not.
 */
@ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "clear-text password")
class MetricsAuthTest {
    private static ScrapeHttp http;
    private static final String SCRAPER = ScrapeHttp.basic("prometheus", "scrape-secret");

    @BeforeAll
    static void start() {
        http = ScrapeHttp.start("metrics-auth", String.join("\n",
                "medic.http.auth.users {",
                "  prometheus { password = \"scrape-secret\", roles = [] }",
                "  ops { password = \"ops-secret\", roles = [\"admin\"] }",
                "}"));
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aScrapeNeedsTheCredentialsOfAnyUser() {
        for (String[] bad : new String[][] {{}, {"Authorization", ScrapeHttp.basic("prometheus", "wrong")},
                {"Authorization", "Bearer token"}}) {
            ScrapeHttp.Response r = http.get("/medic/metrics", bad);
            assertEquals(401, r.status(), r.toString());
            assertTrue(r.header("WWW-Authenticate").startsWith("Basic"), r.toString());
            assertTrue(r.body().contains("\"error\":\"unauthorized\""), r.toString());
        }
        ScrapeHttp.Response ok = http.get("/medic/metrics", "Authorization", SCRAPER);
        assertEquals(200, ok.status(), ok.toString());
        assertTrue(ExpositionParser.prometheus(ok.body()).containsKey("medic_processes"));
        assertEquals(200, http.get("/medic/metrics", "Authorization", ScrapeHttp.basic("ops", "ops-secret")).status());
    }

    @Test
    void theIndexListsTheRouteAsAReadWithItsDocs() throws IOException {
        JsonNode index = new ObjectMapper().readTree(http.get("/medic", "Authorization", SCRAPER).body());
        JsonNode row = null;
        for (JsonNode r : index.path("routes")) {
            if (r.path("path").asText().equals("/medic/metrics")) {
                row = r;
            }
        }
        assertTrue(row != null, index.toString());
        assertEquals("GET", row.path("method").asText());
        assertEquals("user", row.path("access").asText());
        assertTrue(row.path("enabled").asBoolean());
        assertEquals("docs/metrics.md#route", row.path("docs").asText());
        assertTrue(Files.readString(MetricsDocs.PAGE).contains("<a id=\"route\"></a>"), "docs/metrics.md has the anchor");
    }
}
