package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.trace.Trace;
import io.medic.testing.Await;
import io.medic.testing.CastCounter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code medic trace} against a live node with mutating routes enabled: a session built from the options
 * or read from a spec file prints its start, each event on a line as it comes, and why it ended (its count,
 * its rate tripping); a bad command line is refused before anything is sent; what the node refuses (a
 * dangerous combination) is its error on one line.
 */
@io.medic.testing.ExpectLog(level = "WARN", logger = "io.medic.introspection.MedicRouteProvider", message = "mutating /medic routes")
class TraceTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static TestNode node;
    private static Pid alfa;

    @BeforeAll
    static void start() {
        node = TestNode.start("trace", "akka.management.http.route-providers-read-only = false", List.of());
        alfa = GenServer.startSync(node.node, new CastCounter(), SpawnOptions.DEFAULT.withName("alfa"), T);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @AfterEach
    void clear() {
        Trace.clear(node.node, T);
    }

    /** {@code medic trace ...} running on another thread, and what it has printed so far. */
    record Running(CompletableFuture<Cli.Result> result, java.io.ByteArrayOutputStream printed) {
        /** Its result, once it has ended; failing with what it printed if it does not end. */
        Cli.Result end() {
            try {
                return result.get(Await.DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new AssertionError("medic trace did not end; it printed:\n" + printed, e);
            }
        }
    }

    /**
     * Runs {@code medic trace ...} on another thread; returns once it has printed its session's start (the
     * node answers the stream once the session's hooks are on the processes) or has ended.
     */
    private static Running trace(String... args) {
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        CompletableFuture<Cli.Result> r = CompletableFuture.supplyAsync(() -> Cli.withSize(160, 40)
                .watch(new java.io.PrintStream(printed, true)).run(args));
        Await.until("the session's start to be printed (or the command to end)",
                () -> printed.toString().contains(" started by ") || printed.toString().contains("\"kind\":\"start\"") || r.isDone());
        return new Running(r, printed);
    }

    @Test
    void aSessionFromTheOptionsPrintsEachEventAsItComesUntilItsCount() {
        Running run = trace("trace", node.urlOption(), "--process", "alfa", "--events", "receive",
                "--count", "3");
        for (int i = 0; i < 5; i++) {
            GenServer.cast(alfa, "m" + i);
        }
        List<String> lines = run.end().assertOk().lines();
        assertEquals(6, lines.size(), String.join("\n", lines)); // start, 3 events, end, and the final newline
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  session \\d+ started by anonymous at 127\\.0\\.0\\.1:\\d+:"
                + " processes " + alfa + ", follows alfa, ttl 60000 ms, limit 3 events"), lines.get(0));
        for (int i = 0; i < 3; i++) {
            assertTrue(lines.get(1 + i).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  " + alfa + " alfa  receive  java\\.lang\\.String \"m"
                    + i + "\""), lines.get(1 + i));
        }
        assertTrue(lines.get(4).matches(".*  session \\d+ ended: count_reached after 3 events \\(count limit reached: 3 events.*"),
                lines.get(4));
    }

    @Test
    void aRateLimitTripsAndTheEndSaysSo() {
        Running run = trace("trace", node.urlOption(), "-p", "alfa", "-e", "receive", "--rate", "2", "--per-ms", "60000");
        GenServer.cast(alfa, "one");
        GenServer.cast(alfa, "two");
        GenServer.cast(alfa, "three");
        List<String> lines = run.end().assertOk().lines();
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(1).endsWith("receive  java.lang.String \"one\""), lines.get(1));
        assertTrue(lines.get(2).endsWith("receive  java.lang.String \"two\""), lines.get(2));
        assertTrue(lines.get(3).contains("ended: rate_tripped after 2 events (rate limit tripped: more than 2 events within"
                + " 60000 ms"), lines.get(3));
    }

    @Test
    void callsAndCastsShowTheirOutcomeReplyAndTime() {
        Running run = trace("trace", node.urlOption(), "-p", "alfa", "-e", "call,cast", "-n", "2");
        GenServer.cast(alfa, "c");
        long count = GenServer.<Long>call(alfa, "q", T);
        List<String> lines = run.end().assertOk().lines();
        String pid = java.util.regex.Pattern.quote(alfa.toString());
        assertTrue(lines.get(1).matches(".*  " + pid + " alfa  cast  java\\.lang\\.String \"c\"  -> noreply  \\(\\d+ us\\)"),
                lines.get(1));
        assertTrue(lines.get(2).matches(".*  " + pid + " alfa  call  java\\.lang\\.String \"q\"  -> reply " + count
                + "  \\(\\d+ us\\)"), lines.get(2));
    }

    @Test
    void aSpecFileIsSentAsItIs(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"processes\": \"alfa\", \"events\": [\"receive\"], \"limit\": {\"count\": 1}}");
        Running run = trace("trace", node.urlOption(), "--spec", spec.toString());
        GenServer.cast(alfa, "hello");
        List<String> lines = run.end().assertOk().lines();
        assertTrue(lines.get(1).endsWith(alfa + " alfa  receive  java.lang.String \"hello\""), String.join("\n", lines));
        assertTrue(lines.get(2).contains("ended: count_reached after 1 events"), lines.get(2));
    }

    @Test
    void jsonPrintsEachEventAsTheNodeSentIt() {
        Running run = trace("trace", node.urlOption(), "-p", "alfa", "-n", "1", "--json");
        GenServer.cast(alfa, 42);
        List<String> lines = run.end().assertOk().lines();
        assertTrue(lines.get(0).startsWith("{\"session\":") && lines.get(0).contains("\"kind\":\"start\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"kind\":\"receive\"") && lines.get(1).contains("\"message\":42"), lines.get(1));
        assertTrue(lines.get(2).contains("\"kind\":\"end\"") && lines.get(2).contains("\"reason\":\"count_reached\""), lines.get(2));
    }

    @Test
    void aBadCommandLineIsRefusedBeforeAnythingIsSent(@TempDir Path dir) {
        Cli cli = Cli.withSize(160, 40);
        cli.run("trace", node.urlOption(), "-p", "alfa").assertError(2, "a limit is missing, expected --count N or --rate N --per-ms MS");
        cli.run("trace", node.urlOption(), "-n", "3").assertError(2, "--process: missing");
        cli.run("trace", node.urlOption(), "-p", "alfa", "--rate", "5").assertError(2, "--per-ms: missing");
        cli.run("trace", node.urlOption(), "-p", "alfa", "-n", "3", "--rate", "5", "--per-ms", "10").assertError(2, "one limit");
        cli.run("trace", node.urlOption(), "-p", "alfa", "-n", "0").assertError(2, "--count: bad value '0', expected a positive integer");
        cli.run("trace", node.urlOption(), "-p", "alfa", "-n", "3", "--ttl", "x").assertError(2, "--ttl: bad value 'x'");
        cli.run("trace", node.urlOption(), "--spec", dir.resolve("none.json").toString()).assertError(2, "--spec: no such file");
        cli.run("trace", node.urlOption(), "--spec", "x.json", "-p", "alfa").assertError(2, "the spec comes from the file alone");
        assertEquals(List.of(), Trace.sessions(node.node));
    }

    @Test
    void whatTheNodeRefusesIsItsErrorOnOneLine() {
        Cli cli = Cli.withSize(160, 40);
        cli.run("trace", node.urlOption(), "-p", "all", "-n", "3")
                .assertError(1, "400 dangerous_combo: dangerous_combo wide_unfiltered: ");
        cli.run("trace", node.urlOption(), "-p", "alfa", "-e", "recieve", "-n", "3")
                .assertError(1, "400 bad_spec: events[0]: bad value \"recieve\", expected one of receive, call");
        cli.run("trace", node.urlOption(), "-p", "nobody", "-n", "3").assertError(1, "404 noproc: processes[0]: no such process: nobody");
    }
}
