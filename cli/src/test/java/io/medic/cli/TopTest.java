package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.medic.cli.internal.Terminal;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.CastCounter;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code medic top} against a live node whose processes have known values: a process holding a large
 * state (memory), two processes held inside a handler with 40 and 7 messages queued behind them (queue;
 * their busy time grows while they are held), and one with a name and a class too long for any column.
 * A fixed terminal size; frames driven by {@code --once} and {@code --iterations}, or, on the scripted full
 * screen, by keys pressed in answer to what is drawn.
 */
class TopTest {
    private static final Duration T = Duration.ofSeconds(10);
    /** Idle processes: more than a screen holds. */
    private static final int IDLE = 30;
    private static final String LONG_NAME = "a-registered-name-much-too-long-for-the-name-column-of-any-terminal";
    private static TestNode node;
    private static Pid flooded;

    /** A state of about {@code bytes}: ranks by memory. */
    static final class Hoarder extends GenServer<long[]> {
        private final int bytes;

        Hoarder(int bytes) {
            this.bytes = bytes;
        }

        @Override
        protected Init<long[]> init() {
            return ok(new long[bytes / Long.BYTES]);
        }

        @Override
        protected Result<long[]> handleCast(Object message, long[] state) {
            return noreply(state);
        }
    }

    /** Its class name is as long as its registered name. */
    static final class AnUncommonlyLongBehaviourClassNameThatNoColumnOfTopCanHoldWhole extends GenServer<long[]> {
        @Override
        protected Init<long[]> init() {
            return ok(new long[64 * 1024]);
        }

        @Override
        protected Result<long[]> handleCast(Object message, long[] state) {
            return noreply(state);
        }
    }

    @BeforeAll
    static void start() {
        node = TestNode.start("top");
        Pid hoarder = GenServer.startSync(node.node, new Hoarder(2 << 20), SpawnOptions.DEFAULT.withName("hoarder"), T);
        Pid longOne = GenServer.startSync(node.node, new AnUncommonlyLongBehaviourClassNameThatNoColumnOfTopCanHoldWhole(),
                SpawnOptions.DEFAULT.withName(LONG_NAME), T);
        flooded = held("flooded", 40);
        // trickle is held, and its messages queued, at least 2 ms after flooded's: their ages rank them
        Await.until("flooded held for 2 ms", () -> flooded.entry().oldestMessageAgeMillis() >= 2
                && flooded.entry().currentMessageAgeMillis() >= 2);
        held("trickle", 7);
        for (int i = 0; i < IDLE; i++) {
            GenServer.startSync(node.node, new CastCounter(), SpawnOptions.DEFAULT.withName("idle-" + i), T);
        }
        for (Pid p : List.of(hoarder, longOne)) {
            GenServer.cast(p, "estimate your state"); // the estimate is made after a message
            Await.until(p + "'s memory estimate", () -> p.entry().memory() > 500_000);
        }
    }

