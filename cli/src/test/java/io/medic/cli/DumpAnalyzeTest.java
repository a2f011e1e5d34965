package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.introspection.CrashDumps;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.supervision.Application;
import io.medic.supervision.Applications;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medic dump analyze} and {@code medic dump diff} on real dumps of a node where three culprits were
 * planted — a process whose mailbox fills while it is stuck, a process with a large state, an application
 * whose supervisor gives up (which stops the node: the second dump is its last words) — name the three; a
 * dump cut short, a file that is not a dump and a missing file are named, never with a stack trace.
 */
@Timeout(120)
@ExpectLog(level = "INFO", logger = "io.medic.dump")
@ExpectLog(level = "WARN", logger = "io.medic.dump")
@ExpectLog(logger = "io.medic.crash", message = "boom")
@ExpectLog(logger = "io.medic.application")
@ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status 1")
@ExpectLog(message = "reached max restart intensity")
class DumpAnalyzeTest {
    static final Duration T = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static Path before;
    static Path after;

    /** Holds on a {@link Block}; crashes on "boom"; keeps every string it is cast. */
    static final class Member extends GenServer<List<String>> {
        @Override
        protected Init<List<String>> init() {
            return ok(new ArrayList<>());
        }

        @Override
        protected Result<List<String>> handleCast(Object message, List<String> state) throws Exception {
            if (message instanceof Block b) {
                b.gate().pass();
            } else if ("boom".equals(message)) {
                throw new IllegalStateException("boom");
            } else if (message instanceof String s) {
                state.add(s);
            }
            return noreply(state);
        }
    }

    @BeforeAll
    static void plantAndDie() throws Exception {
        Node node = Node.start("planted", ConfigFactory.parseString("medic.dump.dir = \"" + dir.toString().replace("\\", "/")
                + "\"\nmedic.memory.refresh-interval = 10ms\nmedic.dump.on-abnormal-stop = on"));
        Pid hoarder = GenServer.startSync(node, new Member(), SpawnOptions.DEFAULT.withName("hoarder"), T);
        Pid stuck = GenServer.startSync(node, new Member(), SpawnOptions.DEFAULT.withName("stuck"), T);
        for (int i = 0; i < 20; i++) {
            GenServer.startSync(node, new Member(), SpawnOptions.DEFAULT, T);
        }
        Applications.of(node).start(Application.permanent("shop", SupervisorSpec.of(
                SupervisorFlags.oneForOne().withIntensity(1).withPeriod(Duration.ofMinutes(1)),
                ChildSpec.worker("cart", Member::new)))).toCompletableFuture().join();
        before = CrashDumps.of(node).write("before the trouble");

        for (int i = 0; i < 2000; i++) {
            GenServer.cast(hoarder, "a line kept forever, number " + i + " " + "x".repeat(100));
        }
        // the estimate follows a message at most once per refresh interval: the casts may all have been handled
        // within one, after the estimate; each poll sends one more (ignored) message, which is re-estimated after
        Await.until("the hoarder's state estimated", () -> {
            GenServer.cast(hoarder, 0);
            return hoarder.entry().memory() > 200_000;
        });
        Gate gate = new Gate();
        GenServer.cast(stuck, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < 500; i++) {
            GenServer.cast(stuck, "queued " + i);
        }
        Pid shop = node.pid("shop");
        Pid first = Supervisor.whichChildren(shop).get(0).pid();
        GenServer.cast(first, "boom");
        Pid second = Await.value("the restarted cart", () -> Supervisor.whichChildren(shop).get(0).pid(),
                p -> p != null && !p.equals(first));
        GenServer.cast(second, "boom");
        after = Await.value("the node's last dump", () -> newest(before), p -> p != null);
        gate.open();
        assertEquals(1, node.awaitTermination(T));
    }

    private static Path newest(Path other) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json") && !p.equals(other)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    static void openGates() {
        Gate.openAll();
    }

    @Test
    void theAnalysisNamesThePlantedCulprits() {
        Cli.Result r = Cli.withSize(140, 50).run("dump", "analyze", after.toString()).assertOk();
        String out = r.out();
        List<String> lines = r.lines();
        assertTrue(lines.get(0).startsWith("crash dump of node planted"), out);
        assertTrue(lines.get(0).contains("trigger exit_status"), out);
        assertTrue(out.contains("slogan: permanent application shop exited"), out);
        assertTrue(out.contains("\nPOOL"), "memory by pool: " + out);
        assertTrue(out.matches("(?s).*PROCESSES \\d+ .*waiting \\d+.*"), out);
        assertEquals("stuck", firstRowName(lines, "top by message queue"), out);
        assertEquals("hoarder", firstRowName(lines, "top by memory"), out);
        assertTrue(out.contains("SUPERVISORS THAT GAVE UP 1\n  shop <0."), out);
        assertTrue(out.contains("more than 1 restart within 1m"), out);
        assertTrue(out.contains("intensity_reached"), "the last events: " + out);
        assertTrue(out.contains("CRASH REPORTS 2"), out);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 140), "cut to the width");
    }

    /** The NAME of the first row of the table under the line {@code title}. */
    private static String firstRowName(List<String> lines, String title) {
        int i = lines.indexOf(title);
        assertTrue(i >= 0, "a section " + title + ": " + lines);
        assertTrue(lines.get(i + 1).trim().startsWith("PID"), lines.get(i + 1));
        return lines.get(i + 2).trim().split("\\s+")[1];
    }

    @Test
    void theDiffSaysWhatGrew() {
        Cli.Result r = Cli.withSize(140, 50).run("dump", "diff", before.toString(), after.toString()).assertOk();
        List<String> lines = r.lines();
        assertEquals("stuck", firstRowName(lines, "grew most: message queue"), r.out());
        assertEquals("hoarder", firstRowName(lines, "grew most: memory"), r.out());
        assertTrue(r.out().contains("crash reports 0 -> 2 (+2)"), r.out());
    }

    @Test
    void aDumpCutShortIsAnalyzedUpToWhereItEndsAndSaysSo() throws IOException {
        byte[] whole = Files.readAllBytes(after);
        Path cut = dir.resolve("cut.json");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
        Cli.Result r = Cli.withSize(140, 50).run("dump", "analyze", cut.toString())
                .assertError(5, "cut.json: cut short: the file ends in", "what it held up to there is shown above");
        assertTrue(r.out().startsWith("crash dump of node planted"), r.out());
    }

    @Test
    void aFileThatIsNotADumpIsNamed() throws IOException {
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"format\": \"something-else\", \"version\": 1}");
        Cli.withSize(100, 30).run("dump", "analyze", other.toString())
                .assertError(5, "other.json: not a Medic crash dump (expected \"format\": \"medic-crash-dump\" first, found 'something-else')");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        Cli.withSize(100, 30).run("dump", "analyze", text.toString()).assertError(5, "notes.txt: not a Medic crash dump (not JSON");
        Path newer = dir.resolve("newer.json");
        Files.writeString(newer, "{\"format\": \"medic-crash-dump\", \"version\": 99}");
        Cli.withSize(100, 30).run("dump", "analyze", newer.toString()).assertError(5, "of version 99, this medic reads version 1");
        Cli.withSize(100, 30).run("dump", "analyze", dir.resolve("nothing.json").toString()).assertError(5, "nothing.json: no such file");
        Cli.withSize(100, 30).run("dump", "analyze", "--top", "0", after.toString()).assertError(2, "--top: bad value 0, expected 1 to 100");
    }
}
