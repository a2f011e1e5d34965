package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.monitor.LongMessageQueue;
import io.medic.runtime.monitor.SystemMonitor;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash dumps (erl_crash.dump): written on demand with everything chapter 6 reads in them — the slogan,
 * memory by pool, every process with its info attributes (the stack of a running one, the state of the
 * largest), the supervision tree and the node's supervisor events, ports, crash reports, threads, the
 * JVM's identity — and by themselves when the node stops abnormally: {@link Node#halt}, and a permanent
 * application whose supervisor gave up.
 */
@Timeout(120)
@ExpectLog(level = "INFO", logger = "io.medic.dump")
@ExpectLog(level = "WARN", logger = "io.medic.dump")
class CrashDumpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @AfterEach
    void openGates() {
        Gate.openAll();
    }

    /** Holds on a {@link Block}; crashes on "boom"; otherwise counts. */
    static final class Worker extends GenServer<Integer> {
        @Override
        protected Init<Integer> init() {
            return ok(0);
        }

        @Override
        protected Result<Integer> handleCast(Object message, Integer n) throws Exception {
            if (message instanceof Block b) {
                b.gate().pass();
            } else if ("boom".equals(message)) {
                throw new IllegalStateException("boom, as asked");
            }
            return noreply(n + 1);
        }
    }

    private Node start(String name, String config) {
        return Node.start(name, ConfigFactory.parseString(config + "\nmedic.dump.on-abnormal-stop = on\nmedic.dump.dir = \"" + dir.toString().replace("\\", "/") + "\"")
                .withFallback(ConfigFactory.parseString("medic.memory.refresh-interval = 10ms")));
    }

    static JsonNode read(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    private List<Path> dumps() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "boom, as asked")
    void aDumpOnDemandHoldsWhatChapterSixReads() throws Exception {
        try (Node node = start("dumped", "medic.monitor.log.enabled = off\n"
                + "medic.monitor.long-message-queue { enable = 200, disable = 100 }")) {
            Pid queue = GenServer.startSync(node, new Worker(), SpawnOptions.DEFAULT.withName("queue"), T);
            Pid big = GenServer.startSync(node, new TestServers.Hoarder(), SpawnOptions.DEFAULT.withName("big"), T);
            Pid secret = GenServer.startSync(node, new TestServers.Secretive(), SpawnOptions.DEFAULT.withName("secret"), T);
            Pid doomed = GenServer.startSync(node, new Worker(), SpawnOptions.DEFAULT.withName("doomed"), T);
            GenServer.cast(doomed, "boom");
            Await.until("the crash", () -> !doomed.isAlive());
            Gate gate = new Gate();
            GenServer.cast(queue, new Block(gate));
            gate.awaitEntered();
            for (int i = 0; i < 300; i++) {
                GenServer.cast(queue, "more");
            }
            Await.until("the big state estimated", () -> big.entry().memory() > 100_000);
            Await.until("the long message queue seen by the system monitor", () -> SystemMonitor.events(node, 0, 100).events()
                    .stream().anyMatch(e -> e instanceof LongMessageQueue l && l.pid().equals(queue)));

            Path file = CrashDumps.of(node).write("asked by the test");
            gate.open();

            assertEquals(dir, file.getParent());
            assertTrue(file.getFileName().toString().startsWith("medic-dump-dumped-"), file.toString());
            JsonNode d = read(file);
            assertEquals("medic-crash-dump", d.path("format").asText());
            assertEquals(1, d.path("version").asInt());
            assertEquals("asked by the test", d.path("slogan").asText());
            assertEquals("demand", d.path("trigger").asText());
            assertEquals("dumped", d.path("node").asText());
            assertTrue(d.path("complete").asBoolean(), "the last field says the dump ended well");
            assertFalse(d.path("jvm").path("java_version").asText().isEmpty());
            assertTrue(d.path("jvm").path("arguments").isArray());
            assertTrue(d.path("memory").path("pools").size() > 0, "memory by pool");
            assertEquals(node.processes().size(), d.path("stats").path("process_count").asInt());

            JsonNode summary = d.path("process_summary");
            assertEquals(d.path("processes").size(), summary.path("count").asInt());
            assertEquals(1, summary.path("by_status").path("running").asInt(), summary.toString());
            assertEquals(1, summary.path("by_behaviour").path(Worker.class.getName()).asInt(), "the live ones: " + summary);
            JsonNode topQueue = summary.path("top_by_message_queue_len").get(0);
            assertEquals("queue", topQueue.path("registered_name").asText());
            assertEquals(300, topQueue.path("value").asInt());
            assertEquals("big", summary.path("top_by_memory_bytes").get(0).path("registered_name").asText());

            JsonNode q = process(d, "queue");
            assertEquals("running", q.path("status").asText());
            assertEquals(Block.class.getName(), q.path("current_message_type").asText());
            assertTrue(q.path("stacktrace").toString().contains("io.medic.testing.Gate.pass"), q.toString());
            assertEquals("not asked: it was running a handler", q.path("state_note").asText());
            JsonNode b = process(d, "big");
            assertEquals(TestServers.Deep.class.getName(), b.path("state").path("type").asText(), b.toString());
            assertTrue(b.path("state").path("truncated").asBoolean(), "a big state is rendered within the bounds");
            JsonNode s = process(d, "secret");
            assertTrue(s.path("state").isMissingNode(), "a sensitive process's state is never asked for: " + s);

            boolean seen = false;
            for (JsonNode m : d.path("monitor_events")) {
                seen |= "long_message_queue".equals(m.path("type").asText()) && "queue".equals(m.path("registered_name").asText());
            }
            assertTrue(seen, "the system monitor's events: " + d.path("monitor_events"));
            JsonNode crash = d.path("crash_reports").get(0);
            assertEquals("doomed", crash.path("registered_name").asText());
            assertTrue(d.path("threads").size() > 0);
            assertTrue(d.path("threads_written").asInt() > 0);
            assertEquals(0, d.path("processes_left_out").asInt());
            assertTrue(d.path("supervision").isObject(), d.path("supervision_error").asText());
            assertTrue(d.path("ports").isArray());
        }
    }

    static JsonNode process(JsonNode dump, String name) {
        for (JsonNode p : dump.path("processes")) {
            if (name.equals(p.path("registered_name").asText())) {
                return p;
            }
        }
        throw new AssertionError("no process " + name + " in the dump");
    }

    @Test
    void oldDumpsAreRotated() throws Exception {
        try (Node node = start("rotated", "medic.dump.keep = 2")) {
            List<Path> written = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                written.add(CrashDumps.of(node).write("dump " + i));
            }
            assertEquals(written.subList(1, 3), dumps(), "the newest two are kept");
            assertEquals(written.subList(1, 3), CrashDumps.of(node).files());
        }
    }

    @Test
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status 1")
    void haltWritesADumpBeforeAnyProcessStops() throws Exception {
        Node node = start("halted", "");
        Pid worker = GenServer.startSync(node, new Worker(), SpawnOptions.DEFAULT.withName("worker"), T);
        node.halt("the operator pulled the plug");
        assertEquals(1, node.awaitTermination(T));
        assertFalse(worker.isAlive());
        List<Path> files = dumps();
        assertEquals(1, files.size(), files.toString());
        JsonNode d = read(files.get(0));
        assertEquals("halt", d.path("trigger").asText());
        assertEquals("the operator pulled the plug", d.path("slogan").asText());
        assertEquals("waiting", process(d, "worker").path("status").asText(), "written while the processes still ran");
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "boom, as asked")
    @ExpectLog(logger = "io.medic.application")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status 1")
    @ExpectLog(message = "reached max restart intensity")
    void aPermanentApplicationsDeathWritesADumpNamingTheSupervisorThatGaveUp() throws Exception {
        Node node = start("doomed", "");
        Applications.of(node).start(Application.permanent("shop", SupervisorSpec.of(
                SupervisorFlags.oneForOne().withIntensity(1).withPeriod(Duration.ofMinutes(1)),
                ChildSpec.worker("cart", Worker::new)))).toCompletableFuture().join();
        Pid shop = node.pid("shop");
        Pid first = cart(shop);
        GenServer.cast(first, "boom");
        Pid second = Await.value("the restarted cart", () -> cart(shop), p -> p != null && !p.equals(first));
        GenServer.cast(second, "boom");
        assertEquals(1, node.awaitTermination(T), "a permanent application's death stops the node with status 1");

        List<Path> files = dumps();
        assertEquals(1, files.size(), files.toString());
        JsonNode d = read(files.get(0));
        assertEquals("exit_status", d.path("trigger").asText());
        assertTrue(d.path("slogan").asText().startsWith("permanent application shop exited"), d.path("slogan").asText());
        JsonNode gaveUp = null;
        for (JsonNode e : d.path("supervisor_events")) {
            if ("intensity_reached".equals(e.path("event").path("type").asText())) {
                gaveUp = e;
            }
        }
        assertNotNull(gaveUp, d.path("supervisor_events").toString());
        assertEquals("shop", gaveUp.path("registered_name").asText());
        assertEquals(1, gaveUp.path("event").path("intensity").asInt());
        assertEquals(2, d.path("crash_reports").size(), "both crashes of the cart");
    }

    private static Pid cart(Pid shop) {
        return Supervisor.whichChildren(shop).get(0).pid();
    }

    @Test
    void aBadSettingIsNamed() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () ->
                io.medic.introspection.internal.DumpSettings.fromConfig(ConfigFactory.parseString(
                        "medic.dump.memory-threshold = 1.5\nmedic.dump.keep = 0").withFallback(ConfigFactory.load())));
        assertTrue(e.getMessage().contains("medic.dump.memory-threshold: bad value 1.5, expected 0 (off) or a fraction"),
                e.getMessage());
        assertTrue(e.getMessage().contains("medic.dump.keep: bad value 0"), e.getMessage());
    }
}
