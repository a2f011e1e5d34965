package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.ExpectLog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dump of a node of 100,000 processes stays within its caps — {@code max-processes} and
 * {@code max-bytes} — and says what it left out, while its counts and top lists still cover every
 * process.
 */
@Timeout(300)
@ExpectLog(level = "INFO", logger = "io.medic.dump")
class DumpCapTest {
    static final int PROCESSES = 100_000;
    static final int PER_PARENT = 10_000;
    @TempDir
    static Path dir;
    static Node node;

    static final class Idle extends GenServer<Integer> {
        private final CountDownLatch started;

        Idle(CountDownLatch started) {
            this.started = started;
        }

        @Override
        protected Init<Integer> init() {
            started.countDown();
            return ok(0);
        }
    }

    @BeforeAll
    static void start() throws InterruptedException {
        node = Node.start("crowd", ConfigFactory.parseString("medic.dump.dir = \"" + dir.toString().replace("\\", "/") + "\""));
        CountDownLatch started = new CountDownLatch(PROCESSES);
        for (int from = 0; from < PROCESSES; from += PER_PARENT) {
            Adapter.spawn(node.classicSystem(), parent(Math.min(PER_PARENT, PROCESSES - from), started), "crowd-" + from);
        }
        assertTrue(started.await(5, TimeUnit.MINUTES), "the start of " + PROCESSES + " processes");
    }

    private static Behavior<Object> parent(int n, CountDownLatch started) {
        return Behaviors.setup(ctx -> {
            for (int i = 0; i < n; i++) {
                GenServer.spawn(ctx, new Idle(started), SpawnOptions.DEFAULT);
            }
            return Behaviors.empty();
        });
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aDumpOfAHundredThousandProcessesKeepsToItsProcessCap() throws Exception {
        Path file = io.medic.introspection.internal.DumpsForTests.write(node, "medic.dump.max-processes = 1000", "capped");
        JsonNode d = CrashDumpTest.read(file);
        assertTrue(d.path("complete").asBoolean());
        int total = d.path("process_summary").path("count").asInt();
        assertTrue(total >= PROCESSES, "every process counted: " + total);
        assertEquals(1000, d.path("processes").size());
        assertEquals(1000, d.path("processes_written").asInt());
        assertEquals(total - 1000, d.path("processes_left_out").asInt());
        long byBehaviour = 0;
        for (JsonNode n : d.path("process_summary").path("by_behaviour")) {
            byBehaviour += n.asLong();
        }
        assertEquals(total, byBehaviour, "the counts cover every process");
        assertEquals(PROCESSES, d.path("process_summary").path("by_behaviour").path(Idle.class.getName()).asInt());
        assertTrue(Files.size(file) < 2 * 1024 * 1024, "about 1,000 processes' worth: " + Files.size(file));
    }

    @Test
    void aDumpOfAHundredThousandProcessesKeepsToItsByteCap() throws Exception {
        Path file = io.medic.introspection.internal.DumpsForTests.write(node,
                "medic.dump.max-processes = 10000000\nmedic.dump.max-bytes = 1m", "bytes");
        JsonNode d = CrashDumpTest.read(file);
        assertTrue(d.path("complete").asBoolean(), "still a whole dump, its lists cut");
        long size = Files.size(file);
        assertTrue(size < 1024 * 1024 + 256 * 1024, "about max-bytes: " + size);
        int written = d.path("processes_written").asInt();
        assertTrue(written > 100 && written < 10_000, "cut by bytes: " + written);
        assertEquals(d.path("process_summary").path("count").asInt() - written, d.path("processes_left_out").asInt());
    }
}