    /** A process held inside a handler, with {@code queued} messages behind it. */
    private static Pid held(String name, int queued) {
        Pid pid = GenServer.startSync(node.node, new CastCounter(), SpawnOptions.DEFAULT.withName(name), T);
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < queued; i++) {
            GenServer.cast(pid, i);
        }
        Await.until(name + "'s queue", () -> pid.entry().messageQueueLen() == queued);
        return pid;
    }

    @AfterAll
    static void stop() {
        Gate.openAll();
        node.close();
    }


    // ------------------------------------------------------------------ layout

    @Test
    void aFrameFitsTheWidthAndCutsWhatIsTooLongWithAMark() {
        Cli.Result r = Cli.withSize(100, 30).run("top", node.urlOption(), "--once", "--sort", "memory_bytes").assertOk();
        List<List<String>> frames = r.frames();
        assertEquals(1, frames.size(), r.out());
        List<String> frame = frames.get(0);
        assertTrue(frame.size() <= 30, "at most LINES lines: " + frame.size());
        frame.forEach(l -> assertTrue(l.length() <= 100, "at most COLUMNS characters: [" + l + "] " + l.length()));
        assertTrue(frame.get(0).startsWith("medic top  top at " + node.url + "  up "), frame.get(0));
        assertTrue(frame.get(1).startsWith("processes "), frame.get(1));
        assertTrue(frame.get(2).startsWith("memory  heap "), frame.get(2));
        assertTrue(frame.stream().anyMatch(l -> l.startsWith("DISPATCHER ") && l.contains("USAGE")), r.out());
        assertTrue(frame.stream().anyMatch(l -> l.startsWith("akka.actor.default-dispatcher ")), r.out());
        assertEquals(List.of("PID", "NAME", "BEHAVIOUR", "MEMORY", "MSGQ", "REDUCTIONS", "HANDLING", "STATUS"),
                cells(header(frame)), "every column fits in 100 columns; the ranked one first, not twice");

        List<List<String>> rows = rows(frame);
        assertEquals("hoarder", rows.get(0).get(1));
        assertTrue(rows.get(0).get(3).endsWith(" MiB"), "memory in binary units: " + rows.get(0));
        List<String> longRow = rows.get(1);
        assertTrue(longRow.get(1).startsWith("a-registered-") && longRow.get(1).endsWith("~")
                && longRow.get(1).length() < LONG_NAME.length(), "the name cut with a mark: " + longRow);
        assertTrue(longRow.get(2).endsWith("~") && longRow.get(2).contains("AnUncom")
                && !longRow.get(2).startsWith("io.medic"), "the class's packages left out first, then cut: " + longRow);
        assertFalse(r.out().contains(LONG_NAME), "never wider than its column");
        assertTrue(frame.get(frame.size() - 1).startsWith("frame 1 of 1 every 1s"), frame.get(frame.size() - 1));
        assertEquals(30, frame.size(), "the rows fill LINES: " + String.join("\n", frame));
        assertTrue(frame.contains("top " + rows.size() + " processes by memory_bytes (absolute)"), String.join("\n", frame));
    }

    @Test
    void aNarrowTerminalLeavesOutTheOptionalColumnsAndKeepsThePidAndStatusWhole() {
        Cli.Result r = Cli.withSize(60, 20).run("top", node.urlOption(), "--once", "--sort", "message_queue_len").assertOk();
        List<String> frame = r.frames().get(0);
        frame.forEach(l -> assertTrue(l.length() <= 60, "[" + l + "] " + l.length()));
        List<String> header = cells(header(frame));
        assertEquals(List.of("PID", "NAME", "MSGQ", "MEMORY", "REDUCTIONS", "STATUS"), header);
        List<String> first = rows(frame).get(0);
        assertEquals(flooded.toString(), first.get(0));
        assertEquals("running", first.get(5), "the status whole: " + first);
        assertEquals(20, frame.size(), "fills LINES exactly: " + String.join("\n", frame));
    }

    // ------------------------------------------------------------------ sorting and windows

    @Test
    void processesAreRankedByTheAttributeAsked() {
        List<String> frame = Cli.withSize(100, 30).run("top", node.urlOption(), "--once", "--sort", "message_queue_len", "-n", "3")
                .assertOk().frames().get(0);
        assertTrue(frame.stream().anyMatch(l -> l.equals("top 3 processes by message_queue_len (absolute)")),
                String.join("\n", frame));
        List<List<String>> rows = rows(frame);
        assertEquals(3, rows.size(), "-n 3");
        assertEquals(List.of("flooded", "40"), List.of(rows.get(0).get(1), rows.get(0).get(3)));
        assertEquals(List.of("trickle", "7"), List.of(rows.get(1).get(1), rows.get(1).get(3)));
        assertEquals("MSGQ", cells(header(frame)).get(3), "the ranked column first");
        assertTrue(rows.get(0).get(cells(header(frame)).indexOf("HANDLING")).endsWith("Block"),
                "the type of the message being handled: " + rows.get(0));
        assertEquals("running", rows.get(0).get(rows.get(0).size() - 1));

        List<List<String>> byMemory = rows(Cli.withSize(100, 30).run("top", node.urlOption(), "--once", "--sort", "memory", "-n", "2")
                .assertOk().frames().get(0));
        assertEquals("hoarder", byMemory.get(0).get(1), "recon's memory is memory_bytes");
        assertTrue(byMemory.get(1).get(1).startsWith("a-registered-"), byMemory.toString());
    }

    @Test
    void windowModeRanksGrowthOverTheIntervalNotTotals() {
        // flooded has been held inside its handler for more than 2 s: its busy time keeps growing
        Await.until("flooded busy for 2 s", () -> flooded.entry().busyTimeMicros() > 2_000_000);
        awaitNoProcessWindow();
        Cli.Result r = Cli.withSize(100, 30).run("top", node.urlOption(), "--iterations", "2", "--window", "--sort", "busy_time_us",
                "-n", "2").assertOk();
        long total = flooded.entry().busyTimeMicros();
        List<List<String>> frames = r.frames();
        assertEquals(2, frames.size(), "--iterations 2: two frames, then exit");
        for (List<String> frame : frames) {
            assertTrue(frame.contains("top 2 processes by busy_time_us grown over the last 1s (window)"), String.join("\n", frame));
            assertEquals(List.of("PID", "NAME", "BEHAVIOUR", "BUSY/1s", "MSGQ", "MEMORY", "REDUCTIONS", "HANDLING", "STATUS"),
                    cells(header(frame)), "window mode: the growth, and the three absolute values beside it");
            List<String> row = rows(frame).stream().filter(x -> x.get(1).equals("flooded")).findFirst().orElseThrow();
            long grown = micros(row.get(3));
            assertTrue(grown > 0 && grown < total - 1_000_000, "the growth over one window, not the " + total
                    + " us in all: " + row);
        }
        assertTrue(frames.get(1).get(frames.get(1).size() - 1).startsWith("frame 2 of 2"), r.out());

        List<String> absolute = rows(Cli.withSize(100, 30).run("top", node.urlOption(), "--once", "--sort", "busy_time_us", "-n", "2")
                .assertOk().frames().get(0)).get(0);
        assertTrue(micros(absolute.get(3)) > 2_000_000, "absolute: all its busy time: " + absolute);
    }

    /** Spins in its handler until its thread has used {@code cpuMillis} of CPU: ranks by cpu_us. */
    static final class Burner extends GenServer<Long> {
        @Override
        protected Init<Long> init() {
            return ok(0L);
        }

        @Override
        protected Result<Long> handleCast(Object message, Long spun) {
            java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
            long until = cpu.getCurrentThreadCpuTime() + ((Number) message).longValue() * 1_000_000;
            long n = spun;
            while (cpu.getCurrentThreadCpuTime() < until) {
                n++;
            }
            return noreply(n);
        }
    }

    /** Casts {@code n} messages to {@code to} from its handler: ranks by messages_out. */
    record Talk(Pid to, int n) {
    }

    static final class Talker extends GenServer<Integer> {
        @Override
        protected Init<Integer> init() {
            return ok(0);
        }

        @Override
        protected Result<Integer> handleCast(Object message, Integer said) {
            Talk t = (Talk) message;
            for (int i = 0; i < t.n(); i++) {
                GenServer.cast(t.to(), i);
            }
            return noreply(said + t.n());
        }
    }

    @Test
    @ExpectLog(level = "WARN", logger = "io.medic.overload", message = "(dropper) dropped 5 messages")
    void theSortKeysOfCpuMessagesOutAgesAndDroppedRankByWhatTheyName() {
        Pid burner = GenServer.startSync(node.node, new Burner(), SpawnOptions.DEFAULT.withName("burner"), T);
        GenServer.cast(burner, 60L);
        Await.until("burner credited 30 ms of CPU", () -> burner.entry().cpuMicros() > 30_000);
        Pid listener = GenServer.startSync(node.node, new CastCounter(), SpawnOptions.DEFAULT.withName("listener"), T);
        Pid talker = GenServer.startSync(node.node, new Talker(), SpawnOptions.DEFAULT.withName("talker"), T);
        GenServer.cast(talker, new Talk(listener, 50));
        Await.until("talker sent 50", () -> talker.entry().messagesOut() == 50);
        // a bounded mailbox of 3, held: 8 casts, 5 refused; then let go, so that it is not held beside flooded
        Pid dropper = GenServer.startSync(node.node, new CastCounter(),
                SpawnOptions.DEFAULT.withName("dropper").withMailbox(io.medic.runtime.MailboxPolicy.bounded(3)), T);
        Gate gate = new Gate();
        GenServer.cast(dropper, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < 8; i++) {
            GenServer.cast(dropper, i);
        }
        Await.until("dropper refused 5", () -> dropper.entry().dropped() == 5);
        gate.open();
        Await.until("dropper idle", () -> dropper.entry().messageQueueLen() == 0 && dropper.entry().currentMessageAgeMillis() == 0);

        record Expected(String sort, String column, List<String> first) {
        }
        for (Expected e : List.of(new Expected("cpu_us", "CPU", List.of("burner")),
                new Expected("messages_out", "MSGS OUT", List.of("talker")),
                new Expected("current_message_age_ms", "IN HANDLER", List.of("flooded", "trickle")),
                new Expected("oldest_message_age_ms", "OLDEST MSG", List.of("flooded", "trickle")),
                new Expected("dropped", "DROPPED", List.of("dropper")))) {
            List<String> frame = Cli.withSize(120, 30).run("top", node.urlOption(), "--once", "--sort", e.sort(), "-n", "2")
                    .assertOk().frames().get(0);
            assertTrue(frame.contains("top 2 processes by " + e.sort() + " (absolute)"), String.join("\n", frame));
            assertEquals(e.column(), cells(header(frame)).get(3), "the ranked column: " + header(frame));
            List<List<String>> rows = rows(frame);
            assertEquals(e.first(), rows.stream().limit(e.first().size()).map(r -> r.get(1)).toList(),
                    "by " + e.sort() + ":\n" + String.join("\n", frame));
            if (e.sort().equals("dropped")) {
                assertEquals("5", rows.get(0).get(3), rows.get(0).toString());
            } else if (e.sort().equals("messages_out")) {
                assertEquals("50", rows.get(0).get(3), rows.get(0).toString());
            } else if (e.sort().endsWith("_ms")) {
                assertTrue(rows.get(0).get(3).matches("\\d+(\\.\\d)?s|\\d+ ms|\\d+m\\d\\ds"), "a duration: " + rows.get(0));
            } else {
                assertTrue(micros(rows.get(0).get(3)) > 30_000, "CPU microseconds as a duration: " + rows.get(0));
            }
        }
        Cli.withSize(120, 30).run("top", node.urlOption(), "--once", "--sort", "cpu")
                .assertError(2, "--sort: bad value 'cpu', expected one of", "cpu_us", "dropped");
    }

    // ------------------------------------------------------------------ the full screen and its keys

    @Test
    void theNewKeysSortToo() throws Exception {
        ScriptedTerminal terminal = new ScriptedTerminal(new Terminal.Size(100, 30))
                .press("^top \\d+ processes by reductions \\(absolute\\)", 'g')
                .press("^top \\d+ processes by oldest_message_age_ms \\(absolute\\)", 'q');
        Cli.Result r = runUntilDone(terminal, new Cli().terminal(terminal).watch(terminal), "top", node.urlOption());
        r.assertOk();
        List<List<String>> screens = Cli.screens(r.out());
        List<String> byAge = screens.stream().filter(s -> s.stream().anyMatch(l -> l.matches(
                "top \\d+ processes by oldest_message_age_ms \\(absolute\\)"))).findFirst().orElseThrow();
        assertEquals("flooded", rows(byAge).get(0).get(1), String.join("\n", byAge));
        String keys = byAge.get(byAge.size() - 1);
        assertTrue(keys.length() <= 100 && keys.contains("[g oldest]") && keys.endsWith("d  w window  q quit"),
                "the keys that do not fit lose their names, the current one keeps it: " + keys);
    }

    @Test
    void keysChangeTheSortToggleTheWindowAndQuitAndTheTerminalIsGivenBack() throws Exception {
        ScriptedTerminal terminal = new ScriptedTerminal(new Terminal.Size(100, 30))
                .press("^top \\d+ processes by reductions \\(absolute\\)", 'l')
                .press("^top \\d+ processes by message_queue_len \\(absolute\\)", 'w')
                .press("^top \\d+ processes by message_queue_len grown over the last 1s \\(window\\)", 'q');
        Cli.Result r = runUntilDone(terminal, new Cli().terminal(terminal).watch(terminal), "top", node.urlOption());
        r.assertOk();
        assertTrue(terminal.done(), "every key was pressed");
        assertTrue(terminal.restored() >= 1, "raw mode given back");
        assertTrue(r.out().startsWith("\033[?1049h\033[?25l"), "the alternate screen, the cursor hidden");
        assertTrue(r.out().endsWith("\033[?25h\033[?1049l"), "the operator's screen back, with its cursor");

        List<List<String>> screens = Cli.screens(r.out());
        assertTrue(screens.get(0).get(0).startsWith("medic top: measuring the first 1s at " + node.url + " (q quits)"),
                screens.get(0).toString());
        screens.subList(1, screens.size()).forEach(s -> {
            assertTrue(s.size() <= 30, "fits the terminal's 30 lines: " + s.size());
            s.forEach(l -> assertTrue(l.length() <= 100, l));
        });
        List<String> afterL = screens.stream().filter(s -> s.get(s.size() - 1).startsWith("next refresh: by message_queue_len"))
                .findFirst().orElseThrow(() -> new AssertionError("a key redraws at once with what comes next: " + screens));
        assertTrue(afterL.get(afterL.size() - 1).contains("[l queue]"), afterL.get(afterL.size() - 1));
        List<String> byQueue = screens.stream().filter(s -> s.stream().anyMatch(l -> l.matches(
                "top \\d+ processes by message_queue_len \\(absolute\\)"))).findFirst().orElseThrow();
        assertEquals("flooded", rows(byQueue).get(0).get(1));
        String keys = byQueue.get(byQueue.size() - 1);
        assertTrue(keys.startsWith("r reductions  m memory  [l queue]  i in") && keys.endsWith("w window  q quit"), keys);
    }

    @Test
    void onAFullScreenMoreRowsThanFitAreCutToItsHeightAndTheKeysStayAtTheBottom() throws Exception {
        ScriptedTerminal terminal = new ScriptedTerminal(new Terminal.Size(100, 20))
                .press("^top \\d+ processes by", 'q');
        Cli.Result r = runUntilDone(terminal, new Cli().terminal(terminal).watch(terminal), "top", node.urlOption(), "-n", "30");
        r.assertOk();
        List<List<String>> screens = Cli.screens(r.out());
        List<String> last = screens.get(screens.size() - 1);
        assertTrue(last.contains("top 30 processes by reductions (absolute)"), String.join("\n", last));
        assertEquals(20, last.size(), "cut to the terminal's 20 lines: " + String.join("\n", last));
        assertTrue(last.get(19).startsWith("[r reductions]"), "the keys line kept at the bottom: " + last.get(19));
    }

    @Test
    void whenTheNodeGoesAwayTopSaysSoAndGivesTheTerminalBack() throws Exception {
        TestNode doomed = TestNode.start("doomed");
        ScriptedTerminal terminal = new ScriptedTerminal(new Terminal.Size(100, 30))
                .then("^top \\d+ processes by reductions", doomed::close);
        Cli.Result r = runUntilDone(terminal, new Cli().terminal(terminal).watch(terminal), "top", "--url=" + doomed.url);
        r.assertError(3, "cannot connect to " + doomed.url + " (connection refused)", "java -jar demo-council");
        assertTrue(terminal.restored() >= 1);
        assertTrue(r.out().endsWith("\033[?25h\033[?1049l"), "the screen given back before the error is printed");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Waits until no process window runs on the node: one per node at a time, and a {@code top} that quit
     * in the middle of one leaves it to finish (up to its interval).
     */
    static void awaitNoProcessWindow() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest probe = java.net.http.HttpRequest.newBuilder(
                node.url.resolve("/medic/processes/window?attr=reductions&limit=1&window_ms=1")).build();
        Await.until("no process window running", () -> {
            try {
                return http.send(probe, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** Runs {@code args} on the scripted terminal; if the script stalls, quits and fails. */
    static Cli.Result runUntilDone(ScriptedTerminal terminal, Cli cli, String... args) throws Exception {
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> cli.run(args));
        try {
            return run.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            terminal.press('q');
            Cli.Result stalled = run.get(Await.DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return fail("the script stalled; what was drawn:\n" + Cli.plain(stalled.out()));
        }
    }

    /** The line of column titles. */
    static String header(List<String> frame) {
        return frame.stream().filter(l -> l.startsWith("PID ")).findFirst()
                .orElseThrow(() -> new AssertionError("no column titles in\n" + String.join("\n", frame)));
    }

    /** The process rows: from the titles to the status line. */
    static List<List<String>> rows(List<String> frame) {
        int start = frame.indexOf(header(frame)) + 1;
        List<List<String>> rows = new ArrayList<>();
        for (String l : frame.subList(start, frame.size() - 1)) {
            rows.add(cells(l));
        }
        return rows;
    }

    /** A line's cells: columns are two spaces apart, and no cell holds two spaces. */
    static List<String> cells(String line) {
        return List.of(line.strip().split("\\s{2,}"));
    }

    /** {@code 850 us}, {@code 12.3 ms}, {@code 4.1 s} in microseconds. */
    private static long micros(String cell) {
        String[] v = cell.split(" ");
        double n = Double.parseDouble(v[0]);
        return switch (v[1].toLowerCase(Locale.ROOT)) {
            case "us" -> (long) n;
            case "ms" -> (long) (n * 1e3);
            case "s" -> (long) (n * 1e6);
            default -> throw new AssertionError("not a duration: " + cell);
        };
    }
}
