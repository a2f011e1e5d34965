package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.cli.internal.ExitCode;
import io.medic.cli.internal.Terminal;
import io.medic.cluster.MedicCluster;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.CastCounter;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code medic nodes} and {@code medic top --cluster} against a real cluster of two nodes in this JVM, on
 * loopback (Artery and HTTP on ports the OS picks), each with its HTTP API: a process held in its handler
 * with 5 messages queued on the first node ("five"), one with 9 on the second ("nine"). The second node
 * answers cluster queries on one thread, which a test holds to make it a node that does not answer. And a
 * node outside any cluster, with and without the cluster module's routes.
 */
@ExpectLog(level = "WARN", logger = "akka.stream.Materializer") // a node's link to the other, closed first
class ClusterTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String NAME = "medic-cli-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Node> nodes = new ArrayList<>();
    private static final List<URI> urls = new ArrayList<>();
    private static final List<String> names = new ArrayList<>();

    @BeforeAll
    static void start() {
        start(List.of(), ConfigFactory.empty());
        // node 1 answers cluster queries (and its HTTP API) on one thread, which a test can hold
        start(List.of(names.get(0)), ConfigFactory.parseString("medic.http.dispatcher { executor = \"thread-pool-executor\"\n"
                + "thread-pool-executor.fixed-pool-size = 1 }"));
        for (Node n : nodes) {
            Await.until("two members up on " + n, () -> MedicCluster.get(n).members().stream()
                    .filter(m -> m.status().equals("up")).count() == 2);
        }
        held(0, "five", 5);
        held(1, "nine", 9);
    }

    /** Starts a node of the cluster joining {@code seeds} (itself when none), then its HTTP API. */
    private static void start(List<String> seeds, Config overrides) {
        Config config = overrides.withFallback(MedicCluster.config(NAME, "127.0.0.1", 0, seeds))
                .withFallback(ConfigFactory.parseString(String.join("\n",
                        "akka.management.http.hostname = \"127.0.0.1\"",
                        "akka.management.http.port = 0",
                        "akka.cluster.gossip-interval = 200ms",
                        "akka.cluster.leader-actions-interval = 200ms",
                        "akka.cluster.periodic-tasks-initial-delay = 100ms",
                        "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off")));
        Node node = Node.start(NAME, config, List.of());
        nodes.add(node);
        if (seeds.isEmpty()) {
            akka.cluster.Cluster c = akka.cluster.Cluster.get(node.classicSystem());
            c.join(c.selfAddress());
        }
        names.add(MedicCluster.get(node).nodeName());
        urls.add(MedicManagement.start(node));
    }

    /** A process of node {@code i} held inside its handler with {@code queued} messages behind it. */
    private static Pid held(int i, String name, int queued) {
        Pid pid = GenServer.startSync(nodes.get(i), new CastCounter(), SpawnOptions.DEFAULT.withName(name), T);
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        for (int m = 0; m < queued; m++) {
            GenServer.cast(pid, m);
        }
        Await.until(name + "'s queue", () -> pid.entry().messageQueueLen() == queued);
        return pid;
    }

    @AfterEach
    void openHeldDispatcher() {
        heldDispatcher.open();
    }

    @AfterAll
    static void stop() {
        Gate.openAll();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    private final Gate heldDispatcher = new Gate();

    private static String url(int i) {
        return "--url=" + urls.get(i);
    }

    // ------------------------------------------------------------------ medic nodes

    @Test
    void nodesListsEveryMemberWithItsStatusStatsAndBaseUrl() throws Exception {
        Cli.Result r = Cli.withSize(200, 30).run("nodes", url(0)).assertOk();
        List<String> lines = r.lines();
        assertEquals("2 members of the cluster, as " + names.get(0) + " sees them (" + urls.get(0) + ")", lines.get(0));
        assertEquals("every member answered", lines.get(1));
        assertEquals(List.of("NODE", "STATUS", "REACHABLE", "UPTIME", "PROCS", "MSGQ", "RUNQ", "HEAP", "LOAD",
                "NOTE", "ROLES", "BASE URL"), TopTest.cells(lines.get(2)));
        for (int i = 0; i < 2; i++) {
            String name = names.get(i);
            List<String> row = lines.stream().filter(l -> l.startsWith(name + " ")).map(TopTest::cells).findFirst()
                    .orElseThrow(() -> new AssertionError("a row of " + name + ":\n" + r.out()));
            assertEquals(List.of("up", "yes"), row.subList(1, 3), row.toString());
            assertTrue(Long.parseLong(row.get(4)) > 0, "its process count: " + row);
            assertTrue(row.get(5).matches("\\d+") && Long.parseLong(row.get(5)) >= (i == 0 ? 5 : 9), "its queued messages: " + row);
            assertTrue(row.get(7).matches("[0-9.]+ (B|KiB|MiB|GiB)"), "its heap: " + row);
            // node 0 started first: the oldest; the leader is the lowest address, either of the two
            assertEquals(i == 0 ? List.of("self", "oldest") : List.of(), List.of(row.get(9).split(" ")).stream()
                    .filter(w -> w.equals("self") || w.equals("oldest")).toList(), "seen from node 0: " + row);
            assertEquals(urls.get(i).toString(), row.get(row.size() - 1), "where it serves /medic: " + row);
        }
        List<String> narrow = Cli.withSize(80, 30).run("nodes", url(1)).assertOk().lines();
        narrow.forEach(l -> assertTrue(l.length() <= 80, "cut to COLUMNS: " + l));
        assertTrue(narrow.get(0).contains("as " + names.get(1) + " sees them"), narrow.get(0));
        assertTrue(narrow.stream().anyMatch(l -> l.startsWith(names.get(0) + " ")), "any member answers for all: " + narrow);

        JsonNode json = JSON.readTree(Cli.withSize(100, 30).run("nodes", url(0), "--json").assertOk().out());
        assertEquals(names, List.of(json.path("nodes").get(0).path("node").asText(), json.path("nodes").get(1).path("node").asText()));
        assertEquals(0, json.path("bad_nodes").size());
    }

    // ------------------------------------------------------------------ medic top --cluster

    @Test
    void topClusterRanksTheProcessesOfEveryMemberEachWithItsNode() {
        Cli.Result r = Cli.withSize(120, 30).run("top", "--cluster", url(1), "--once", "--sort", "message_queue_len", "-n", "2")
                .assertOk();
        List<List<String>> frames = r.frames();
        assertEquals(1, frames.size(), r.out());
        List<String> frame = frames.get(0);
        frame.forEach(l -> assertTrue(l.length() <= 120, "at most COLUMNS characters: " + l));
        assertTrue(frame.get(0).startsWith("medic top  cluster via " + names.get(1) + " at " + urls.get(1)),
                frame.get(0));
        assertEquals("every member answered", frame.get(1));
        assertTrue(frame.get(2).startsWith("NODE ") && frame.get(2).contains("PROCS"), "the members: " + frame.get(2));
        assertEquals(2, frame.stream().filter(l -> l.matches("127\\.0\\.0\\.1:\\d+  up  .*")).count(), "both members");
        assertTrue(frame.contains("top 2 processes of the cluster by message_queue_len (absolute)"), String.join("\n", frame));
        String header = frame.stream().filter(l -> l.startsWith("NODE ") && l.contains("PID")).findFirst().orElseThrow();
        assertEquals(List.of("NODE", "PID", "NAME", "BEHAVIOUR", "MSGQ", "HANDLING", "STATUS"), TopTest.cells(header));
        List<List<String>> rows = rows(frame, header);
        assertEquals(2, rows.size(), String.join("\n", frame));
        assertEquals(List.of(names.get(1), "nine", "9"), List.of(rows.get(0).get(0), rows.get(0).get(2), rows.get(0).get(4)));
        assertEquals(List.of(names.get(0), "five", "5"), List.of(rows.get(1).get(0), rows.get(1).get(2), rows.get(1).get(4)));
        assertEquals(nodes.get(0).pid("five").toString(), rows.get(1).get(1), "the pid as its node prints it");
        assertTrue(rows.get(0).get(5).endsWith("Block") && rows.get(0).get(6).equals("running"), rows.get(0).toString());
        assertTrue(frame.get(frame.size() - 1).startsWith("frame 1 of 1 every 1s"), frame.get(frame.size() - 1));
    }

    @Test
    void topClusterOnAFullScreenTakesTheKeys() throws Exception {
        ScriptedTerminal terminal = new ScriptedTerminal(new Terminal.Size(120, 30))
                .press("^top \\d+ processes of the cluster by reductions \\(absolute\\)", 'l')
                .press("^top \\d+ processes of the cluster by message_queue_len \\(absolute\\)", 'q');
        Cli.Result r = TopTest.runUntilDone(terminal, new Cli().terminal(terminal).watch(terminal), "top", "--cluster", url(0));
        r.assertOk();
        assertTrue(terminal.done() && terminal.restored() >= 1, "every key pressed, the terminal given back");
        List<List<String>> screens = Cli.screens(r.out());
        List<String> byQueue = screens.stream().filter(s -> s.contains("top 2 processes of the cluster by message_queue_len "
                + "(absolute)")).findFirst().orElseThrow(() -> new AssertionError(Cli.plain(r.out())));
        assertTrue(byQueue.size() <= 30, "fits the terminal: " + byQueue.size());
        String header = byQueue.stream().filter(l -> l.startsWith("NODE ") && l.contains("PID")).findFirst().orElseThrow();
        assertEquals(List.of("nine", "five"), rows(byQueue, header).stream().map(row -> row.get(2)).toList());
        assertTrue(byQueue.get(byQueue.size() - 1).contains("[l queue]"), "the keys line: " + byQueue.get(byQueue.size() - 1));
    }

    @Test
    void topClusterInWindowModeRanksGrowthOnEveryMember() {
        Cli.Result r = Cli.withSize(120, 30).run("top", "-c", url(0), "--iterations", "2", "--window", "--sort", "messages_in",
                "-n", "2").assertOk();
        List<List<String>> frames = r.frames();
        assertEquals(2, frames.size(), r.out());
        for (List<String> frame : frames) {
            assertTrue(frame.contains("top 2 processes of the cluster by messages_in grown over the last 1s (window)"),
                    String.join("\n", frame));
            String header = frame.stream().filter(l -> l.startsWith("NODE ") && l.contains("PID")).findFirst().orElseThrow();
            assertEquals("MSGS IN/1s", TopTest.cells(header).get(4), header);
        }
    }

    @Test
    void aMemberThatDoesNotAnswerInTimeIsNamedAndTheFrameIsMadeOfTheOthers() {
        nodes.get(1).classicSystem().dispatchers().lookup("medic.http.dispatcher").execute(() -> {
            try {
                heldDispatcher.pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        heldDispatcher.awaitEntered();

        List<String> frame = Cli.withSize(120, 30).run("top", "--cluster", url(0), "--once", "--timeout", "0.3",
                "--sort", "message_queue_len", "-n", "2").assertOk().frames().get(0);
        assertEquals("not answering: " + names.get(1) + " (timeout after 300 ms)", frame.get(1), String.join("\n", frame));
        String header = frame.stream().filter(l -> l.startsWith("NODE ") && l.contains("PID")).findFirst().orElseThrow();
        List<List<String>> rows = rows(frame, header);
        assertEquals(List.of(names.get(0), "five"), List.of(rows.get(0).get(0), rows.get(0).get(2)),
                "nine's node did not answer: " + String.join("\n", frame));
        assertTrue(rows.stream().noneMatch(row -> row.get(0).equals(names.get(1))), String.join("\n", frame));

        List<String> lines = Cli.withSize(200, 30).run("nodes", url(0), "-t", "0.3").assertOk().lines();
        assertEquals("not answering: " + names.get(1) + " (timeout after 300 ms)", lines.get(1));
        List<String> silent = lines.stream().filter(l -> l.startsWith(names.get(1) + " ")).map(TopTest::cells).findFirst()
                .orElseThrow();
        assertEquals(List.of("up", "yes", "-", "-", "-", "-", "-", "-"), silent.subList(1, 9), "its stats unknown: " + silent);
    }

    // ------------------------------------------------------------------ a node outside a cluster

    @Test
    void aNodeOutsideAClusterSaysSoWithItsOwnExitStatus() {
        try (TestNode plain = TestNode.start("plain");
             TestNode without = TestNode.start("without", "medic.http.extensions.cluster = \"\"", List.of())) {
            for (List<String> command : List.of(List.of("nodes"), List.of("top", "--cluster", "--once"),
                    List.of("info", "x", "--node", "127.0.0.1:25520"))) {
                List<String> args = new ArrayList<>(command);
                args.add(plain.urlOption());
                Cli.withSize(100, 30).run(args.toArray(String[]::new)).assertError(ExitCode.NOT_CLUSTERED,
                        "this node is not in a cluster (" + plain.url + " answered 404 not_clustered: node plain is not a "
                                + "node of a cluster");
                args.set(args.size() - 1, without.urlOption());
                Cli.withSize(100, 30).run(args.toArray(String[]::new)).assertError(ExitCode.NOT_CLUSTERED,
                        "this node is not in a cluster (no cluster module: " + without.url + " serves no /medic/cluster routes)");
            }
        }
    }

    /** The process rows under {@code header}, up to the status line. */
    private static List<List<String>> rows(List<String> frame, String header) {
        List<List<String>> rows = new ArrayList<>();
        for (String l : frame.subList(frame.indexOf(header) + 1, frame.size() - 1)) {
            rows.add(TopTest.cells(l));
        }
        return rows;
    }
}
