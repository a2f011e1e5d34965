package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.cluster.MedicCluster;
import io.medic.council.CouncilDemo;
import io.medic.council.Options;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code medic nodes} and {@code medic top --cluster} against the council on three nodes in one JVM
 * ({@code --nodes 3 --seed 42}), as docs/cli.md shows them: both screens are captured to
 * {@code cli/target/}, and the screens the page shows must have their layout (the same lines, labels and
 * columns; numbers, names and pids differ from run to run). Run with {@code -Dmedic.docs.write=true} to
 * write the captures into docs/cli.md, with the demo's default ports in place of the test's free ones.
 */
@ExpectLog(level = "WARN", logger = "akka.stream.Materializer") // a node's link to another, closed first
class CouncilClusterTest {
    static final String NODES_BEGIN = "<!-- medic-nodes-screen: begin -->";
    static final String NODES_END = "<!-- medic-nodes-screen: end -->";
    static final String TOP_BEGIN = "<!-- medic-top-cluster-screen: begin -->";
    static final String TOP_END = "<!-- medic-top-cluster-screen: end -->";
    private static CouncilDemo.Running demo;
    /** Node i's name and URL in the test, and as the page shows them (the demo's defaults). */
    private static final List<String[]> shownAs = new ArrayList<>();

    @BeforeAll
    static void start() {
        demo = CouncilDemo.start(Options.parse("--nodes", "3", "--seed", "42", "--port", "0", "--artery-port", "0"));
        for (int i = 0; i < 3; i++) {
            MedicCluster c = MedicCluster.get(demo.nodes().get(i));
            Await.until("three members up on node " + i, () -> c.members().stream().filter(m -> m.status().equals("up")).count() == 3);
            shownAs.add(new String[] {c.nodeName(), "127.0.0.1:" + (25520 + i)});
            shownAs.add(new String[] {demo.urls().get(i).toString(), "http://127.0.0.1:" + (8558 + i)});
        }
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void nodesAndTopClusterShowTheCouncilsThreeNodesAndTheDocsShowTheirLayout() throws Exception {
        String url = "--url=" + demo.urls().get(0);
        List<String> nodes = Cli.withSize(100, 30).run("nodes", url).assertOk().lines();
        nodes = nodes.subList(0, nodes.size() - 1); // the line's end
        assertEquals(2 + 1 + 3, nodes.size(), String.join("\n", nodes));
        assertEquals("every member answered", nodes.get(1));
        for (int i = 0; i < 3; i++) {
            String name = MedicCluster.get(demo.nodes().get(i)).nodeName();
            assertTrue(nodes.stream().anyMatch(l -> l.startsWith(name + "  up  ")), name + " up in\n" + String.join("\n", nodes));
        }

        List<String> top = Cli.withSize(100, 30).run("top", "--cluster", url, "--once", "-n", "10").assertOk().frames().get(0);
        top.forEach(l -> assertTrue(l.length() <= 100, l));
        assertTrue(top.contains("top 10 processes of the cluster by reductions (absolute)"), String.join("\n", top));
        String header = top.stream().filter(l -> l.startsWith("NODE ") && l.contains(" PID ")).findFirst().orElseThrow();
        List<String> rows = top.subList(top.indexOf(header) + 1, top.size() - 1);
        assertEquals(10, rows.size(), String.join("\n", top));
        long members = rows.stream().map(r -> TopTest.cells(r).get(0)).distinct().count();
        assertTrue(members >= 2, "the council's busiest processes are spread over its nodes: " + String.join("\n", rows));

        Path doc = CouncilTest.docs().resolve("cli.md");
        check(doc, nodes, "medic-nodes-council.txt", NODES_BEGIN, NODES_END);
        check(doc, top, "medic-top-cluster-council.txt", TOP_BEGIN, TOP_END);
    }

    /** Captures {@code screen}, writes it into the page if asked, and checks the page's has its layout. */
    private static void check(Path doc, List<String> screen, String file, String begin, String end) throws Exception {
        List<String> page = new ArrayList<>();
        for (String line : screen) {
            String l = line;
            for (String[] s : shownAs) {
                l = l.replace(s[0], s[1]);
            }
            page.add(l.stripTrailing());
        }
        Path capture = Path.of("target", file);
        Files.write(capture, page);
        if (Boolean.getBoolean("medic.docs.write")) {
            CouncilTest.writeScreen(doc, page, begin, end);
        }
        assertEquals(layout(page), layout(CouncilTest.screen(Files.readString(doc), begin, end)), "docs/cli.md shows a "
                + "screen of another layout than medic draws now (captured in " + capture.toAbsolutePath()
                + "): rerun this test with -Dmedic.docs.write=true");
    }

    /**
     * Every line with its numbers and rows taken out: the lines, labels and column titles stay (but the
     * members' optional ones).
     */
    private static List<String> layout(List<String> screen) {
        List<String> out = new ArrayList<>();
        for (String line : screen) {
            String l = line.replaceAll("\\s+", " ").strip();
            if (l.startsWith("127.0.0.1:")) {
                l = "row";
            } else if (l.startsWith("NODE STATUS ")) {
                // the members' optional columns show as the run's values leave room (a load of 10.00 is wider)
                l = l.replaceAll(" (NOTE|ROLES|BASE URL)", "");
            } else if (l.startsWith("medic top ")) {
                l = l.replaceAll(" at .*", " at ...");
            } else {
                l = l.replaceAll("\\d+(\\.\\d+)?", "N");
            }
            out.add(l);
        }
        return out;
    }
}
