package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.cli.internal.Screen.Line;
import io.medic.cli.internal.Screen.Style;
import io.medic.cli.internal.Table.Column;
import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * INTERNAL API. One screen of {@code medic top}, laid out for a terminal size: observer_cli's home — the
 * node's counts, memory, GC and dispatcher (scheduler) usage — over its process top — the ranked
 * processes with their name, behaviour, the ranking value, queue, memory, reductions, the message being
 * handled and status — and a status line at the bottom. A pure function of a {@link TopSnapshot}: no line
 * is longer than the width, and only the process rows grow with the height.
 */
public final class TopFrame {
    /** Lines of the header around the dispatcher rows: title, processes, memory, gc, dispatcher titles, blank. */
    static final int HEADER_LINES = 6;
    /** Lines around the process rows: the table's title, its column titles, the status line. */
    static final int TABLE_LINES = 3;
    private static final int BAR_CELLS = 20;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private TopFrame() {
    }

    /** How many process rows fit {@code rows} lines under a header with {@code dispatchers} dispatchers; at least 1. */
    public static int processRows(int rows, int dispatchers) {
        return Math.max(1, rows - HEADER_LINES - dispatchers - TABLE_LINES);
    }

    /** The frame; {@code status} is its last line (the keys, or what a key changed). */
    public static List<Line> render(TopSnapshot s, URI base, Terminal.Size size, String status) {
        int width = size.columns();
        List<Line> out = new ArrayList<>();
        JsonNode n = s.node();
        out.add(new Line(Text.cut(Text.clean(String.format(Locale.ROOT, "medic top  %s at %s  up %s  %s  (medic %s)",
                n.path("node").asText(s.index().path("node").asText("?")), base,
                Units.millis(n.path("uptime_ms").asLong(-1)), CLOCK.format(s.at()),
                s.index().path("medic_version").asText("?"))), width), Style.TITLE));
        out.add(Line.plain(Text.cut(String.format(Locale.ROOT,
                "processes %s  with messages %s  queued %s  run queue %s  threads %s  ports %s  fds %s/%s",
                count(n, "process_count"), count(n, "processes_with_messages"), count(n, "message_queue_len"),
                count(n, "run_queue"), count(n.path("threads"), "live"), count(n, "port_count"),
                count(n, "open_file_descriptors"), count(n, "max_file_descriptors")), width)));
        JsonNode m = n.path("memory");
        out.add(Line.plain(Text.cut(String.format(Locale.ROOT,
                "memory  heap %s (max %s)  non-heap %s  direct %s  rss %s",
                bytes(m, "heap_used_bytes"), bytes(m, "heap_max_bytes"), bytes(m, "non_heap_used_bytes"),
                bytes(m, "direct_used_bytes"), bytes(m, "resident_bytes")), width)));
        out.add(Line.plain(Text.cut(gcAndCpu(s), width)));
        dispatchers(s, width).forEach(l -> out.add(Line.plain(l)));
        out.add(Line.plain(""));
        out.add(new Line(Text.cut(tableTitle(s), width), Style.TITLE));
        List<String> table = processes(s).render(width);
        out.add(new Line(table.get(0), Style.HEADER));
        table.subList(1, table.size()).forEach(l -> out.add(Line.plain(l)));
        out.add(new Line(Text.cut(status, width), Style.STATUS));
        return out;
    }

    /**
     * The keys line for {@code width} columns: what each key does, the current choices in brackets. When
     * every name does not fit, the keys lose their names from the right (the current sort's, {@code w}'s
     * and {@code q}'s stay): {@code r reductions  m memory  [l queue]  ...  s  o  c  u  w window  q quit}.
     */
    public static String keys(TopSettings current, int width) {
        ProcessAttribute[] all = ProcessAttribute.values();
        boolean[] named = new boolean[all.length];
        java.util.Arrays.fill(named, true);
        String line = keys(current, named);
        for (int i = all.length - 1; i >= 0 && line.length() > width; i--) {
            if (all[i] != current.sort()) {
                named[i] = false;
                line = keys(current, named);
            }
        }
        return line;
    }

    private static String keys(TopSettings current, boolean[] named) {
        StringBuilder b = new StringBuilder();
        ProcessAttribute[] all = ProcessAttribute.values();
        for (int i = 0; i < all.length; i++) {
            ProcessAttribute a = all[i];
            String k = named[i] ? a.key() + " " + a.shortName() : String.valueOf(a.key());
            b.append(a == current.sort() ? "[" + k + "]" : k).append("  ");
        }
        b.append(current.window() ? "[w window]" : "w window").append("  q quit");
        return b.toString();
    }

    // ------------------------------------------------------------------ header

