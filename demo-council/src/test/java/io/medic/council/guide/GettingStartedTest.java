package io.medic.council.guide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.shop.Counter;
import com.example.shop.Main;
import com.example.shop.Shop;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.medic.council.DocPage;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.testing.ExpectLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/getting-started.md cannot rot: it shows every file of {@code examples/getting-started} verbatim
 * (the pom, the three classes, logback.xml), the example compiles with these tests (see this module's
 * pom), its program runs — serving, checking itself, or failing with a message and status 1 — and every
 * {@code curl} command of the page answers on the shop's node. {@code .ci/run} also builds and runs the
 * example on its own against the installed Medic.
 */
class GettingStartedTest {
    private static final Duration T = Duration.ofSeconds(5);
    /** A hang guard for the program's failure paths (they must end, not wait). */
    private static final Duration ENDS_WITHIN = Duration.ofSeconds(60);

    private static Path example() {
        return DocPage.docs().resolveSibling("examples").resolve("getting-started");
    }

    /** Every file of the example: its pom and everything under src/. */
    private static List<Path> exampleFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(example().resolve("pom.xml")));
        try (Stream<Path> src = Files.walk(example().resolve("src"))) {
            src.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }

    private static String language(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    @Test
    void thePageShowsEveryFileOfTheExampleVerbatimAndNoOtherCode() throws IOException {
        String page = DocPage.read("getting-started.md");
        List<String> files = new ArrayList<>();
        for (Path file : exampleFiles()) {
            String content = Files.readString(file);
            files.add(content);
            String relative = example().getParent().getParent().relativize(file).toString();
            assertTrue(DocPage.blocks(page, language(file)).contains(content),
                    "docs/getting-started.md must show " + relative + " verbatim, in a ```" + language(file)
                            + " block:\n" + content);
            assertTrue(page.contains("`" + relative + "`"), "the page names the file " + relative);
        }
        for (String language : List.of("java", "xml")) {
            for (String block : DocPage.blocks(page, language)) {
                assertTrue(files.contains(block), "a ```" + language + " block of docs/getting-started.md is not"
                        + " a file of examples/getting-started:\n" + block);
            }
        }
    }

    @Test
    void theShopsNodeAnswersEveryCurlCommandOfThePage() throws Exception {
        Node node = Node.start("shop", ConfigFactory.parseString("akka.management.http.port = 0"),
                List.of(Shop.application()));
        try {
            URI http = MedicManagement.start(node);
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
            assertEquals(Counter.class.getName(), info.path("meta").path("behaviour").asText());
            assertTrue(info.path("meta").path("started_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT[0-9:]{8}\\.\\d{3}Z"),
                    "the page's timestamps: " + info);
            assertTrue(info.path("memory_used").path("memory_bytes").asLong() > 0, "the page's names: " + info);

            List<String> ran = DocPage.runEveryCurl(client, http, DocPage.read("getting-started.md"));
            assertFalse(ran.isEmpty(), "the page queries the node with curl");
        } finally {
            node.close();
        }
    }

    /** What the program prints, and its exit status. */
    private record Run(int status, String output) {
    }

    private static Run run(String config, boolean check) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = assertTimeoutPreemptively(ENDS_WITHIN, () -> Main.run(ConfigFactory.parseString(config), check, out),
                "the program must end, not hang");
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theCheckModeCountsAsksItsOwnHttpApiPrintsAndExitsZero() {
        Run r = run("", true);
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("count = 1"), r.output());
        assertTrue(r.output().contains("GET /medic/supervision -> 200 {"), r.output());
        assertTrue(r.output().contains("GET /medic/processes/counter/state -> 200 {"), r.output());
    }

    @Test
    @ExpectLog(logger = "io.medic.introspection", message = "")
    @ExpectLog(logger = "akka", message = "")
    void aTakenPortEndsTheProgramWithStatusOneSayingHowToFixIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // Akka's TCP layer logs the failed bind while the node is already closing, sometimes after its
            // SLF4J logger has stopped: then through Akka's own stdout logger, which this silences
            Run r = run("akka.management.http.port = " + taken.getLocalPort() + "\nakka.stdout-loglevel = OFF", false);
            assertEquals(1, r.status(), r.output());
            assertTrue(r.output().startsWith("shop failed: ") && r.output().contains("could not bind to")
                    && r.output().contains("Choose another port with akka.management.http.port (0 binds any free port"),
                    r.output());
        }
    }

    @Test
    void aBadSettingEndsTheProgramWithStatusOneNamingIt() {
        Run r = run("medic.call.default-timeout = 0s", false);
        assertEquals(1, r.status(), r.output());
        assertTrue(r.output().startsWith("shop did not start: invalid Medic configuration")
                && r.output().contains("medic.call.default-timeout: bad value 0s"), r.output());
    }
}
