package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.cli.internal.Screen.Line;
import io.medic.cli.internal.Screen.Style;
import io.medic.cli.internal.Table.Column;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * INTERNAL API. The cluster laid out for a terminal: the members table of {@code medic nodes} (Erlang's
 * {@code nodes()} with {@code recon:node_stats_list/2} of each, from {@code GET /medic/cluster/nodes}) and
 * the screen of {@code medic top --cluster} — a title, the members that did not answer, the members table,
 * then the cluster's top processes ({@code recon:rpc} of {@code proc_count} or {@code proc_window},
 * merged), each with its node. Pure functions of the node's answers: no line is longer than the width.
 */
final class ClusterFrame {
    /** Lines of {@code top --cluster} that are not member or process rows: title, answering, members' titles, blank, table title, column titles, status. */
    static final int FIXED_LINES = 7;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private ClusterFrame() {
    }

    /** How many process rows fit {@code lines} lines under a members table of {@code members} rows; at least 1. */
    static int processRows(int lines, int members) {
        return Math.max(1, lines - FIXED_LINES - members);
    }

    /**
     * The members table of a {@code GET /medic/cluster/nodes} answer: one row per member, oldest first, its
     * stats {@code -} when it did not answer.
     */
    static Table members(JsonNode answer) {
        Table t = new Table(List.of(Column.label("NODE"), Column.label("STATUS"), Column.label("REACHABLE"),
                Column.number("UPTIME"), Column.number("PROCS"), Column.number("MSGQ"), Column.number("RUNQ"),
                Column.number("HEAP"), Column.number("LOAD"), Column.label("NOTE").optional(1),
                Column.text("ROLES", 5).optional(3), Column.label("BASE URL").optional(2)));
        for (JsonNode n : answer.path("nodes")) {
            JsonNode s = n.path("stats");
            boolean stats = s.isObject();
            List<String> note = new ArrayList<>();
            for (String flag : List.of("self", "leader", "oldest")) {
                if (n.path(flag).asBoolean()) {
                    note.add(flag);
                }
            }
            List<String> roles = new ArrayList<>();
            n.path("roles").forEach(r -> roles.add(Text.clean(r.asText())));
            double load = s.path("system_load_average").asDouble(-1);
            t.row(Text.of(n.path("node")), Text.of(n.path("status")), n.path("reachable").asBoolean() ? "yes" : "no",
                    stats ? Units.millis(s.path("uptime_ms").asLong(-1)) : Text.NONE,
                    stats ? Units.count(s.path("process_count").asLong(-1)) : Text.NONE,
                    stats ? Units.count(s.path("message_queue_len").asLong(-1)) : Text.NONE,
                    stats ? Units.count(s.path("run_queue").asLong(-1)) : Text.NONE,
                    stats ? Units.bytes(s.path("memory").path("heap_used_bytes").asLong(-1)) : Text.NONE,
                    stats && load >= 0 ? String.format(Locale.ROOT, "%.2f", load) : Text.NONE,
                    note.isEmpty() ? Text.NONE : String.join(" ", note),
                    roles.isEmpty() ? Text.NONE : String.join(",", roles),
                    n.path("base_url").isTextual() ? Text.of(n.path("base_url")) : Text.NONE);
        }
        return t;
    }

    /** The screen of {@code medic top --cluster}; {@code status} is its last line. */
    static List<Line> render(ClusterTopSnapshot s, URI base, Terminal.Size size, String status) {
        int width = size.columns();
        List<Line> out = new ArrayList<>();
        out.add(new Line(Text.cut(Text.clean(String.format(Locale.ROOT, "medic top  cluster via %s at %s  %s  (medic %s)",
                s.nodes().path("node").asText(s.index().path("node").asText("?")), base,
                CLOCK.format(s.at()), s.index().path("medic_version").asText("?"))), width), Style.TITLE));
        out.add(Line.plain(Text.cut(ClusterApi.notAnswering(s.nodes(), s.ranking()), width)));
        List<String> table = members(s.nodes()).render(width);
        out.add(new Line(table.get(0), Style.HEADER));
        table.subList(1, table.size()).forEach(l -> out.add(Line.plain(l)));
        out.add(Line.plain(""));
        int rows = s.ranking().path("processes").size();
        out.add(new Line(Text.cut("top " + rows + (rows == 1 ? " process" : " processes") + " of the cluster by "
                + s.settings().describe(), width), Style.TITLE));
        List<String> processes = processes(s).render(width);
        out.add(new Line(processes.get(0), Style.HEADER));
        processes.subList(1, processes.size()).forEach(l -> out.add(Line.plain(l)));
        out.add(new Line(Text.cut(status, width), Style.STATUS));
        return out;
    }

    /**
     * The merged ranking: each process with its node, its pid as that node prints it ({@code <0.42.0>}: ask
     * it with {@code medic --node NODE info PID}), and what the ranking carries (the ranking routes give
     * each process's ranked value, name, class, message and status: no per-process request is made).
     */
    private static Table processes(ClusterTopSnapshot s) {
        TopSettings settings = s.settings();
        ProcessAttribute sort = settings.sort();
        Table t = new Table(List.of(Column.label("NODE"), Column.label("PID"), Column.text("NAME", 8),
                Column.className("BEHAVIOUR", 12).optional(2),
                Column.number(settings.window() ? sort.label() + "/" + Units.millis(settings.interval().toMillis()) : sort.label()),
                Column.className("HANDLING", 10).optional(3), Column.label("STATUS")));
        for (JsonNode p : s.ranking().path("processes")) {
            String node = p.path("node").asText();
            String pid = p.path("pid").asText();
            String local = pid.endsWith("@" + node) ? pid.substring(0, pid.length() - node.length() - 1) : pid;
            t.row(Text.clean(node), Text.clean(local), Text.of(p.path("registered_name")), Text.of(p.path("initial_call")),
                    sort.format(p.path("value").asLong(-1)), Text.of(p.path("current_message_type")), Text.of(p.path("status")));
        }
        return t;
    }
}
