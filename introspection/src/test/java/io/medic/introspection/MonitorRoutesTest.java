package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.monitor.SystemMonitor;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The system monitor over real HTTP: {@code GET /medic/monitor} (settings and counts),
 * {@code GET /medic/monitor/events} (the ring after a cursor, its errors) and
 * {@code GET /medic/monitor/stream} (server-sent events: live events with their type and id, a replay
 * from a cursor, heartbeats, a stream that outlives the server's request timeout, and a subscription
 * released when its client goes away, however many times).
 */
class MonitorRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("monitor-routes", String.join("\n",
                "medic.monitor.long-schedule.threshold = 50ms",
                "medic.monitor.long-message-queue { disable = 2, enable = 10 }",
                "medic.http.monitor.heartbeat = 200ms",
                "akka.http.server.request-timeout = 1s"));
    }

    @AfterEach
    void openGates() {
        Gate.openAll();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    /** A process held in a handler, then flooded past the enable threshold: a long_schedule and a long_message_queue. */
    private static Pid stuckAndFlooded(String name, Gate gate) {
        Pid pid = GenServer.startSync(http.node, new io.medic.testing.CastCounter(), SpawnOptions.DEFAULT.withName(name), T);
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < 10; i++) {
            GenServer.cast(pid, "m");
        }
        return pid;
    }

    private static List<JsonNode> events(String query) {
        MedicHttp.Response r = http.get("/medic/monitor/events" + query);
        assertEquals(200, r.status(), r.toString());
        return asList(r.json().path("events"));
    }

    private static List<JsonNode> asList(JsonNode array) {
        java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    private static boolean has(List<JsonNode> events, String type, Pid pid) {
        return events.stream().anyMatch(e -> e.path("type").asText().equals(type) && e.path("pid").asText().equals(pid.toString()));
    }

    @Test
    void theRingIsPolledAfterACursor() {
        Gate gate = new Gate();
        Pid pid = stuckAndFlooded("polled", gate);
        Await.until("both events in the ring", () -> {
            List<JsonNode> all = events("?limit=1000");
            return has(all, "long_schedule", pid) && has(all, "long_message_queue", pid);
        });
        JsonNode page = http.get("/medic/monitor/events?limit=1000").json();
        JsonNode schedule = asList(page.path("events")).stream().filter(e -> e.path("type").asText().equals("long_schedule")
                && e.path("pid").asText().equals(pid.toString())).findFirst().orElseThrow();
        assertEquals("polled", schedule.path("registered_name").asText());
        assertEquals(Block.class.getName(), schedule.path("message_type").asText());
        assertTrue(schedule.path("duration_ms").asLong() >= 50, schedule.toString());
        assertTrue(schedule.path("stack").isArray() && schedule.path("stack").size() > 0, schedule.toString());
        long next = page.path("next").asLong();
        assertEquals(page.path("latest").asLong(), next, page.toString());

        // after the cursor: only what came since
        JsonNode later = http.get("/medic/monitor/events?since=" + next).json();
        assertEquals(0, later.path("events").size(), later.toString());
        assertEquals(next, later.path("next").asLong());
        gate.open();
        Await.until("the queue's clearing after the cursor", () ->
                events("?since=" + next).stream().anyMatch(e -> e.path("type").asText().equals("long_message_queue")
                        && !e.path("alarm").asBoolean()));

        // a limit of 1 gives the oldest first
        JsonNode one = http.get("/medic/monitor/events?since=0&limit=1").json();
        assertEquals(1, one.path("events").size());
        assertEquals(one.path("events").get(0).path("id").asLong(), one.path("next").asLong());
    }

    @Test
    void badParametersAreRefusedByName() {
        MedicHttp.Response since = http.get("/medic/monitor/events?since=-1");
        assertEquals(400, since.status());
        assertEquals("bad_since", since.error());
        assertTrue(since.json().path("message").asText().startsWith("since: bad value -1"), since.toString());
        MedicHttp.Response limit = http.get("/medic/monitor/events?limit=0");
        assertEquals(400, limit.status());
        assertEquals("bad_limit", limit.error());
        MedicHttp.Response stream = http.get("/medic/monitor/stream?since=x");
        assertEquals(400, stream.status());
        assertEquals("bad_since", stream.error());
    }

    @Test
    void theStatusShowsTheThresholds() {
        JsonNode s = http.get("/medic/monitor").json();
        assertEquals(50, s.at("/settings/long_schedule_threshold").asLong(), s.toString());
        assertEquals(10, s.at("/settings/queue_enable").asLong(), s.toString());
        assertTrue(s.path("published").isNumber() && s.path("subscriptions").isNumber(), s.toString());
    }

    @Test
    void theStreamSendsLiveEventsOutlivesTheRequestTimeoutAndReplaysFromACursor() throws Exception {
        try (Sse sse = Sse.open("/medic/monitor/stream")) {
            assertEquals(200, sse.status);
            assertTrue(sse.contentType.startsWith("text/event-stream"), sse.contentType);
            // heartbeats every 200 ms: eight of them is past the server's 1 s request timeout
            Await.until("eight heartbeats", () -> sse.heartbeats.get() >= 8);
            Gate gate = new Gate();
            Pid pid = stuckAndFlooded("streamed", gate);
            String[] e = sse.next("long_message_queue", pid);
            JsonNode data = MedicHttp.JSON.readTree(e[2]);
            assertEquals(data.path("id").asText(), e[1], "the SSE id is the event's id");
            assertTrue(data.path("alarm").asBoolean());
            gate.open();
            String[] cleared = sse.next("long_message_queue", pid);
            assertTrue(Long.parseLong(cleared[1]) > Long.parseLong(e[1]));

            // a second stream from a cursor replays what came after it
            long cursor = Long.parseLong(e[1]) - 1;
            try (Sse replay = Sse.open("/medic/monitor/stream?since=" + cursor)) {
                String[] first = replay.next(null, null);
                assertEquals(e[1], first[1], "the replay starts after the cursor");
                assertEquals(cleared[1], replay.next("long_message_queue", pid)[1]);
            }
        }
    }

    @Test
    void aClientThatGoesAwayReleasesItsSubscriptionEveryTime() {
        int before = SystemMonitor.subscriptions(http.node);
        for (int i = 0; i < 20; i++) {
            Sse sse = Sse.open("/medic/monitor/stream");
            Await.until("the stream's subscription", () -> SystemMonitor.subscriptions(http.node) == before + 1);
            sse.close();
            Await.until("the subscription released once the client is gone",
                    () -> SystemMonitor.subscriptions(http.node) == before);
        }
    }

    /**
     * A server-sent-events client over java.net.http: events as {type, id, data}; heartbeats (an event
     * with empty data, which an EventSource does not dispatch; or a comment line) counted.
     */
    static final class Sse implements AutoCloseable {
        final int status;
        final String contentType;
        final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
        final AtomicInteger heartbeats = new AtomicInteger();
        private final InputStream in;

        private Sse(HttpResponse<InputStream> r) {
            this.status = r.statusCode();
            this.contentType = r.headers().firstValue("Content-Type").orElse("");
            this.in = r.body();
            Thread reader = new Thread(this::read, "sse-client");
            reader.setDaemon(true);
            reader.start();
        }

        static Sse open(String path) {
            try {
                return new Sse(http.client.send(http.request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private void read() {
            try (BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String type = null;
                String id = null;
                StringBuilder data = null;
                for (String line; (line = br.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (data != null && data.length() == 0 && type == null && id == null) {
                            heartbeats.incrementAndGet(); // Akka's heartbeat: an event with empty data
                        } else if (data != null) {
                            events.add(new String[] {type, id, data.toString()});
                        }
                        type = null;
                        id = null;
                        data = null;
                    } else if (line.startsWith(":")) {
                        heartbeats.incrementAndGet();
                    } else if (line.startsWith("event:")) {
                        type = line.substring(6).trim();
                    } else if (line.startsWith("id:")) {
                        id = line.substring(3).trim();
                    } else if (line.startsWith("data:")) {
                        data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).trim());
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        /** The next event of {@code type} about {@code pid} (any event when both are null), within 10 s. */
        String[] next(String type, Pid pid) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                String[] e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no " + type + " event for " + pid + " within 10 s");
                }
                if (type == null || (type.equals(e[0]) && e[2].contains("\"pid\":\"" + pid + "\""))) {
                    return e;
                }
            }
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
