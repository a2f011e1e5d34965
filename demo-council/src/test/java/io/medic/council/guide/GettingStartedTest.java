package io.medic.council.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.medic.council.DocPage;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md cannot rot: each of its {@code java} blocks is in {@link GettingStarted}
 * (compiled with the tests), the code runs, and every {@code curl} command of the page answers on the
 * node it starts.
 */
class GettingStartedTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final Path SOURCE = Path.of("src/test/java/io/medic/council/guide/GettingStarted.java");

    /** Lines stripped of their indentation, blank lines dropped. */
    private static String normalized(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }

    @Test
    void everyJavaBlockOfThePageIsInTheCompiledSource() throws IOException {
        String page = DocPage.read("getting-started.md");
        List<String> blocks = DocPage.blocks(page, "java");
        assertTrue(blocks.size() >= 3, "the page shows the server, the application and the start: " + blocks.size());
        String source = normalized(Files.readString(SOURCE));
        for (String block : blocks) {
            assertTrue(source.contains(normalized(block)),
                    "this block of docs/getting-started.md is not in " + SOURCE + " as written:\n" + block);
        }
    }

    @Test
    void theGuidesNodeRunsAndAnswersOverHttp() throws Exception {
        Node node = GettingStarted.start(ConfigFactory.parseString("akka.management.http.port = 0"));
        try {
            URI http = MedicManagement.start(node); // the binding GettingStarted.start made
            Pid counter = node.pid("counter");
            for (int i = 0; i < 3; i++) {
                GenServer.cast(counter, "increment");
            }
            assertEquals(3L, (Long) GenServer.call(counter, "get", T));

            HttpClient client = HttpClient.newHttpClient();
            JsonNode index = DocPage.getJson(client, http.resolve("/medic"));
            assertEquals("shop", index.path("node").asText(), "the URL the program prints answers the index");
            assertFalse(index.path("medic_version").asText().isEmpty(), index.toString());
            assertTrue(index.path("routes").size() > 10, index.toString());
            JsonNode tree = DocPage.getJson(client, http.resolve("/medic/supervision"));
            JsonNode shop = tree.path("applications").get(0);
            assertEquals("shop", shop.path("name").asText());
            assertEquals("permanent", shop.path("type").asText());
            assertEquals("running", shop.path("status").asText());
            JsonNode child = shop.path("supervisor").path("children").get(0);
            assertEquals("counter", child.path("id").asText());
            assertEquals(counter.toString(), child.path("pid").asText());

            JsonNode state = DocPage.getJson(client, http.resolve("/medic/processes/counter/state"));
            assertEquals(3, state.path("state").asLong(), state.toString());
            JsonNode info = DocPage.getJson(client, http.resolve("/medic/processes/counter"));
            assertEquals(GettingStarted.Counter.class.getName(), info.path("meta").path("behaviour").asText());
            assertTrue(info.path("meta").path("started_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}\\.\\d{3}Z"),
                    "the page's timestamps: " + info);
            assertTrue(info.path("memory_used").path("memory_bytes").asLong() > 0, "the page's names: " + info);

            List<String> ran = DocPage.runEveryCurl(client, http, DocPage.read("getting-started.md"));
            assertFalse(ran.isEmpty(), "the page queries the node with curl");
        } finally {
            node.close();
        }
    }
}
