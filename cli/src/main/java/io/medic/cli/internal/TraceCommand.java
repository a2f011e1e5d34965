package io.medic.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * INTERNAL API. {@code medic trace}: a trace session ({@code recon_trace:calls/3} for Medic's processes,
 * {@code POST /medic/trace}) whose events are printed one line each as they come, until the session
 * ends — its limit, its time to live, a clear — or the operator presses Ctrl-C, which closes the
 * connection and so ends the session on the node within a second. The spec comes from the options or
 * from a JSON file ({@code --spec}); the node checks it (a bad field or a dangerous combination is its
 * error, printed on one line). Exit status 0 when the session ended, whatever the reason (printed last).
 */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"A trace session (recon_trace for Medic's processes; POST /medic/trace): each event on a line as "
                + "it comes, until the session's limit or time to live ends it, or Ctrl-C. Needs an admin user and a "
                + "node with mutating routes enabled.",
                "Give --process and a limit (--count, or --rate with --per-ms), or a whole spec with --spec FILE "
                        + "(docs/tracing.md)."})
public final class TraceCommand extends NodeCommand {
    static final Duration MAX_TTL = Duration.ofDays(1);

    @Option(names = {"-p", "--process"}, paramLabel = "PROCESS",
            description = "A pid (<0.31.0>), a registered name, a glob on names (Al*), all, new or existing; "
                    + "class:NAME_OR_GLOB for a behaviour class. Repeatable.")
    List<String> processes = new ArrayList<>();

    @Option(names = {"-e", "--events"}, paramLabel = "EVENT", split = ",",
            description = "receive, call, cast, info, send, exit, restart, state (comma-separated; default: the node's, "
                    + "receive,exit,restart).")
    List<String> events = new ArrayList<>();

