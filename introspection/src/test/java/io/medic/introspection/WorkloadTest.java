package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Sys;
import io.medic.testing.Await;
import io.medic.testing.CastCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Top-N correctness against known workloads, over HTTP and through the Java API: a flooded process
 * tops message_queue_len, a busy one tops reductions over a window (and one that was busy before the
 * window does not), a process whose state keeps growing tops memory.
 */
class WorkloadTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static MedicHttp http;
    private static final List<Pid> bystanders = new ArrayList<>();

    @BeforeAll
    static void start() {
        http = MedicHttp.start("workload", "");
        for (int i = 0; i < 20; i++) {
            bystanders.add(GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT, T));
        }
        for (Pid p : bystanders) {
            GenServer.cast(p, "hello");
        }
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aFloodedProcessTopsMessageQueueLen() {
        Pid flooded = GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withName("flooded"), T);
        Pid trickle = GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withName("trickle"), T);
        Sys.suspend(flooded);
        Sys.suspend(trickle);
        try {
            for (int i = 0; i < 3000; i++) {
                GenServer.cast(flooded, i);
            }
            for (int i = 0; i < 40; i++) {
                GenServer.cast(trickle, i);
            }
            JsonNode top = Await.value("queues counted",
                    () -> http.get("/medic/processes?sort=message_queue_len&limit=3").json(),
                    j -> j.at("/processes/0/value").asLong() == 3000 && j.at("/processes/1/value").asLong() == 40);
            assertEquals(flooded.toString(), top.at("/processes/0/pid").asText());
            assertEquals("flooded", top.at("/processes/0/registered_name").asText());
            assertEquals(CastCounter.class.getName(), top.at("/processes/0/initial_call").asText());
            assertEquals(trickle.toString(), top.at("/processes/1/pid").asText());
            assertEquals("message_queue_len", top.path("attribute").asText());
            assertEquals(3, top.path("limit").asInt());
            assertEquals(3, top.path("processes").size());

            List<ProcessSample> api = Recon.of(http.node).procCount(ProcessAttribute.MESSAGE_QUEUE_LEN, 2);
            assertEquals(List.of(flooded, trickle), api.stream().map(ProcessSample::pid).toList());
        } finally {
            Sys.resume(flooded);
            Sys.resume(trickle);
        }
    }

    @Test
    void aBusyProcessTopsReductionsInAWindowAndAFormerlyBusyOneDoesNot() {
        Pid former = GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withName("former"), T);
        for (int i = 0; i < 20_000; i++) {
            GenServer.cast(former, i);
        }
        Sys.getState(former, T); // sys requests queue behind the casts: they have all been handled
        AtomicBoolean running = new AtomicBoolean(true);
        Pid busy = GenServer.startSync(http.node, new TestServers.Busy(running, 200), SpawnOptions.DEFAULT.withName("busy"), T);
        try {
            GenServer.cast(busy, "spin");
            JsonNode window = http.get("/medic/processes/window?attr=reductions&limit=3&ms=300").json();
            assertEquals(busy.toString(), window.at("/processes/0/pid").asText(), window.toString());
            assertTrue(window.at("/processes/0/value").asLong() > 1000, window.toString());
            assertEquals(300, window.path("window_ms").asLong());
            for (JsonNode p : window.path("processes")) {
                if (p.path("pid").asText().equals(former.toString())) {
                    assertTrue(p.path("value").asLong() < window.at("/processes/0/value").asLong());
                }
            }
            assertTrue(former.entry().reductions() >= 20_000, "the former one has the larger total");

            List<ProcessSample> api = Recon.of(http.node)
                    .procWindow(ProcessAttribute.BUSY_TIME_US, 1, Duration.ofMillis(200)).toCompletableFuture().join();
            assertEquals(busy, api.get(0).pid());
            assertNotEquals(former, api.get(0).pid());
        } finally {
            running.set(false);
        }
    }

    @Test
    void aProcessWhoseStateKeepsGrowingTopsMemory() {
        Pid grower = GenServer.startSync(http.node, new TestServers.Grower(), SpawnOptions.DEFAULT.withName("grower"), T);
        for (int i = 0; i < 40; i++) {
            GenServer.cast(grower, new byte[64 * 1024]);
        }
        // the estimate is refreshed when the process handles a message, at most every 10 ms here
        JsonNode top = Await.value("grower on top of memory", () -> {
            GenServer.cast(grower, "tick");
            return http.get("/medic/processes?sort=memory&limit=2").json();
        }, j -> j.at("/processes/0/pid").asText().equals(grower.toString())
                && j.at("/processes/0/value").asLong() >= 40L * 64 * 1024);
        assertEquals("grower", top.at("/processes/0/registered_name").asText());
        assertTrue(top.at("/processes/1/value").asLong() < 40L * 64 * 1024, top.toString());

        JsonNode info = http.get("/medic/processes/grower").json();
        assertTrue(info.at("/memory_used/memory_bytes").asLong() >= 40L * 64 * 1024, info.toString());
    }
}
