package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.GenServer;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Block;
import io.medic.testing.CastCounter;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Akka HTTP's request timeout against the routes that wait: on a server whose default
 * {@code akka.http.server.request-timeout} is 1 s (and whose idle timeout, 2 s, is shorter than the
 * longest route), a window or a {@code timeout_ms} at the documented maximum (3 s here) answers as the
 * route says, and a request that does outlive its timeout — a health check that never completes — gets
 * Medic's JSON, not Akka's plain text. The requests run in parallel: the test lasts about 3 s.
 */
@Timeout(120)
@ExpectLog(level = "WARN", logger = "io.medic.introspection.MedicRouteProvider", message = "mutating /medic routes")
class RequestTimeoutTest {
    private static final Duration T = Duration.ofSeconds(10);

    /** A readiness check that answers only when the test is over. */
    public static final class NeverReady implements Supplier<CompletionStage<Boolean>> {
        static final CompletableFuture<Boolean> ANSWER = new CompletableFuture<>();

        @Override
        public CompletionStage<Boolean> get() {
            return ANSWER;
        }
    }

    @Test
    void routesThatWaitGetATimeoutCoveringTheirMaximumAndATimeoutIsMedicsJson() {
        Gate mute = new Gate();
        Gate stuck = new Gate();
        try (MedicHttp http = MedicHttp.start("timeouts", String.join("\n",
                "akka.http.server.request-timeout = 1s",
                "akka.http.server.idle-timeout = 2s",
                "akka.management.http.route-providers-read-only = false",
                "akka.management.health-checks.check-timeout = 60s",
                "akka.management.health-checks.readiness-checks.never = \"" + NeverReady.class.getName() + "\"",
                "medic.http.limits { max-window = 3s, default-timeout = 1s, max-timeout = 3s }"))) {
            try {
                GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withName("mute"), T);
                GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withName("stuck"), T);
                GenServer.cast(http.node.pid("mute"), new Block(mute));
                GenServer.cast(http.node.pid("stuck"), new Block(stuck));
                mute.awaitEntered();
                stuck.awaitEntered();

                Map<String, CompletableFuture<MedicHttp.Response>> answers = new LinkedHashMap<>();
                for (String path : new String[] {
                    "/medic/processes/window?attr=reductions&window_ms=3000",
                    "/medic/ports/window?attr=oct&window_ms=3000",
                    "/medic/node/schedulers?window_ms=3000",
                    "/medic/processes/mute/state?timeout_ms=3000",
                    "/ready"}) {
                    answers.put(path, http.sendAsync(http.request(path).GET().build()));
                }
                answers.put("kill", http.sendAsync(http.request("/medic/processes/stuck/kill?timeout_ms=3000")
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build()));

                for (String window : new String[] {"/medic/processes/window?attr=reductions&window_ms=3000",
                    "/medic/ports/window?attr=oct&window_ms=3000", "/medic/node/schedulers?window_ms=3000"}) {
                    MedicHttp.Response r = answers.get(window).join();
                    assertEquals(200, r.status(), window + ": " + r);
                    assertTrue(r.json().path("window_ms").asLong() >= 3000, window + ": " + r);
                }
                MedicHttp.Response state = answers.get("/medic/processes/mute/state?timeout_ms=3000").join();
                assertEquals(504, state.status(), "the process's own timeout, not the server's: " + state);
                assertEquals("timeout", state.error());
                assertTrue(state.json().path("message").asText().contains("3000 ms"), state.toString());

                MedicHttp.Response kill = answers.get("kill").join();
                assertEquals(202, kill.status(), "the kill waited its 3 s for the handler: " + kill);
                assertFalse(kill.json().path("exited").asBoolean(), kill.toString());

                MedicHttp.Response ready = answers.get("/ready").join();
                assertEquals(503, ready.status(), ready.toString());
                assertEquals("request_timeout", ready.error(), "Medic's JSON for every route's timeout: " + ready);
                assertTrue(ready.json().path("message").asText().contains("1000 ms")
                        && ready.json().path("message").asText().contains("akka.http.server.request-timeout"), ready.toString());
                assertEquals("application/json", ready.headers().firstValue("Content-Type").orElse(""), ready.toString());
            } finally {
                mute.open(); // before the node closes: it waits for its processes
                stuck.open();
            }
        } finally {
            NeverReady.ANSWER.complete(true);
        }
    }
}
