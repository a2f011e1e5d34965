package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Spawned;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node whose default dispatcher is saturated — every one of its threads blocked inside an actor —
 * still answers /medic: the management server and its routes run on medic.http.dispatcher.
 */
class BlockedDispatcherTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final int PARALLELISM_MAX = 8;

    @Test
    void medicAnswersWhileEveryDefaultDispatcherThreadIsBlocked() throws Exception {
        try (MedicHttp http = MedicHttp.start("blocked", String.join("\n",
                "akka.actor.default-dispatcher.fork-join-executor.parallelism-min = " + PARALLELISM_MAX,
                "akka.actor.default-dispatcher.fork-join-executor.parallelism-max = " + PARALLELISM_MAX))) {
            CountDownLatch release = new CountDownLatch(1);
            List<Pid> blockers = new ArrayList<>();
            try {
                Behavior<String> block = Behaviors.receiveMessage(m -> {
                    release.await(60, TimeUnit.SECONDS);
                    return Behaviors.same();
                });
                for (int i = 0; i < PARALLELISM_MAX; i++) {
                    Spawned<String> s = Medic.spawn(http.node, block, SpawnOptions.DEFAULT);
                    s.ref().tell("block");
                    blockers.add(s.pid());
                }
                Await.until("every blocker running", () -> blockers.stream()
                        .allMatch(p -> p.entry().status() == ProcessStatus.RUNNING));

                // the default dispatcher is saturated: a task given to it does not run
                CountDownLatch probe = new CountDownLatch(1);
                http.node.classicSystem().dispatchers().defaultGlobalDispatcher().execute(probe::countDown);
                assertFalse(probe.await(300, TimeUnit.MILLISECONDS), "the default dispatcher should be saturated");

                MedicHttp.Response node = http.get("/medic/node");
                assertEquals(200, node.status(), node.toString());
                JsonNode dispatchers = node.json().path("dispatchers");
                JsonNode defaultDispatcher = dispatchers.get(0);
                assertEquals("akka.actor.default-dispatcher", defaultDispatcher.path("id").asText());
                assertTrue(defaultDispatcher.path("run_queue").asLong() >= 1, "the probe waits in the run queue: " + node);

                MedicHttp.Response top = http.get("/medic/processes?sort=busy_time_us&limit=" + PARALLELISM_MAX);
                assertEquals(200, top.status(), top.toString());
                for (JsonNode p : top.json().path("processes")) {
                    assertEquals("running", p.path("status").asText());
                }
                MedicHttp.Response stuck = http.get("/medic/processes/0." + blockers.get(0).number() + ".0");
                assertTrue(stuck.json().at("/location/current_stacktrace").toString().contains("CountDownLatch.await"),
                        stuck.toString());
                assertEquals(200, http.get("/medic/node/memory").status());
                assertEquals(200, http.get("/medic/node/schedulers?ms=50").status());
                assertEquals(200, http.get("/medic/processes/window?attr=reductions&ms=20").status());

                release.countDown();
                assertTrue(probe.await(20, TimeUnit.SECONDS), "the default dispatcher runs again once released");
            } finally {
                release.countDown();
            }
        }
    }
}