    @Option(names = {"-m", "--message-class"}, paramLabel = "CLASS",
            description = "Only messages of this class or glob (com.shop.*), or of a subclass. Repeatable. Needed with "
                    + "all, new, existing, globs and classes.")
    List<String> messages = new ArrayList<>();

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "End the session after N events.")
    Long count;

    @Option(names = "--rate", paramLabel = "N", description = "At most N events per --per-ms period: one more ends "
            + "the session (it trips, it does not drop).")
    Long rate;

    @Option(names = "--per-ms", paramLabel = "MS", description = "The period of --rate, in milliseconds.")
    Long perMs;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "End the session after this long (default: the "
            + "node's, 60).")
    String ttl;

    @Option(names = "--spec", paramLabel = "FILE", description = "The whole spec as JSON, as POST /medic/trace takes "
            + "it, instead of the options above.")
    Path specFile;

    @Option(names = "--json", description = "Print each event as the node sent it (one JSON object a line).")
    boolean json;

    private String body;

    @Override
    protected void check() {
        body = specFile != null ? fromFile() : fromOptions();
    }

    @Override
    protected int run(MedicClient client) {
        Printer printer = new Printer(env().out(), json);
        client.postStream("/medic/trace", body, printer::line);
        if (!printer.ended) {
            throw new CliException(ExitCode.UNREACHABLE, "the node closed the trace stream before its end event: "
                    + "the session is over, for a reason the node did not say (is it stopping?)");
        }
        return ExitCode.OK;
    }

    // ------------------------------------------------------------------ the spec

    private String fromFile() {
        boolean other = !processes.isEmpty() || !events.isEmpty() || !messages.isEmpty() || count != null
                || rate != null || perMs != null || ttl != null;
        if (other) {
            throw usage("--spec: the spec comes from the file alone, expected no --process, --events, "
                    + "--message-class, --count, --rate, --per-ms or --ttl with it");
        }
        String text;
        try {
            text = Files.readString(specFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw usage("--spec: no such file '" + Text.clean(specFile.toString()) + "'");
        } catch (IOException e) {
            throw usage("--spec: cannot read '" + Text.clean(specFile.toString()) + "' (" + Text.clean(e.getMessage()) + ")");
        }
        try {
            JsonNode spec = MedicClient.JSON.readTree(text);
            if (spec == null || !spec.isObject()) {
                throw usage("--spec: '" + Text.clean(specFile.toString()) + "' holds no JSON object, expected a spec "
                        + "such as {\"processes\": \"Alfa\", \"limit\": {\"count\": 10}}");
            }
            return MedicClient.JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw usage("--spec: '" + Text.clean(specFile.toString()) + "' is not JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        }
    }

    private String fromOptions() {
        if (processes.isEmpty()) {
            throw usage("--process: missing, expected at least one process (a pid, a name, a glob, all, new, "
                    + "existing or class:NAME), or --spec FILE");
        }
        ObjectNode spec = MedicClient.JSON.createObjectNode();
        ArrayNode ps = spec.putArray("processes");
        for (String p : processes) {
            if (p.startsWith("class:")) {
                ps.addObject().put("class", p.substring("class:".length()));
            } else {
                ps.add(p);
            }
        }
        if (!events.isEmpty()) {
            events.forEach(spec.putArray("events")::add);
        }
        if (!messages.isEmpty()) {
            messages.forEach(spec.putArray("messages")::add);
        }
        spec.set("limit", limit());
        if (ttl != null) {
            spec.put("ttl_ms", seconds("--ttl", ttl, Duration.ofMillis(1), MAX_TTL).toMillis());
        }
        try {
            return MedicClient.JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of our own cannot be written", e);
        }
    }

    private ObjectNode limit() {
        ObjectNode limit = MedicClient.JSON.createObjectNode();
        if (count != null && (rate != null || perMs != null)) {
            throw usage("--count and --rate: one limit, expected either --count N or --rate N --per-ms MS");
        }
        if (count != null) {
            return limit.put("count", positive("--count", count));
        }
        if (rate == null && perMs == null) {
            throw usage("a limit is missing, expected --count N or --rate N --per-ms MS: a session must have one "
                    + "(recon_trace's Max)");
        }
        if (rate == null || perMs == null) {
            throw usage((rate == null ? "--rate" : "--per-ms") + ": missing, expected --rate N --per-ms MS together");
        }
        return limit.put("rate", positive("--rate", rate)).put("per_ms", positive("--per-ms", perMs));
    }

    private static long positive(String option, long v) {
        if (v < 1) {
            throw usage(option + ": bad value '" + v + "', expected a positive integer");
        }
        return v;
    }

    private static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    // ------------------------------------------------------------------ the events

    /** Reads the stream's server-sent events line by line and prints each trace event as one line. */
    static final class Printer {
        private final PrintStream out;
        private final boolean json;
        boolean ended;

        Printer(PrintStream out, boolean json) {
            this.out = out;
            this.json = json;
        }

        /** One line of the stream: only {@code data:} lines carry an event (one JSON object each). */
        void line(String line) {
            if (!line.startsWith("data:")) {
                return; // event:, id:, blank lines between events, ":" heartbeats
            }
            JsonNode e;
            try {
                e = MedicClient.JSON.readTree(line.substring("data:".length()).strip());
            } catch (JsonProcessingException x) {
                out.println("(an event that is not JSON: " + Text.cut(Text.clean(line), 200) + ")");
                return;
            }
            if ("end".equals(e.path("kind").asText())) {
                ended = true;
            }
            if (json) {
                out.println(Text.clean(e.toString()));
            } else {
                out.println(format(e));
            }
            out.flush();
        }

        /** {@code HH:MM:SS.mmm  PID NAME  KIND  what happened}. */
        static String format(JsonNode e) {
            String at = e.path("at").asText("");
            String time = at.length() >= 23 ? at.substring(11, 23) : Text.clean(at);
            String kind = e.path("kind").asText("");
            String who = Text.of(e.path("pid")) + (e.path("name").isTextual() ? " " + Text.of(e.path("name")) : "");
            String head = time + "  " + who + "  " + Text.clean(kind) + "  ";
            switch (kind) {
                case "start":
                    return time + "  session " + e.path("session").asLong() + " started by " + Text.of(e.path("owner"))
                            + ": processes " + list(e.path("processes")) + ", follows " + list(e.path("follows"))
                            + ", ttl " + e.path("ttl_ms").asLong() + " ms, limit " + limit(e.path("spec").path("limit"));
                case "receive":
                    return head + message(e) + (e.path("from").isTextual() ? "  from " + Text.of(e.path("from"))
                            + (e.path("from_name").isTextual() ? " " + Text.of(e.path("from_name")) : "") : "");
                case "call":
                case "cast":
                case "info":
                    return head + message(e) + "  -> " + Text.of(e.path("outcome"))
                            + (e.path("outcome").asText().equals("reply") ? " " + value(e.path("reply")) : "")
                            + "  (" + e.path("duration_us").asLong() + " us)";
                case "send":
                    return head + "to " + Text.of(e.path("to")) + (e.path("to_name").isTextual() ? " "
                            + Text.of(e.path("to_name")) : "") + "  " + message(e);
                case "exit":
                    return head + Text.of(e.path("reason")) + (e.path("abnormal").asBoolean() ? " (abnormal)" : "");
                case "restart":
                    return head + "restart " + e.path("restarts").asInt() + " by supervisor " + Text.of(e.path("supervisor"));
                case "state":
                    return head + Text.className(Text.of(e.path("state_type")), 60) + " " + value(e.path("state"))
                            + (e.path("redacted").asBoolean() ? " (redacted: a sensitive process)" : "");
                case "end":
                    return time + "  session " + e.path("session").asLong() + " ended: " + Text.of(e.path("reason"))
                            + " after " + e.path("events").asLong() + " events (" + Text.of(e.path("message")) + ")";
                default:
                    return head + Text.cut(Text.clean(e.toString()), 300);
            }
        }

        private static String message(JsonNode e) {
            if (e.path("redacted").asBoolean()) {
                return Text.of(e.path("message_type")) + " (redacted: a sensitive process)";
            }
            return Text.of(e.path("message_type")) + " " + value(e.path("message"))
                    + (e.path("truncated").asBoolean() ? " (cut to the node's bounds)" : "");
        }

        /** A rendered value on one line: its JSON, control characters neutralised, cut to 300 characters. */
        private static String value(JsonNode v) {
            return v == null || v.isMissingNode() ? Text.NONE : Text.cut(Text.clean(v.toString()), 300);
        }

        private static String list(JsonNode a) {
            List<String> out = new ArrayList<>();
            a.forEach(v -> out.add(Text.of(v)));
            return out.isEmpty() ? "none" : String.join(" ", out);
        }

        private static String limit(JsonNode l) {
            return l.has("count") ? l.path("count").asLong() + " events"
                    : l.path("rate").asLong() + " events per " + l.path("per_ms").asLong() + " ms";
        }
    }
}
