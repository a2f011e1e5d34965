package io.medic.introspection.internal;

import akka.NotUsed;
import akka.stream.BoundedSourceQueue;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medic.runtime.SettingsReader;
import io.medic.runtime.monitor.MonitorEvent;
import io.medic.runtime.monitor.MonitorEventPage;
import io.medic.runtime.monitor.MonitorSettings;
import io.medic.runtime.monitor.MonitorSubscription;
import io.medic.runtime.monitor.SystemMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * INTERNAL API
 *
 * <p>The system monitor's routes ({@code erlang:system_monitor/2} over HTTP; docs/monitoring.md):
 * {@code GET /medic/monitor} (the detectors' thresholds and the counts), {@code GET /medic/monitor/events}
 * (the ring, oldest first after a cursor, for polling) and {@code GET /medic/monitor/stream} (the events
 * as server-sent events, live, after a replay of the ring from a cursor if asked). All read-only, read
 * through the public {@link SystemMonitor}.
 *
 * <p>A stream is owned by its client and bounded: it holds at most {@code medic.http.monitor.buffer-size}
 * events the client has not taken; one more ends the stream with an {@code overflow} event naming the
 * cursor to poll or resume from (nothing grows for a slow client, and nothing is dropped silently). A
 * heartbeat (an event with empty data) every {@code medic.http.monitor.heartbeat} (at most 1 s) makes a client that went
 * away noticed, and its subscription released, within that time.
 */
final class MonitorRoutes {
    /** The most events one page of {@code /medic/monitor/events} gives ({@link SystemMonitor#events}'s bound). */
    private static final int MAX_PAGE = 1000;

    private final Introspection services;
    private final Params params;
    private final Duration heartbeat;
    private final int bufferSize;

    private MonitorRoutes(Introspection services, Params params, Duration heartbeat, int bufferSize) {
        this.services = services;
        this.params = params;
        this.heartbeat = heartbeat;
        this.bufferSize = bufferSize;
    }

    static List<Endpoint> endpoints(RouteSupport routes, Params params, Introspection services) {
        SettingsReader r = new SettingsReader(services.node.classicSystem().settings().config(), "medic.http.monitor");
        Duration heartbeat = r.duration("heartbeat", Duration.ofMillis(10), Duration.ofSeconds(1));
        int buffer = r.integer("buffer-size", 1, 100_000);
        r.throwIfInvalid("Medic HTTP monitor configuration");
        MonitorRoutes m = new MonitorRoutes(services, params, heartbeat, buffer);
        return List.of(
                routes.get("monitor", "introspection.md#monitor", req -> m.status()),
                routes.get("monitor/events", "introspection.md#monitor-events", req -> m.events(req.params())),
                routes.sse("monitor/stream", "introspection.md#monitor-stream", heartbeat, req -> m.stream(req.params())));
    }

    /**
     * {@code GET /medic/monitor}: the settings the detectors run with, and the ring's counts.
     *
     * @param settings  {@code medic.monitor}, as read
     * @param latest    the id of the last event published (0: none yet)
     * @param published events published, all time
     * @param dropped   events not published: over {@code max-events-per-second}
     * @param subscriptions subscriptions now: processes, listeners, streams
     */
    record Status(MonitorSettings settings, long latest, long published, long dropped, int subscriptions) {
    }

    /**
     * A page of events ({@code GET /medic/monitor/events}).
     *
     * @param since     the cursor given (0: from the oldest kept)
     * @param limit     the most events asked for
     * @param events    the events after {@code since}, oldest first, each with its {@code type}
     * @param next      the cursor for the next poll: the last event's id here, or {@code since} when none
     * @param latest    the id of the last event published
     * @param missed    events after {@code since} the ring no longer holds (the poller fell behind)
     * @param published events published, all time
     * @param dropped   events not published: over {@code max-events-per-second}
     */
    record Events(long since, int limit, List<JsonNode> events, long next, long latest, long missed, long published,
                  long dropped) {
    }

    private Status status() {
        MonitorEventPage p = SystemMonitor.events(services.node, Long.MAX_VALUE >> 1, 1);
        return new Status(SystemMonitor.settings(services.node), p.latest(), p.published(), p.dropped(),
                SystemMonitor.subscriptions(services.node));
    }

    private Events events(Map<String, String> p) {
        long since = Params.reportId(p, "since", 0);
        int limit = Math.min(params.limit(p), MAX_PAGE);
        MonitorEventPage page = SystemMonitor.events(services.node, since, limit);
        return new Events(since, limit, page.events().stream().map(MonitorRoutes::json).toList(), page.next(),
                page.latest(), page.missed(), page.published(), page.dropped());
    }

    /** An event as JSON: its {@code type} first, then its fields (snake_case). */
    static JsonNode json(MonitorEvent e) {
        ObjectNode n = Json.API.createObjectNode();
        n.put("type", e.type());
        n.setAll((ObjectNode) Json.API.valueToTree(e));
        return n;
    }

    /**
     * {@code GET /medic/monitor/stream}: live events; with {@code since}, the ring's events after it first
     * (at most the buffer's worth), then live ones, none twice and none lost in between.
     */
    private Source<ByteString, NotUsed> stream(Map<String, String> p) {
        long since = p.containsKey("since") ? Params.reportId(p, "since", 0) : -1;
        return Source.<ByteString>queue(bufferSize + 1)
                .mapMaterializedValue(q -> new Feed(q, since).start())
                .watchTermination((feed, done) -> {
                    done.whenComplete((d, err) -> feed.close()); // the client went away, or the stream ended
                    return NotUsed.notUsed();
                });
    }

    /** A server-sent event of a monitor event: its type as the event name, its id as the SSE id. */
    private static ByteString sse(MonitorEvent e) {
        return RouteSupport.sseEvent(e.type(), Long.toString(e.id()), json(e));
    }

    /**
     * One stream's subscription: it offers each event to the stream's bounded queue, after the replay
     * when there is one. Events come from the monitor's publishing thread, one at a time; the replay
     * holds back those that come meanwhile and sends those after its last.
     */
    private final class Feed implements Consumer<MonitorEvent> {
        private final BoundedSourceQueue<ByteString> queue;
        private final long since;
        // guarded by this
        private MonitorSubscription subscription;
        private List<MonitorEvent> heldBack = new ArrayList<>();
        private long last;
        private boolean closed;

        Feed(BoundedSourceQueue<ByteString> queue, long since) {
            this.queue = queue;
            this.since = since;
            this.last = Math.max(0, since);
        }

        /**
         * Subscribes (events that come meanwhile are held back), reads the replay outside this feed's
         * lock (the monitor publishes under its own lock, then takes this one: never the other way round),
         * then sends the replay and what was held back after it.
         */
        Feed start() {
            MonitorSubscription s = SystemMonitor.listen(services.node, this);
            MonitorEventPage page = since < 0 ? null
                    : SystemMonitor.events(services.node, since, Math.min(bufferSize, MAX_PAGE));
            synchronized (this) {
                subscription = s;
                if (page != null && page.missed() > 0) {
                    ObjectNode n = Json.API.createObjectNode();
                    n.put("missed", page.missed());
                    n.put("since", since);
                    n.put("message", page.missed() + " events after " + since
                            + " are no longer kept (medic.monitor.ring-size)");
                    queue.offer(RouteSupport.sseEvent("missed", null, n));
                }
                if (page != null) {
                    for (MonitorEvent e : page.events()) {
                        send(e);
                    }
                }
                List<MonitorEvent> held = heldBack;
                heldBack = null;
                for (MonitorEvent e : held) {
                    if (e.id() > last) {
                        send(e);
                    }
                }
            }
            return this;
        }

        @Override
        public synchronized void accept(MonitorEvent e) {
            if (heldBack != null) {
                if (heldBack.size() < bufferSize) {
                    heldBack.add(e);
                }
                return;
            }
            send(e);
        }

        /** Offers one event; a full buffer ends the stream with an {@code overflow} event instead. */
        private void send(MonitorEvent e) {
            if (closed) {
                return;
            }
            if (queue.size() >= bufferSize) {
                ObjectNode n = Json.API.createObjectNode();
                n.put("next", last);
                n.put("message", "the client did not keep up: " + bufferSize + " events waited to be sent "
                        + "(medic.http.monitor.buffer-size); poll /medic/monitor/events?since=" + last
                        + " or stream again with since=" + last);
                queue.offer(RouteSupport.sseEvent("overflow", null, n));
                queue.complete();
                close();
                return;
            }
            queue.offer(sse(e));
            last = e.id();
        }

        synchronized void close() {
            closed = true;
            if (subscription != null) {
                subscription.close();
            }
        }
    }
}
