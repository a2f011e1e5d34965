package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Sys;
import io.medic.runtime.ports.Ports;
import io.medic.testing.Await;
import io.medic.testing.CastCounter;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** /medic/node and /medic/node/memory: what they count, against what the node knows. */
class NodeRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("nodestats", "");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void nodeStatsCountProcessesMessagesAndDispatchers() {
        Pid a = GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT, T);
        Pid b = GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT, T);
        for (int i = 0; i < 5; i++) {
            GenServer.cast(a, i);
        }
        Sys.getState(a, T);
        Sys.suspend(b);
        try {
            for (int i = 0; i < 7; i++) {
                GenServer.cast(b, i);
            }
            JsonNode stats = Await.value("b's queue counted", () -> http.get("/medic/node").json(),
                    j -> j.path("message_queue_len").asLong() == 7);
            assertEquals("nodestats", stats.path("node").asText());
            assertEquals(http.node.processes().size(), stats.path("process_count").asInt());
            assertEquals(Ports.of(http.node).count(), stats.path("port_count").asInt());
            assertTrue(stats.path("messages_handled").asLong() >= 5, stats.toString());
            assertEquals(1, stats.path("processes_with_messages").asInt(), stats.toString());
            assertEquals("akka.actor.default-dispatcher", stats.at("/dispatchers/0/id").asText());
            assertEquals("fork-join", stats.at("/dispatchers/0/executor").asText());
            assertTrue(stats.at("/dispatchers/0/parallelism").asInt() >= 1);
            assertTrue(stats.at("/dispatchers/0/actors").asLong() >= 2, stats.toString());
            assertEquals("medic.http.dispatcher", stats.at("/dispatchers/2/id").asText());
            assertTrue(stats.at("/memory/heap_used_bytes").asLong() > 0);
            assertTrue(stats.path("gc").size() >= 1);
            assertTrue(stats.at("/threads/live").asInt() > 0);
            assertTrue(stats.path("uptime_ms").asLong() > 0);
            assertTrue(stats.path("open_file_descriptors").asLong() != 0);
        } finally {
            Sys.resume(b);
        }
    }

    @Test
    void memoryIsUsedVersusAllocatedPerPool() {
        JsonNode m = http.get("/medic/node/memory").json();
        long used = m.path("used_bytes").asLong();
        long allocated = m.path("allocated_bytes").asLong();
        assertTrue(used > 0 && used <= allocated, m.toString());
        assertEquals(allocated - used, m.path("unused_bytes").asLong());
        double usage = m.path("usage").asDouble();
        assertTrue(usage > 0 && usage <= 1.0, m.toString());
        assertTrue(m.at("/heap/used_bytes").asLong() > 0);
        assertTrue(m.at("/heap/committed_bytes").asLong() >= m.at("/heap/used_bytes").asLong());
        assertEquals("Metaspace", m.at("/metaspace/name").asText());
        assertTrue(m.path("pools").size() >= 3, m.toString());
        boolean direct = false;
        for (JsonNode b : m.path("buffers")) {
            direct |= b.path("name").asText().equals("direct");
        }
        assertTrue(direct, m.toString());
        assertNotNull(m.get("resident_bytes"));
    }
}