    private static String gcAndCpu(TopSnapshot s) {
        JsonNode n = s.node();
        String load = n.path("system_load_average").isNumber() && n.path("system_load_average").asDouble() >= 0
                ? String.format(Locale.ROOT, "%.2f", n.path("system_load_average").asDouble()) : Text.NONE;
        String busy = s.schedulers() == null ? "dispatcher usage: " + s.schedulersNote()
                : String.format(Locale.ROOT, "in Medic handlers %.2f threads over %s", s.schedulers().path("medic_busy").asDouble(),
                        Units.millis(s.schedulers().path("window_ms").asLong()));
        return String.format(Locale.ROOT, "gc %s in %s  cpus %s  load %s  %s", count(n, "gc_count"),
                Units.millis(n.path("gc_time_ms").asLong(-1)), count(n, "available_processors"), load, Text.clean(busy));
    }

    private static List<String> dispatchers(TopSnapshot s, int width) {
        Map<String, JsonNode> usage = new HashMap<>();
        if (s.schedulers() != null) {
            for (JsonNode d : s.schedulers().path("dispatchers")) {
                usage.put(d.path("dispatcher").asText(), d);
            }
        }
        Table t = new Table(List.of(Column.label("DISPATCHER"), Column.number("THREADS"), Column.number("ACTIVE"),
                Column.number("QUEUE"), Column.number("ACTORS"), Column.number("USAGE"),
                Column.text("", BAR_CELLS + 2).optional(1)));
        for (JsonNode d : s.node().path("dispatchers")) {
            JsonNode u = usage.get(d.path("id").asText());
            double ratio = u == null ? -1 : u.path("usage").asDouble(-1);
            t.row(Text.clean(d.path("id").asText()), count(d, "threads"), count(d, "active_threads"), count(d, "run_queue"),
                    count(d, "actors"), Units.percent(ratio), ratio < 0 ? "" : Units.bar(ratio, BAR_CELLS));
        }
        return t.render(width);
    }

    // ------------------------------------------------------------------ processes

    private static String tableTitle(TopSnapshot s) {
        int rows = s.ranking() == null ? 0 : s.ranking().path("processes").size();
        String title = "top " + rows + (rows == 1 ? " process" : " processes") + " by " + s.settings().describe();
        return s.ranking() == null ? title + ": " + Text.clean(s.rankingNote()) : title;
    }

    private static Table processes(TopSnapshot s) {
        TopSettings settings = s.settings();
        ProcessAttribute sort = settings.sort();
        List<ProcessAttribute> fixed = new ArrayList<>(List.of(ProcessAttribute.MESSAGE_QUEUE_LEN,
                ProcessAttribute.MEMORY_BYTES, ProcessAttribute.REDUCTIONS));
        if (!settings.window()) {
            fixed.remove(sort); // absolute: the ranking value is that column already
        }
        List<Column> columns = new ArrayList<>(List.of(Column.label("PID"), Column.text("NAME", 8),
                Column.className("BEHAVIOUR", 12).optional(2)));
        columns.add(Column.number(settings.window()
                ? sort.label() + "/" + Units.millis(settings.interval().toMillis()) : sort.label()));
        fixed.forEach(a -> columns.add(Column.number(a.label())));
        columns.add(Column.className("HANDLING", 10).optional(3));
        columns.add(Column.label("STATUS"));
        Table t = new Table(columns);
        if (s.ranking() == null) {
            return t;
        }
        for (JsonNode p : s.ranking().path("processes")) {
            String pid = p.path("pid").asText();
            JsonNode info = s.infos().get(pid);
            List<String> cells = new ArrayList<>(columns.size());
            cells.add(Text.clean(pid));
            cells.add(Text.of(info != null ? info.path("meta").path("registered_name") : p.path("registered_name")));
            cells.add(Text.of(info != null ? info.path("meta").path("behaviour") : p.path("initial_call")));
            cells.add(sort.format(p.path("value").asLong(-1)));
            for (ProcessAttribute a : fixed) {
                cells.add(info == null ? Text.NONE : a.format(attribute(info, a)));
            }
            cells.add(Text.of(info != null ? info.path("location").path("current_message_type") : p.path("current_message_type")));
            cells.add(info != null ? Text.of(info.path("meta").path("status")) : "exited");
            t.row(cells.toArray(String[]::new));
        }
        return t;
    }

    /** The value of one of the fixed columns in a process's info (recon:info/1's groups). */
    private static long attribute(JsonNode info, ProcessAttribute a) {
        return switch (a) {
            case MESSAGE_QUEUE_LEN -> info.path("memory_used").path("message_queue_len").asLong(-1);
            case MEMORY_BYTES -> info.path("memory_used").path("memory_bytes").asLong(-1);
            case REDUCTIONS -> info.path("work").path("reductions").asLong(-1);
            default -> throw new IllegalArgumentException("attribute: bad value " + a + ", expected a fixed column");
        };
    }


    private static String count(JsonNode parent, String field) {
        return Units.count(parent.path(field).asLong(-1));
    }

    private static String bytes(JsonNode parent, String field) {
        return Units.bytes(parent.path(field).asLong(-1));
    }
}
