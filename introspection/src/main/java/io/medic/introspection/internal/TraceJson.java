package io.medic.introspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medic.runtime.BadProcessReferenceException;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.Rendered;
import io.medic.runtime.trace.PidSpec;
import io.medic.runtime.trace.TraceEvent;
import io.medic.runtime.trace.TraceEventKind;
import io.medic.runtime.trace.TraceLimit;
import io.medic.runtime.trace.TraceSession;
import io.medic.runtime.trace.TraceSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * INTERNAL API
 *
 * <p>Trace sessions in JSON: a spec read from a {@code POST /medic/trace} body — every field checked and
 * refused as {@code 400 bad_spec} naming the field ({@code processes[1]}, {@code limit.per_ms}), the bad
 * value and what was expected — and events and sessions written by the naming rule of
 * {@code docs/introspection.md} (snake_case, {@code _at}, {@code _us}, {@code _ms}). Stateless; thread-safe.
 *
 * <pre>
 * {"processes": "Alfa" | ["Alfa", "&lt;0.42.0&gt;", "all", "new", "existing", "Al*",
 *                         {"pid": "..."}, {"name": "name or glob"}, {"class": "class or glob"}],
 *  "events": ["receive", "call", "cast", "info", "send", "exit", "restart", "state"],
 *  "messages": "class or glob" | [...],
 *  "limit": {"count": N} | {"rate": N, "per_ms": P},
 *  "ttl_ms": T}
 * </pre>
 */
final class TraceJson {
    private static final Set<String> FIELDS = Set.of("processes", "events", "messages", "limit", "ttl_ms");
    private static final String PROCESSES_EXPECTED = "\"all\", \"new\", \"existing\", a pid, a registered name, a glob"
            + " on names, or an object {\"pid\": ...}, {\"name\": ...} or {\"class\": ...}";
    private static final String LIMIT_EXPECTED = "{\"count\": N} or {\"rate\": N, \"per_ms\": P}";

    private TraceJson() {
    }

    // ================================================================== specs

    /**
     * The spec a body asks for: its processes resolved on {@code node} now (a pid that is not alive, a name
     * nobody holds: {@code 404 noproc}), rendered by {@code renderer}, owned by {@code owner}.
     */
    static TraceSpec spec(JsonNode body, Node node, Function<Object, ?> renderer, String owner) {
        if (!body.isObject()) {
            throw bad("body: bad value " + echo(body) + ", expected a trace spec object such as "
                    + "{\"processes\": \"Alfa\", \"limit\": {\"count\": 10}}");
        }
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw bad(Params.cut(f) + ": unknown field, expected one of " + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        TraceSpec spec;
        try {
            spec = TraceSpec.of(processes(body.get("processes"), node)).withRenderer(renderer).withOwner(owner);
            if (present(body, "events")) {
                spec = spec.withEvents(events(body.get("events")));
            }
            if (present(body, "messages")) {
                spec = spec.withMessages(strings(body.get("messages"), "messages", "a class name or a glob"));
            }
            spec = spec.withLimit(limit(body.get("limit")));
            if (present(body, "ttl_ms")) {
                spec = spec.withTtl(Duration.ofMillis(positive(body.get("ttl_ms"), "ttl_ms")));
            }
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
        return spec;
    }

    private static List<PidSpec> processes(JsonNode v, Node node) {
        if (v == null || v.isNull()) {
            throw bad("processes: missing, expected " + PROCESSES_EXPECTED);
        }
        List<JsonNode> items = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(items::add);
        } else {
            items.add(v);
        }
        List<PidSpec> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            out.add(process(items.get(i), v.isArray() ? "processes[" + i + "]" : "processes", node));
        }
        return out;
    }

    private static PidSpec process(JsonNode v, String field, Node node) {
        if (v.isTextual()) {
            String s = v.textValue();
            switch (s) {
                case "all":
                    return PidSpec.Scope.ALL;
                case "new":
                    return PidSpec.Scope.NEW;
                case "existing":
                    return PidSpec.Scope.EXISTING;
                default:
                    break;
            }
            io.medic.runtime.internal.Globs.requireText(field, "pid, name or glob", s);
            if (io.medic.runtime.internal.Globs.isGlob(s)) {
                return PidSpec.names(s);
            }
            if (node.whereis(s).isPresent()) {
                return PidSpec.name(s);
            }
            return PidSpec.of(pid(s, field, node));
        }
        if (v.isObject() && v.size() == 1) {
            Map.Entry<String, JsonNode> e = v.fields().next();
            if (!e.getValue().isTextual()) {
                throw bad(field + "." + Params.cut(e.getKey()) + ": bad value " + echo(e.getValue()) + ", expected a string");
            }
            String s = e.getValue().textValue();
            switch (e.getKey()) {
                case "pid":
                    return PidSpec.of(pid(s, field + ".pid", node));
                case "name":
                    io.medic.runtime.internal.Globs.requireText(field + ".name", "name or glob", s);
                    return io.medic.runtime.internal.Globs.isGlob(s) ? PidSpec.names(s) : PidSpec.name(s);
                case "class":
                    return PidSpec.behaviour(io.medic.runtime.internal.Globs.requireText(field + ".class", "class or glob", s));
                default:
                    break;
            }
        }
        throw bad(field + ": bad value " + echo(v) + ", expected " + PROCESSES_EXPECTED);
    }

