package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.cli.internal.Terminal;
import io.medic.council.CouncilDemo;
import io.medic.council.Options;
import io.medic.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code medic top} and {@code medic ports} against the council demo (26 chatty members, seed 42), as
 * docs/cli.md shows them. The full screen of {@code top} on a 100x30 terminal is captured to
 * {@code cli/target/medic-top-council.txt}; the screen docs/cli.md shows must have its layout — the same
 * lines, labels, columns and number of rows (the numbers differ from run to run). Run with
 * {@code -Dmedic.docs.write=true} to write the capture into docs/cli.md.
 */
class CouncilTest {
    static final String SCREEN_BEGIN = "<!-- medic-top-screen: begin -->";
    static final String SCREEN_END = "<!-- medic-top-screen: end -->";
    /** The URL the page shows: the demo's default (the test's demo listens on a free port). */
    static final String PAGE_URL = "http://127.0.0.1:8558";
    private static CouncilDemo.Running demo;
    private static Set<String> names;

    @BeforeAll
    static void start() {
        demo = CouncilDemo.start(Options.parse("--port", "0", "--seed", "42"));
        names = new HashSet<>(demo.council().names());
        names.add("council");
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    private static String url() {
        return "--url=" + demo.http();
    }

    @Test
    void topShowsTheCouncilOnAFullScreenAndTheScreenInTheDocsHasItsLayout() throws Exception {
        ScriptedTerminal terminal = new ScriptedTerminal(new Terminal.Size(100, 30))
                .press("^top \\d+ processes by reductions \\(absolute\\)", 'q');
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> new Cli().terminal(terminal).watch(terminal)
                .run("top", url()));
        Cli.Result r = run.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS).assertOk();
        List<List<String>> screens = Cli.screens(r.out());
        List<String> screen = screens.get(screens.size() - 1);

        assertEquals(30, screen.size(), "fills the 30 lines: " + String.join("\n", screen));
        screen.forEach(l -> assertTrue(l.length() <= 100, l));
        List<List<String>> rows = TopTest.rows(screen);
        assertEquals(30 - 6 - 3 - 3, rows.size(), "the dispatchers leave room for 18 processes");
        for (List<String> row : rows) {
            assertTrue(names.contains(row.get(1)), "a member or the council's supervisor: " + row);
        }

        List<String> page = new ArrayList<>();
        screen.forEach(l -> page.add(l.replace(demo.http().toString(), PAGE_URL).stripTrailing()));
        Path capture = Path.of("target", "medic-top-council.txt");
        Files.write(capture, page);
        Path doc = docs().resolve("cli.md");
        if (Boolean.getBoolean("medic.docs.write")) {
            writeScreen(doc, page);
        }
        List<String> documented = screen(Files.readString(doc));
        assertEquals(layout(page), layout(documented), "docs/cli.md shows a screen of another layout than `medic top` "
                + "draws now (captured in " + capture.toAbsolutePath() + "): rerun this test with -Dmedic.docs.write=true");
    }

    @Test
    void portsRankTheMembersSocketsByTraffic() {
        List<String> lines = Cli.withSize(140, 40).run("ports", url(), "-n", "5").assertOk().lines();
        assertTrue(lines.get(0).matches("\\d+ ports: tcp_inet \\d+; file descriptors \\d+ of \\d+"), lines.get(0));
        assertEquals("top 5 ports by oct", lines.get(1));
        assertEquals(List.of("PORT", "TYPE", "OWNER", "NAME", "OCT", "RECV_OCT", "SEND_OCT", "LOCAL", "PEER OR PATH"),
                TopTest.cells(lines.get(2)));
        List<String> first = TopTest.cells(lines.get(3));
        assertTrue(first.get(0).matches("#Port<0\\.\\d+>") && first.get(1).equals("tcp_inet") && names.contains(first.get(3)),
                first.toString());
        assertTrue(first.get(4).matches("\\d+(\\.\\d)? (B|KiB|MiB|GiB)"), "octets in bytes: " + first);

        List<String> window = Cli.withSize(140, 40).run("ports", url(), "--window", "0.5", "--sort", "send_oct", "-n", "3")
                .assertOk().lines();
        assertEquals("top 3 ports by send_oct grown over 500 ms (window)", window.get(1));
        assertEquals("SEND_OCT/500 ms", TopTest.cells(window.get(2)).get(4));

        Cli.withSize(140, 40).run("ports", url(), "--sort", "bytes")
                .assertError(2, "--sort: bad value 'bytes', expected one of oct, recv_oct, send_oct, cnt, recv_cnt, send_cnt");
    }

    // ------------------------------------------------------------------ the page

    /** What must not change between two captures: every line with its numbers, names and pids taken out. */
    static List<String> layout(List<String> screen) {
        List<String> out = new ArrayList<>();
        for (String line : screen) {
            String l = line.replaceAll("<0\\.\\d+\\.0>", "PID").replaceAll("\\d+(\\.\\d+)?", "N")
                    .replaceAll("\\[\\|* *]", "BAR").replaceAll("\\s+", " ").strip();
            if (l.startsWith("PID ") && !l.startsWith("PID NAME ")) {
                l = "PID row"; // a process row: its name and values change with the run
            } else if (l.startsWith("medic top ")) {
                l = l.replaceAll(" up .*", " up ..."); // the uptime and the clock
            } else if (!l.startsWith("processes ") && !l.startsWith("memory ") && !l.startsWith("gc ")) {
                l = l.replaceAll(" (B|KiB|MiB|GiB)\\b", "");
            } else {
                // a duration reads 850 ms, 1.2s or 5m12s: the unit changes with the value, not the layout
                l = l.replaceAll("N (B|KiB|MiB|GiB)", "N").replaceAll("N ms\\b", "N").replaceAll("N(s|ms|m|h)\\b", "N");
            }
            out.add(l);
        }
        return out;
    }

    /** The screen between the markers of docs/cli.md, in its ```text block. */
    static List<String> screen(String markdown) {
        return screen(markdown, SCREEN_BEGIN, SCREEN_END);
    }

    /** The screen between {@code begin} and {@code end} of a page, in its ```text block. */
    static List<String> screen(String markdown, String begin, String end) {
        int b = markdown.indexOf(begin);
        int e = markdown.indexOf(end);
        assertTrue(b >= 0 && e > b, "docs/cli.md has " + begin + " ... " + end);
        String block = markdown.substring(b + begin.length(), e);
        int open = block.indexOf("```text\n");
        int close = block.lastIndexOf("```");
        assertTrue(open >= 0 && close > open, "a ```text block between the markers");
        return block.substring(open + "```text\n".length(), close).lines().toList();
    }

    private static void writeScreen(Path doc, List<String> page) throws IOException {
        writeScreen(doc, page, SCREEN_BEGIN, SCREEN_END);
    }

    /** Writes {@code page} as the ```text block between {@code begin} and {@code end} of {@code doc}. */
    static void writeScreen(Path doc, List<String> page, String begin, String end) throws IOException {
        String markdown = Files.readString(doc);
        int b = markdown.indexOf(begin);
        int e = markdown.indexOf(end);
        assertTrue(b >= 0 && e > b, "docs/cli.md has " + begin + " ... " + end);
        String block = begin + "\n```text\n" + String.join("\n", page) + "\n```\n";
        Files.writeString(doc, markdown.substring(0, b) + block + markdown.substring(e));
    }

    /** The repository's docs/ directory (tests run in the module's directory). */
    static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs").resolve("index.md"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/index.md above " + Path.of("").toAbsolutePath());
    }
}
