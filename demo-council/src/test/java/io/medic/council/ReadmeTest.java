package io.medic.council;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** README.md keeps its two commands, and README and docs/index.md link every page of docs/. */
class ReadmeTest {

    private static List<String> pages() throws IOException {
        try (Stream<Path> files = Files.list(DocPage.docs())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md")).sorted().toList();
        }
    }

    @Test
    void theReadmeHasExactlyTheTwoCommands() throws IOException {
        String readme = Files.readString(DocPage.docs().resolveSibling("README.md"));
        assertEquals(List.of(
                        "mvn -q -DskipTests package && java -jar demo-council/target/medic-demo-council.jar\n",
                        "mvn -B verify\n"),
                DocPage.blocks(readme, ""), "README.md's code blocks are the run command and the test command");
    }

    @Test
    void theReadmeAndTheIndexLinkEveryPage() throws IOException {
        String readme = Files.readString(DocPage.docs().resolveSibling("README.md"));
        String index = DocPage.read("index.md");
        for (String page : pages()) {
            assertTrue(readme.contains("](docs/" + page + ")"), "README.md links docs/" + page);
            if (!page.equals("index.md")) {
                assertTrue(index.contains("](" + page + ")"), "docs/index.md links " + page);
            }
        }
    }
}
