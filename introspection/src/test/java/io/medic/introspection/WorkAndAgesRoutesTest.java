package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The book's CPU-hog method over real HTTP (chapter 8.1): one process spinning, one blocked on a latch in
 * its handler, one sleeping in its handler — {@code proc_window(reductions)} and {@code proc_window(cpu_us)}
 * rank the spinner first by far, because reductions count CPU time, not time blocked; and the blocked
 * process tops {@code current_message_age_ms} and {@code oldest_message_age_ms}.
 */
class WorkAndAgesRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("work-and-ages", "");
    }

    @AfterAll
    static void stop() {
        Gate.openAll();
        http.close();
    }

    /** Spins, blocks at a gate, or sleeps in its handler (by its message), until told to stop. */
    static final class Worker extends GenServer<Void> {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean inside = new AtomicBoolean();
        final Gate gate = new Gate();

        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleInfo(Object message, Void s) throws Exception {
            inside.set(true);
            switch ((String) message) {
                case "spin" -> {
                    long x = 0;
                    while (!stop.get()) {
                        x += System.nanoTime() & 1;
                    }
                    return noreply(x < 0 ? null : s);
                }
                case "block" -> gate.pass();
                case "sleep" -> {
                    while (!stop.get()) {
                        Thread.sleep(20);
                    }
                }
                default -> {
                    return noreply(s);
                }
            }
            return noreply(s);
        }
    }

    private static Worker start(String name, String what) {
        Worker w = new Worker();
        Pid pid = GenServer.startSync(http.node, w, SpawnOptions.DEFAULT.withName(name), T);
        Medic.send(pid, what);
        Await.until(name + " to be in its handler", w.inside::get);
        return w;
    }

    private static JsonNode top(String query) {
        MedicHttp.Response r = http.get("/medic/processes" + query);
        assertEquals(200, r.status(), r.toString());
        return r.json().path("processes");
    }

    @Test
    void theSpinnerTopsTheReductionsWindowByFarAndTheBlockedProcessTopsBothAges() {
        Worker blocked = start("blocked", "block");
        // ages count in ~1 ms units: the others start once the blocked handler is measurably older (no tie)
        Await.until("the blocked handler to be a few ms old", () -> http.get("/medic/processes/blocked").json()
                .at("/location/current_message_age_ms").asLong() >= 5);
        Worker sleeper = start("sleeper", "sleep");
        Worker spinner = start("spinner", "spin");
        try {
            Medic.send(http.node.whereis("blocked").orElseThrow(), "waits behind the blocked handler");
            for (String attr : new String[] {"reductions", "cpu_us"}) {
                JsonNode window = top("/window?attr=" + attr + "&limit=3&window_ms=1000");
                assertEquals("spinner", window.get(0).path("registered_name").asText(), attr + ": " + window);
                long first = window.get(0).path("value").asLong();
                long second = window.size() > 1 ? window.get(1).path("value").asLong() : 0;
                assertTrue(first >= 10 * Math.max(1, second), attr + ": the spinner first by far: " + window);
            }
            // wall time in handlers, by contrast, ranks all three alike: each held its thread the whole window
            JsonNode busy = top("/window?attr=busy_time_us&limit=3&window_ms=1000");
            assertEquals(3, busy.size(), busy.toString());
            assertTrue(busy.get(2).path("value").asLong() >= 500_000, "each was in a handler all along: " + busy);

            assertEquals("blocked", top("?sort=current_message_age_ms&limit=1").get(0).path("registered_name").asText(),
                    "its handler started first");
            JsonNode oldest = top("?sort=oldest_message_age_ms&limit=1").get(0);
            assertEquals("blocked", oldest.path("registered_name").asText(), "the only one with a message waiting");
            assertTrue(oldest.path("value").asLong() > 0, oldest.toString());
            JsonNode info = http.get("/medic/processes/blocked").json();
            assertTrue(info.at("/location/current_message_age_ms").asLong() >= 1000, info.toString());
            assertTrue(info.at("/memory_used/oldest_message_age_ms").asLong() >= 1000, info.toString());
        } finally {
            spinner.stop.set(true);
            sleeper.stop.set(true);
            blocked.gate.open();
        }
    }
}
