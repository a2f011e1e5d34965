package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Sys;
import io.medic.supervision.Application;
import io.medic.supervision.Applications;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.CastCounter;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The supervision tree route, and the readiness and liveness checks, over a real application tree.
 */
class SupervisionTreeTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static MedicHttp http;

    /** A GenServer whose init waits for a latch: an application that takes its time to start. */
    static final class SlowStart extends GenServer<String> {
        private final CountDownLatch go;

        SlowStart(CountDownLatch go) {
            this.go = go;
        }

        @Override
        protected Init<String> init() throws InterruptedException {
            go.await(60, TimeUnit.SECONDS);
            return ok("started");
        }
    }

    private static SupervisorSpec shop() {
        SupervisorSpec pool = SupervisorSpec.of(SupervisorFlags.oneForAll(),
                ChildSpec.worker("w1", CastCounter::new), ChildSpec.worker("w2", CastCounter::new),
                ChildSpec.worker("w3", CastCounter::new), ChildSpec.worker("w4", CastCounter::new),
                ChildSpec.worker("w5", CastCounter::new));
        SupervisorSpec stuck = SupervisorSpec.of(SupervisorFlags.oneForOne(), ChildSpec.worker("s1", CastCounter::new));
        return SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(3).withPeriod(Duration.ofSeconds(5)),
                ChildSpec.worker("cart", () -> new TestServers.Counter("cart")),
                ChildSpec.supervisor("pool", pool),
                ChildSpec.supervisor("stuck", stuck).withName("stuck-sup"));
    }

    @BeforeAll
    static void start() {
        http = MedicHttp.start("tree", String.join("\n",
                "medic.http.supervision.call-timeout = 300ms",
                "medic.http.supervision.max-children = 3"));
        Applications.of(http.node).start(Application.permanent("shop", shop())).toCompletableFuture().join();
        Supervisor.startSync(http.node, SupervisorSpec.of(SupervisorFlags.oneForOne(),
                ChildSpec.worker("lonely", CastCounter::new)), SpawnOptions.DEFAULT.withName("loose"), T);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static JsonNode app(JsonNode tree, String name) {
        for (JsonNode a : tree.path("applications")) {
            if (a.path("name").asText().equals(name)) {
                return a;
            }
        }
        throw new AssertionError("no application " + name + " in " + tree);
    }

    private static JsonNode child(JsonNode supervisor, String id) {
        for (JsonNode c : supervisor.path("children")) {
            if (c.path("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no child " + id + " in " + supervisor);
    }

    @Test
    void theTreeShowsApplicationsSupervisorsAndChildren() {
        JsonNode tree = http.get("/medic/supervision").json();
        JsonNode shop = app(tree, "shop");
        assertEquals("permanent", shop.path("type").asText());
        assertEquals("running", shop.path("status").asText());
        JsonNode top = shop.path("supervisor");
        assertEquals(http.node.whereis("shop").orElseThrow().toString(), top.path("pid").asText());
        assertEquals("shop", top.path("registered_name").asText());
        assertTrue(top.path("error").isNull(), top.toString());
        assertEquals("one_for_one", top.at("/flags/strategy").asText());
        assertEquals(3, top.at("/flags/intensity").asInt());
        assertEquals(5000, top.at("/flags/period_ms").asLong());
        assertEquals(3, top.at("/budget/intensity").asInt());
        assertEquals(3, top.path("children_total").asInt());

        JsonNode cart = child(top, "cart");
        assertEquals("worker", cart.path("type").asText());
        assertEquals("permanent", cart.path("restart").asText());
        assertEquals("running", cart.path("status").asText());
        assertTrue(cart.path("pid").asText().startsWith("<0."));
        assertTrue(cart.path("supervisor").isNull());

        JsonNode pool = child(top, "pool").path("supervisor");
        assertEquals("one_for_all", pool.at("/flags/strategy").asText());
        assertEquals(5, pool.path("children_total").asInt());
        assertEquals(3, pool.path("children").size(), "max-children = 3");
        assertTrue(pool.path("truncated").asBoolean());
        assertTrue(tree.path("truncated").asBoolean());

        JsonNode loose = tree.path("supervisors");
        assertEquals(1, loose.size(), tree.toString());
        assertEquals("loose", loose.at("/0/registered_name").asText());
        assertEquals("lonely", loose.at("/0/children/0/id").asText());
        assertTrue(tree.path("supervisors_asked").asInt() >= 5, tree.toString());
    }

    @Test
    void theRestartBudgetCountsRestarts() {
        JsonNode before = child(app(http.get("/medic/supervision").json(), "shop").path("supervisor"), "cart");
        Pid cart = http.node.pid(before.path("pid").asText());
        Medic.exit(cart, ExitReason.KILLED);
        JsonNode top = Await.value("cart restarted", () -> app(http.get("/medic/supervision").json(), "shop")
                .path("supervisor"), s -> child(s, "cart").path("restarts").asInt() >= 1
                && !child(s, "cart").path("pid").asText().equals(cart.toString())
                && child(s, "cart").path("status").asText().equals("running"));
        assertTrue(top.at("/budget/restarts").asInt() >= 1, top.toString());
    }

    @Test
    void aSupervisorThatDoesNotAnswerIsShownWithItsErrorAndTheRestOfTheTreeStill() {
        Pid stuck = http.node.pid("stuck-sup");
        Sys.suspend(stuck);
        try {
            MedicHttp.Response r = http.get("/medic/supervision");
            assertEquals(200, r.status(), r.toString());
            JsonNode top = app(r.json(), "shop").path("supervisor");
            JsonNode stuckNode = child(top, "stuck").path("supervisor");
            assertEquals(stuck.toString(), stuckNode.path("pid").asText());
            assertTrue(stuckNode.path("error").asText().startsWith("timeout:"), stuckNode.toString());
            assertTrue(stuckNode.path("flags").isNull());
            assertTrue(child(top, "pool").path("supervisor").path("error").isNull(), "the others answered");
        } finally {
            Sys.resume(stuck);
        }
    }

    @Test
    void readyOnlyOnceEveryApplicationHasStarted() {
        assertEquals(200, http.get("/ready").status());
        CountDownLatch go = new CountDownLatch(1);
        CompletionStage<Pid> starting = Applications.of(http.node).start(Application.temporary("slow",
                SupervisorSpec.of(SupervisorFlags.oneForOne(), ChildSpec.worker("slow", () -> new SlowStart(go)))));
        try {
            MedicHttp.Response notReady = Await.value("not ready while starting", () -> http.get("/ready"),
                    r -> r.status() != 200);
            assertEquals(500, notReady.status(), notReady.toString());
            assertEquals("starting", app(http.get("/medic/supervision").json(), "slow").path("status").asText());
        } finally {
            go.countDown();
        }
        starting.toCompletableFuture().join();
        assertEquals(200, http.get("/ready").status());
        assertEquals(200, http.get("/alive").status());
    }

    @Test
    @ExpectLog(logger = "io.medic.application", message = "exited with reason")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status")
    void notAliveOnceAPermanentApplicationHasTerminated() {
        try (MedicHttp other = MedicHttp.start("doomed", "")) {
            Applications.of(other.node).start(Application.permanent("core", SupervisorSpec.of(SupervisorFlags.oneForOne(),
                    ChildSpec.worker("c", CastCounter::new)))).toCompletableFuture().join();
            assertEquals(200, other.get("/alive").status());
            MedicLivenessCheck alive = new MedicLivenessCheck(other.node.classicSystem());
            assertTrue(alive.get().toCompletableFuture().join());
            Medic.exit(other.node.pid("core"), ExitReason.KILLED);
            Await.until("liveness false", () -> !alive.get().toCompletableFuture().join());
            assertEquals(1, other.node.exitStatus().toCompletableFuture().join(), "the node goes down, as in OTP");
        }
    }
}
