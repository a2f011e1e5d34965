package io.medic.introspection.internal;

import akka.Done;
import akka.NotUsed;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.Route;
import akka.japi.Pair;
import akka.stream.BoundedSourceQueue;
import akka.stream.QueueOfferResult;
import akka.stream.javadsl.Keep;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medic.runtime.Pid;
import io.medic.runtime.RenderLimits;
import io.medic.runtime.Rendered;
import io.medic.runtime.SettingsReader;
import io.medic.runtime.Sys;
import io.medic.runtime.trace.Trace;
import io.medic.runtime.trace.TraceEndReason;
import io.medic.runtime.trace.TraceEvent;
import io.medic.runtime.trace.TraceSession;
import io.medic.runtime.trace.TraceSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * INTERNAL API
 *
 * <p>The tracing routes: {@code sys:trace/2} on one process ({@code PUT /medic/processes/{pid}/trace}),
 * and trace sessions — recon_trace over HTTP — whose events stream as server-sent events of JSON
 * ({@code POST /medic/trace}), listed ({@code GET /medic/trace}) and cleared ({@code DELETE /medic/trace}).
 *
 * <p>A session's stream is owned by its client: the session is started for the request and ends when
 * the stream does — its limit, its time to live, a full buffer, a clear — or when the client goes away,
 * which a heartbeat every {@code medic.http.trace.heartbeat} (at most 1 s) makes the server notice: a
 * write to a closed connection fails, the stream is cancelled, the session stops. A slow client never
 * grows memory: the stream's queue holds {@code medic.trace.buffer-size} events, and one more ends the
 * session ({@code buffer_overflow}), said as the stream's last event. Events are rendered on the traced
 * process's thread with the bounds of {@code medic.http.state} ({@link Rendered}, the one renderer), never for a
 * sensitive process.
 */
final class TraceRoutes {
    /** The stream's media type. */

    private final Introspection services;
    private final Params params;
    private final RenderLimits limits;
    private final Duration heartbeat;
    private final int bufferSize;

    private TraceRoutes(Introspection services, Params params) {
        this.services = services;
        this.params = params;
        this.limits = services.settings.state();
        SettingsReader r = new SettingsReader(services.node.classicSystem().settings().config(), "medic.http.trace");
        this.heartbeat = r.duration("heartbeat", Duration.ofMillis(10), Duration.ofSeconds(1));
        r.throwIfInvalid("Medic HTTP trace configuration");
        this.bufferSize = Trace.bufferSize(services.node);
    }

    static List<Endpoint> endpoints(RouteSupport routes, Params params, Introspection services) {
        TraceRoutes t = new TraceRoutes(services, params);
        return List.of(
                routes.put("processes/{pid}/trace", "introspection.md#sys-trace", "trace",
                        (r, json) -> t.sysTrace(params.pid(r.arg()), json, params.timeout(r.params()))),
                routes.get("trace", "introspection.md#trace-sessions", r -> t.list()),
                routes.postRoute("trace", "introspection.md#trace-sessions", "trace_session", t::stream),
                routes.delete("trace", "introspection.md#trace-sessions", "trace_clear", r -> t.clear()));
    }

    // ================================================================== sys:trace

    private CompletionStage<Answers.Done> sysTrace(Pid pid, JsonNode body, Duration timeout) {
        boolean enable = Params.requiredBoolean(body, "enabled");
        return Sys.traceAsync(pid, enable, timeout).thenApply(x -> new Answers.Done(pid, "trace", enable ? "enabled" : "disabled"));
    }

    // ================================================================== sessions

    /** {@code GET /medic/trace}: the sessions running, the cap, and how many processes carry a hook. */
    private ObjectNode list() {
        ObjectNode o = Json.API.createObjectNode();
        List<TraceSession> running = Trace.sessions(services.node);
        running.forEach(s -> o.withArray("sessions").add(TraceJson.session(s)));
        if (running.isEmpty()) {
            o.putArray("sessions");
        }
        o.put("max_sessions", Trace.maxSessions(services.node));
        o.put("hooked_processes", Trace.hooked(services.node).size());
        return o;
    }

    /** {@code DELETE /medic/trace}: recon_trace:clear/0, answered once every session has said it ended. */
    private CompletionStage<ObjectNode> clear() {
        return Trace.clearAsync(services.node).thenApply(n -> {
            ObjectNode o = Json.API.createObjectNode();
            o.put("cleared", n);
            return o;
        });
    }

    /**
     * {@code POST /medic/trace}: starts the session the body asks for (refusals answered as JSON errors
     * before any stream) and answers its events as a stream, on the server's materializer.
     */
    private Route stream(Endpoint.Request r, JsonNode body) {
        String owner = r.caller().principal().name() + " at " + r.caller().remote();
        TraceSpec spec = TraceJson.spec(body, services.node, v -> Rendered.of(v, limits), owner);
        return Directives.extractMaterializer(mat -> {
            Pair<Pair<BoundedSourceQueue<ByteString>, CompletionStage<Done>>, Source<ByteString, NotUsed>> pre =
                    Source.<ByteString>queue(bufferSize + 1).watchTermination(Keep.both()).preMaterialize(mat);
            BoundedSourceQueue<ByteString> queue = pre.first().first();
            CompletableFuture<TraceSession> session = new CompletableFuture<>();
            TraceSession started;
            try {
                started = Trace.start(services.node, spec, services.executor, new ToStream(queue, bufferSize, session));
            } catch (RuntimeException e) {
                queue.complete();
                throw e;
            }
            session.complete(started);
            // the stream ends: its client went away (or the session ended first, and this does nothing)
            pre.first().second().whenComplete((done, err) -> started.stop(TraceEndReason.CLIENT_GONE));
            return RouteSupport.eventStream(pre.second(), heartbeat);
        });
    }

    /**
     * The session's consumer: each event as one server-sent event into the stream's queue. The queue holds
     * one more than the buffer, so the last event always fits: an event that finds the buffer full stops
     * the session, whose last event then says so.
     */
    private static final class ToStream implements Consumer<TraceEvent> {
        private final BoundedSourceQueue<ByteString> queue;
        private final int capacity;
        private final CompletionStage<TraceSession> session;
        private boolean stopped;

        ToStream(BoundedSourceQueue<ByteString> queue, int capacity, CompletionStage<TraceSession> session) {
            this.queue = queue;
            this.capacity = capacity;
            this.session = session;
        }

        /**
         * Called by the session's drain, one event at a time. A queue whose stream is gone (the client left)
         * refuses offers, or throws: the session is stopped, if it has not ended already.
         */
        @Override
        public void accept(TraceEvent e) {
            ByteString sse = sse(e);
            try {
                if (e instanceof TraceEvent.Ended) {
                    queue.offer(sse);
                    queue.complete();
                    return;
                }
                if (stopped) {
                    return;
                }
                if (queue.size() >= capacity) {
                    stop(TraceEndReason.BUFFER_OVERFLOW);
                    return;
                }
                if (!QueueOfferResult.enqueued().equals(queue.offer(sse))) {
                    stop(TraceEndReason.CLIENT_GONE);
                }
            } catch (IllegalStateException closed) {
                stop(TraceEndReason.CLIENT_GONE);
            }
        }

        private void stop(TraceEndReason reason) {
            stopped = true;
            session.thenAccept(s -> s.stop(reason));
        }
    }

    /** {@code event: <kind>}, {@code id: <seq>}, {@code data: <json on one line>}. */
    static ByteString sse(TraceEvent e) {
        return RouteSupport.sseEvent(e.kind(), Long.toString(e.seq()), TraceJson.event(e));
    }
}
