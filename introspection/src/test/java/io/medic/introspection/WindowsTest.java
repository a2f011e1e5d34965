package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.introspection.internal.Introspection;
import io.medic.runtime.GenServer;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.CastCounter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The window routes: at most one process window and one scheduler window at a time per node (429
 * for the others), and a thousand windows leave threads, processes and heap where they were.
 */
class WindowsTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("windows", "");
        for (int i = 0; i < 10; i++) {
            GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT, T);
        }
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aSecondProcessWindowIsRefusedWith429() {
        // held through the Java API: the same per-node limit
        CompletionStage<List<ProcessSample>> held = Recon.of(http.node)
                .procWindow(ProcessAttribute.REDUCTIONS, 5, Duration.ofSeconds(2));
        MedicHttp.Response refused = http.get("/medic/processes/window?attr=reductions&ms=10");
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("busy", refused.error());
        assertTrue(refused.json().path("message").asText().contains("at most one"), refused.toString());
        held.toCompletableFuture().join();
        assertEquals(200, http.get("/medic/processes/window?attr=reductions&ms=10").status());

        // held by another HTTP request
        CompletableFuture<MedicHttp.Response> first =
                http.sendAsync(http.request("/medic/processes/window?attr=memory&ms=2000").GET().build());
        Await.until("the first window to hold the permit",
                () -> Introspection.get(http.node).processWindow.availablePermits() == 0);
        assertEquals(429, http.get("/medic/processes/window?attr=memory&ms=10").status());
        assertEquals(200, first.join().status());
        assertEquals(200, http.get("/medic/processes/window?attr=memory&ms=10").status());
    }

    @Test
    void aSecondSchedulerWindowIsRefusedWith429() {
        CompletionStage<SchedulerUsage> held = Recon.of(http.node).schedulerUsage(Duration.ofSeconds(2));
        MedicHttp.Response refused = http.get("/medic/node/schedulers?ms=10");
        assertEquals(429, refused.status(), refused.toString());
        assertEquals("busy", refused.error());
        assertEquals(200, http.get("/medic/processes/window?attr=reductions&ms=10").status(),
                "the process window has its own permit");
        SchedulerUsage usage = held.toCompletableFuture().join();
        assertTrue(usage.windowMs() >= 2000, usage.toString());
        JsonNode answer = http.get("/medic/node/schedulers?ms=100").json();
        assertEquals("thread_cpu_time", answer.path("method").asText());
        assertEquals("akka.actor.default-dispatcher", answer.at("/dispatchers/0/dispatcher").asText());
        assertTrue(answer.path("threads").size() >= 1, answer.toString());
        for (JsonNode t : answer.path("threads")) {
            double u = t.path("usage").asDouble();
            assertTrue(u >= 0.0 && u <= 1.0, t.toString());
        }
    }

    @Test
    void aThousandWindowsLeakNothing() {
        for (int i = 0; i < 50; i++) {
            window(i);
        }
        Snapshot before = Snapshot.take();
        for (int i = 0; i < 1000; i++) {
            window(i);
        }
        Snapshot after = Snapshot.take();
        assertEquals(before.processes, after.processes, "process count");
        assertTrue(after.threads <= before.threads + 8, "threads: " + before.threads + " -> " + after.threads);
        assertTrue(after.heap <= before.heap + 64L * 1024 * 1024, "heap: " + before.heap + " -> " + after.heap);
        assertEquals(1, Introspection.get(http.node).processWindow.availablePermits());
        assertEquals(1, Introspection.get(http.node).schedulerWindow.availablePermits());
    }

    private static void window(int i) {
        String path = i % 2 == 0 ? "/medic/processes/window?attr=reductions&limit=5&ms=1" : "/medic/node/schedulers?ms=1";
        MedicHttp.Response r = http.get(path);
        assertEquals(200, r.status(), r.toString());
    }

    private record Snapshot(int processes, int threads, long heap) {
        static Snapshot take() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            return new Snapshot(http.node.processes().size(), ManagementFactory.getThreadMXBean().getThreadCount(),
                    memory.getHeapMemoryUsage().getUsed());
        }
    }
}