    private static Pid pid(String s, String field, Node node) {
        try {
            return node.lookup(s).orElseThrow(() -> HttpError.notFound("noproc", field + ": no such process: "
                    + Params.cut(s)));
        } catch (BadProcessReferenceException e) {
            throw bad(field + ": bad value " + io.medic.runtime.LogText.quoted(s, 100) + ", expected " + PROCESSES_EXPECTED);
        }
    }

    private static List<TraceEventKind> events(JsonNode v) {
        List<String> words = strings(v, "events", "an event kind");
        List<TraceEventKind> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            TraceEventKind k = TraceEventKind.ofWord(words.get(i));
            if (k == null) {
                throw bad((v.isArray() ? "events[" + i + "]" : "events") + ": bad value "
                        + io.medic.runtime.LogText.quoted(words.get(i), 100) + ", expected one of "
                        + Arrays.stream(TraceEventKind.values()).map(TraceEventKind::word).collect(Collectors.joining(", ")));
            }
            out.add(k);
        }
        return out;
    }

    private static TraceLimit limit(JsonNode v) {
        if (v == null || v.isNull()) {
            throw bad("limit: missing, expected " + LIMIT_EXPECTED + ": a session must have a limit (recon_trace's Max)");
        }
        if (!v.isObject()) {
            throw bad("limit: bad value " + echo(v) + ", expected " + LIMIT_EXPECTED);
        }
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("count") && !f.equals("rate") && !f.equals("per_ms")) {
                throw bad("limit." + Params.cut(f) + ": unknown field, expected " + LIMIT_EXPECTED);
            }
        }
        boolean count = present(v, "count");
        boolean rate = present(v, "rate") || present(v, "per_ms");
        if (count == rate) {
            throw bad("limit: bad value " + echo(v) + ", expected " + LIMIT_EXPECTED + " (one of them)");
        }
        if (count) {
            return TraceLimit.count(positive(v.get("count"), "limit.count"));
        }
        if (!present(v, "rate") || !present(v, "per_ms")) {
            throw bad("limit." + (present(v, "rate") ? "per_ms" : "rate") + ": missing, expected " + LIMIT_EXPECTED);
        }
        return TraceLimit.rate(positive(v.get("rate"), "limit.rate"), Duration.ofMillis(positive(v.get("per_ms"), "limit.per_ms")));
    }

    private static long positive(JsonNode v, String field) {
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 1) {
            throw bad(field + ": bad value " + echo(v) + ", expected a positive integer");
        }
        return v.longValue();
    }

    /** A string or an array of strings. */
    private static List<String> strings(JsonNode v, String field, String what) {
        if (v.isTextual()) {
            return List.of(v.textValue());
        }
        if (!v.isArray()) {
            throw bad(field + ": bad value " + echo(v) + ", expected " + what + " or an array of them");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw bad(field + "[" + i + "]: bad value " + echo(v.get(i)) + ", expected " + what + " (a string)");
            }
            out.add(v.get(i).textValue());
        }
        return out;
    }

    private static boolean present(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && !v.isNull();
    }

    private static String echo(JsonNode v) {
        return v == null ? "(none)" : Params.cut(v.toString());
    }

    private static HttpError bad(String message) {
        return HttpError.badRequest("bad_spec", message);
    }

    // ================================================================== events and sessions

    /** An event as the stream sends it. */
    static ObjectNode event(TraceEvent e) {
        ObjectNode o = Json.API.createObjectNode();
        o.put("session", e.session());
        o.put("seq", e.seq());
        o.put("at", Json.INSTANT.format(e.at()));
        o.put("kind", e.kind());
        if (e instanceof TraceEvent.Started s) {
            o.put("owner", s.owner());
            pids(o.putArray("processes"), s.processes());
            s.follows().forEach(o.putArray("follows")::add);
            o.put("ttl_ms", s.ttl().toMillis());
            o.set("spec", spec(s.spec()));
        } else if (e instanceof TraceEvent.Received r) {
            process(o, r.pid(), r.name());
            pid(o, "from", r.from());
            o.put("from_name", r.fromName());
            message(o, "message", r.messageType(), r.message(), r.redacted());
        } else if (e instanceof TraceEvent.Handled h) {
            process(o, h.pid(), h.name());
            message(o, "message", h.messageType(), h.message(), h.redacted());
            o.put("outcome", h.outcome());
            rendered(o, "reply", h.reply());
            o.put("duration_us", h.durationNanos() / 1000);
        } else if (e instanceof TraceEvent.Sent s) {
            process(o, s.pid(), s.name());
            pid(o, "to", s.to());
            o.put("to_name", s.toName());
            message(o, "message", s.messageType(), s.message(), s.redacted());
        } else if (e instanceof TraceEvent.Exited x) {
            process(o, x.pid(), x.name());
            o.put("reason", x.reason());
            o.put("abnormal", x.abnormal());
        } else if (e instanceof TraceEvent.Restarted r) {
            process(o, r.pid(), r.name());
            o.put("restarts", r.restarts());
            pid(o, "supervisor", r.supervisor());
        } else if (e instanceof TraceEvent.StateAfter s) {
            process(o, s.pid(), s.name());
            message(o, "state", s.stateType(), s.state(), s.redacted());
        } else if (e instanceof TraceEvent.Ended end) {
            o.put("reason", end.reason().word());
            o.put("message", end.message());
            o.put("events", end.events());
        }
        return o;
    }

    /** A running session, as {@code GET /medic/trace} lists it. */
    static ObjectNode session(TraceSession s) {
        ObjectNode o = Json.API.createObjectNode();
        o.put("session", s.id());
        o.put("owner", s.owner());
        o.put("started_at", Json.INSTANT.format(s.startedAt()));
        o.put("events", s.events());
        pids(o.putArray("processes"), s.processes());
        o.set("spec", spec(s.spec()));
        return o;
    }

    /** A spec, as a body would give it (processes as text). */
    static ObjectNode spec(TraceSpec spec) {
        ObjectNode o = Json.API.createObjectNode();
        ArrayNode processes = o.putArray("processes");
        for (PidSpec p : spec.processes()) {
            processes.add(p instanceof PidSpec.Names n ? n.glob() : p instanceof PidSpec.Behaviour b ? "class " + b.pattern()
                    : p.toString());
        }
        ArrayNode events = o.putArray("events");
        Arrays.stream(TraceEventKind.values()).filter(spec.events()::contains).forEach(k -> events.add(k.word()));
        spec.messages().forEach(o.putArray("messages")::add);
        ObjectNode limit = o.putObject("limit");
        spec.limit().ifPresent(l -> {
            if (l instanceof TraceLimit.Count c) {
                limit.put("count", c.events());
            } else if (l instanceof TraceLimit.Rate r) {
                limit.put("rate", r.events());
                limit.put("per_ms", r.period().toMillis());
            }
        });
        if (spec.ttl().isPresent()) {
            o.put("ttl_ms", spec.ttl().get().toMillis());
        } else {
            o.putNull("ttl_ms");
        }
        return o;
    }

    private static void process(ObjectNode o, Pid pid, String name) {
        pid(o, "pid", pid);
        o.put("name", name);
    }

    private static void pid(ObjectNode o, String field, Pid pid) {
        if (pid == null) {
            o.putNull(field);
        } else {
            o.put(field, pid.toString());
        }
    }

    private static void pids(ArrayNode a, List<Pid> pids) {
        pids.forEach(p -> a.add(p.toString()));
    }

    /** {@code field}, its type and whether it is redacted or was cut by the rendering bounds. */
    private static void message(ObjectNode o, String field, String type, Object value, boolean redacted) {
        o.put(field + "_type", type);
        rendered(o, field, value);
        o.put("redacted", redacted);
        if (value instanceof Rendered r && r.truncated()) {
            o.put("truncated", true);
        }
    }

    /**
     * What the renderer made, as {@code field}: a {@link Rendered}'s JSON as it is, or text (system
     * messages, failures), or null.
     */
    private static void rendered(ObjectNode o, String field, Object value) {
        if (value == null) {
            o.putNull(field);
        } else if (value instanceof Rendered r) {
            o.putRawValue(field, Json.raw(r));
        } else {
            o.put(field, String.valueOf(value));
        }
    }
}
