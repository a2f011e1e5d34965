package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * INTERNAL API. {@code medic dump analyze FILE} and {@code medic dump diff A B}: recon's
 * {@code erl_crashdump_analyzer.sh} (and crashdump_viewer's first pages) for a Medic crash dump. Reads the
 * file only — no node is asked — and answers chapter 6 of <i>Erlang in Anger</i> on one screen: why it was
 * written, memory by pool, how many processes in which state, the largest mailboxes, memory and
 * reductions, processes by behaviour, ports by type and owner, the supervisors that gave up, the last
 * events. {@code diff} says what grew between two dumps of one node.
 */
@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Read a Medic crash dump (medic-dump-*.json): analyze one, diff two (docs/crash-dumps.md).",
        subcommands = {DumpCommand.Analyze.class, DumpCommand.Diff.class})
public final class DumpCommand implements Runnable {

    @Override
    public void run() {
        throw new CliException(ExitCode.USAGE, "dump: a subcommand is missing: analyze FILE, or diff A B");
    }

    /** What both subcommands share: the rows of each list, the width, and printing the lines or the failure. */
    abstract static class DumpReader extends CliCommand {
        @Option(names = {"-n", "--top"}, paramLabel = "N", defaultValue = "5",
                description = "Rows of each top list and of the event lists (1 to 100, default 5).")
        int top;

        @Mixin
        SizeOptions size;

        /** Reads the files, prints what {@code lines} makes of them cut to the width, then says which was cut short. */
        int print(List<Path> files, java.util.function.BiFunction<List<DumpFile>, Integer, List<String>> lines,
                  String afterCut) {
            checkTop(top);
            int width = size.resolve(env()).columns();
            List<DumpFile> dumps = files.stream().map(DumpFile::read).toList();
            for (String l : lines.apply(dumps, width)) {
                env().out().println(Text.cut(l, width));
            }
            for (DumpFile d : dumps) {
                if (d.cutShort != null) {
                    throw new CliException(ExitCode.BAD_FILE, Text.clean(d.file.toString()) + ": cut short: " + d.cutShort
                            + "; " + afterCut);
                }
            }
            return ExitCode.OK;
        }
    }

    /** {@code medic dump analyze FILE}. */
    @Command(name = "analyze", mixinStandardHelpOptions = true,
            description = "One screen of what a crash dump says: slogan, memory, processes, culprits, ports, supervisors that gave up, last events.")
    public static final class Analyze extends DumpReader {
        @Parameters(paramLabel = "FILE", description = "A crash dump (medic.dump.dir/medic-dump-<node>-<time>.json).")
        Path file;

        @Override
        public Integer call() {
            return print(List.of(file), (d, width) -> analyze(d.get(0), top, width), "what it held up to there is shown above");
        }
    }

    /** {@code medic dump diff A B}. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "What grew between two crash dumps of one node: counts, memory by pool, processes by behaviour, each process's queue, memory and reductions.")
    public static final class Diff extends DumpReader {
        @Parameters(index = "0", paramLabel = "A", description = "The earlier dump.")
        Path before;

        @Parameters(index = "1", paramLabel = "B", description = "The later dump.")
        Path after;

        @Override
        public Integer call() {
            return print(List.of(before, after), (d, width) -> diff(d.get(0), d.get(1), top, width),
                    "the diff above compares what it held up to there");
        }
    }

    static int checkTop(int n) {
        if (n < 1 || n > 100) {
            throw new CliException(ExitCode.USAGE, "--top: bad value " + n + ", expected 1 to 100");
        }
        return n;
    }

    // ================================================================== analyze

    static List<String> analyze(DumpFile d, int n, int width) {
        List<String> out = new ArrayList<>();
        JsonNode jvm = d.jvm;
        out.add("crash dump of node " + t(d.node) + "  written " + t(d.writtenAt) + "  trigger " + t(d.trigger)
                + (d.cutShort == null ? "" : "  (CUT SHORT)"));
        out.add("slogan: " + t(d.slogan));
        out.add("jvm: " + t(jvm.path("vm_name").asText(null)) + " " + t(jvm.path("java_version").asText(null)) + ", pid "
                + jvm.path("pid").asText("-") + ", up " + Units.millis(jvm.path("uptime_ms").asLong()));
        for (Map.Entry<String, String> e : d.sectionErrors.entrySet()) {
            out.add("(section " + Text.clean(e.getKey()) + " missing: " + t(e.getValue()) + ")");
        }

        JsonNode heap = d.memory.path("heap");
        JsonNode mem = d.stats.path("memory");
        out.add("");
        out.add("MEMORY  heap " + Units.bytes(heap.path("used_bytes").asLong()) + " of "
                + (heap.path("max_bytes").asLong() > 0 ? Units.bytes(heap.path("max_bytes").asLong()) : "no max")
                + "  non-heap " + Units.bytes(d.memory.path("non_heap").path("used_bytes").asLong())
                + "  direct " + Units.bytes(mem.path("direct_used_bytes").asLong())
                + "  rss " + (d.memory.path("resident_bytes").asLong() > 0 ? Units.bytes(d.memory.path("resident_bytes").asLong()) : "-"));
        Table pools = new Table(List.of(Table.Column.text("POOL", 12), Table.Column.label("TYPE"), Table.Column.number("USED"),
                Table.Column.number("MAX"), Table.Column.number("OF MAX")));
        for (JsonNode p : d.memory.path("pools")) {
            long used = p.path("used_bytes").asLong();
            long max = p.path("max_bytes").asLong();
            pools.row(t(p.path("name").asText()), t(p.path("type").asText()), Units.bytes(used), max > 0 ? Units.bytes(max) : "-",
                    max > 0 ? Units.percent((double) used / max) : "-");
        }
        out.addAll(pools.render(width));

        JsonNode s = d.summary;
        out.add("");
        out.add("PROCESSES " + s.path("count").asLong() + " (" + d.processes.size() + " written, " + d.processesLeftOut
                + " left out)  " + joined(d.counts("by_status"), 0) + "  queued " + s.path("message_queue_len").asLong()
                + "  memory " + Units.bytes(s.path("memory_bytes").asLong()));
        out.add("by behaviour: " + joinedClasses(d.counts("by_behaviour"), Math.max(3, n)));
        topTable(out, "top by message queue", d.top("top_by_message_queue_len"), n, width);
        topTable(out, "top by memory", d.top("top_by_memory_bytes"), n, width);
        topTable(out, "top by reductions", d.top("top_by_reductions"), n, width);

        out.add("");
        out.add("PORTS " + d.ports + (d.portsLeftOut > 0 ? " (" + d.portsLeftOut + " more left out)" : "") + "  by type: "
                + joined(d.portsByType, 0) + "  by owner: " + joined(sorted(d.portsByOwner), n));

        out.add("");
        List<String> gaveUp = gaveUp(d);
        out.add("SUPERVISORS THAT GAVE UP " + (gaveUp.isEmpty() ? "none" : gaveUp.size()));
        out.addAll(gaveUp);
        List<String> atLimit = atLimit(d.supervision, new ArrayList<>());
        if (!atLimit.isEmpty()) {
            out.add("at their limit now (one more restart and they give up):");
            out.addAll(atLimit);
        }

        out.add("");
        out.add("LAST EVENTS (newest first)");
        int shown = 0;
        for (JsonNode e : d.supervisorEvents) {
            if (shown++ >= n) {
                break;
            }
            out.add("  " + event(e));
        }
        if (shown == 0) {
            out.add("  (none)");
        }
        out.add("CRASH REPORTS " + d.crashReports.size() + " (newest first)");
        shown = 0;
        for (JsonNode c : d.crashReports) {
            if (shown++ >= n) {
                break;
            }
            out.add("  " + t(c.path("crashed_at").asText()) + "  " + t(c.path("pid").asText()) + " "
                    + t(c.path("registered_name").asText(c.path("initial_call").asText())) + ": " + t(c.path("reason").asText())
                    + (c.path("last_message_type").isTextual() ? " handling " + t(c.path("last_message_type").asText()) : ""));
        }
        out.add("MONITOR EVENTS " + d.monitorEvents.size() + " (newest first)");
        for (int i = d.monitorEvents.size() - 1, k = 0; i >= 0 && k < n; i--, k++) {
            JsonNode m = d.monitorEvents.get(i);
            out.add("  " + t(m.path("at").asText()) + "  " + t(m.path("type").asText()) + " "
                    + t(m.path("registered_name").asText(m.path("pid").asText(m.path("dispatcher").asText(m.path("collector").asText(""))))));
        }
        out.add("THREADS " + d.threads + "  " + joined(d.threadsByState, 0));
        return out;
    }

    private static void topTable(List<String> out, String title, List<DumpFile.Proc> rows, int n, int width) {
        out.add(title);
        Table table = new Table(List.of(Table.Column.label("PID"), Table.Column.text("NAME", 6),
                Table.Column.className("BEHAVIOUR", 12).optional(2), Table.Column.number("MSGQ"), Table.Column.number("MEMORY"),
                Table.Column.number("REDUCTIONS"), Table.Column.text("HANDLING", 8).optional(1), Table.Column.label("STATUS")));
        for (int i = 0; i < Math.min(n, rows.size()); i++) {
            DumpFile.Proc p = rows.get(i);
            table.row(t(p.pid()), p.name() == null ? Text.NONE : t(p.name()), t(p.behaviour()),
                    p.queue() < 0 ? "?" : String.valueOf(p.queue()), p.memory() < 0 ? "?" : Units.bytes(p.memory()),
                    p.reductions() < 0 ? "?" : String.valueOf(p.reductions()), p.handling() == null ? Text.NONE : t(p.handling()),
                    t(p.status()));
        }
        if (table.size() == 0) {
            out.add("  (none)");
            return;
        }
        for (String line : table.render(width - 2)) {
            out.add("  " + line);
        }
    }

    /** The supervisors whose intensity was reached, from the node's supervisor events (dead ones included). */
    private static List<String> gaveUp(DumpFile d) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : d.supervisorEvents) {
            JsonNode ev = e.path("event");
            if ("intensity_reached".equals(ev.path("type").asText())) {
                out.add("  " + t(e.path("registered_name").asText(e.path("supervisor").asText())) + " "
                        + t(e.path("supervisor").asText()) + " at " + t(ev.path("time").asText()) + ": more than "
                        + ev.path("intensity").asInt() + " restart" + (ev.path("intensity").asInt() == 1 ? "" : "s")
                        + " within " + Units.millis(ev.path("period").asLong()));
            }
        }
        return out;
    }

    /** Supervisors of the tree whose restart budget is spent (restarts = intensity). */
    private static List<String> atLimit(JsonNode tree, List<String> out) {
        for (JsonNode app : tree.path("applications")) {
            atLimitIn(app.path("supervisor"), out);
        }
        for (JsonNode s : tree.path("supervisors")) {
            atLimitIn(s, out);
        }
        return out;
    }

    private static void atLimitIn(JsonNode sup, List<String> out) {
        if (!sup.isObject()) {
            return;
        }
        JsonNode b = sup.path("budget");
        if (b.isObject() && b.path("intensity").asInt() > 0 && b.path("restarts").asInt() >= b.path("intensity").asInt()) {
            out.add("  " + t(sup.path("registered_name").asText(sup.path("pid").asText())) + " " + t(sup.path("pid").asText())
                    + "  budget " + b.path("restarts").asInt() + "/" + b.path("intensity").asInt() + " restarts in "
                    + Units.millis(b.path("period_ms").asLong()));
        }
        for (JsonNode c : sup.path("children")) {
            atLimitIn(c.path("supervisor"), out);
        }
    }

    private static String event(JsonNode e) {
        JsonNode ev = e.path("event");
        StringBuilder b = new StringBuilder();
        b.append(t(ev.path("time").asText())).append("  ").append(t(e.path("registered_name").asText(e.path("supervisor").asText())))
                .append("  ").append(t(ev.path("type").asText()));
        if (ev.path("child_id").isTextual()) {
            b.append(" ").append(t(ev.path("child_id").asText()));
        }
        if (ev.path("pid").isTextual()) {
            b.append(" ").append(t(ev.path("pid").asText()));
        }
        if (ev.path("reason").isTextual()) {
            b.append(": ").append(t(ev.path("reason").asText()));
        }
        return b.toString();
    }

    // ================================================================== diff

    static List<String> diff(DumpFile a, DumpFile b, int n, int width) {
        List<String> out = new ArrayList<>();
        out.add("from " + t(a.writtenAt) + " (" + t(a.trigger) + ") to " + t(b.writtenAt) + " (" + t(b.trigger) + "), node "
                + t(b.node) + (a.node != null && !a.node.equals(b.node) ? " (A is of node " + t(a.node) + ")" : ""));
        out.add("slogan of B: " + t(b.slogan));
        out.add("");
        out.add("processes " + change(a.summary.path("count").asLong(), b.summary.path("count").asLong(), false)
                + "  queued " + change(a.summary.path("message_queue_len").asLong(), b.summary.path("message_queue_len").asLong(), false)
                + "  process memory " + change(a.summary.path("memory_bytes").asLong(), b.summary.path("memory_bytes").asLong(), true)
                + "  ports " + change(a.ports, b.ports, false));
        out.add("threads " + change(a.threads, b.threads, false) + "  heap " + change(a.memory.path("heap").path("used_bytes").asLong(), b.memory.path("heap").path("used_bytes").asLong(), true)
                + "  non-heap " + change(a.memory.path("non_heap").path("used_bytes").asLong(),
                b.memory.path("non_heap").path("used_bytes").asLong(), true)
                );
        out.add("crash reports " + change(a.crashReports.size(), b.crashReports.size(), false)
                + "  supervisor events " + change(a.supervisorEvents.size(), b.supervisorEvents.size(), false));
        Map<String, long[]> pools = new LinkedHashMap<>();
        a.memory.path("pools").forEach(p -> pools.computeIfAbsent(p.path("name").asText(), k -> new long[2])[0] = p.path("used_bytes").asLong());
        b.memory.path("pools").forEach(p -> pools.computeIfAbsent(p.path("name").asText(), k -> new long[2])[1] = p.path("used_bytes").asLong());
        out.add("memory pools: " + pools.entrySet().stream().filter(e -> e.getValue()[0] != e.getValue()[1])
                .sorted((x, y) -> Long.compare(Math.abs(y.getValue()[1] - y.getValue()[0]), Math.abs(x.getValue()[1] - x.getValue()[0])))
                .limit(n).map(e -> t(e.getKey()) + " " + change(e.getValue()[0], e.getValue()[1], true))
                .collect(Collectors.joining(", ")));
        Map<String, Long> ca = a.counts("by_behaviour");
        Map<String, Long> cb = b.counts("by_behaviour");
        Set<String> classes = new HashSet<>(ca.keySet());
        classes.addAll(cb.keySet());
        out.add("by behaviour: " + classes.stream().filter(c -> !ca.getOrDefault(c, 0L).equals(cb.getOrDefault(c, 0L)))
                .sorted((x, y) -> Long.compare(Math.abs(cb.getOrDefault(y, 0L) - ca.getOrDefault(y, 0L)),
                        Math.abs(cb.getOrDefault(x, 0L) - ca.getOrDefault(x, 0L))))
                .limit(n).map(c -> Text.className(t(c), 40) + " " + change(ca.getOrDefault(c, 0L), cb.getOrDefault(c, 0L), false))
                .collect(Collectors.joining(", ")));
        grew(out, "grew most: message queue", a, b, DumpFile.Proc::queue, false, n, width);
        grew(out, "grew most: memory", a, b, DumpFile.Proc::memory, true, n, width);
        grew(out, "grew most: reductions", a, b, DumpFile.Proc::reductions, false, n, width);
        long gone = a.processes.keySet().stream().filter(p -> !b.processes.containsKey(p)).count();
        long born = b.processes.keySet().stream().filter(p -> !a.processes.containsKey(p)).count();
        out.add("");
        out.add("processes written in both " + (b.processes.size() - born) + ", only in A (gone) " + gone + ", only in B (new) " + born
                + (a.processesLeftOut + b.processesLeftOut > 0 ? "  (processes left out of a dump are not compared)" : ""));
        return out;
    }

    private static void grew(List<String> out, String title, DumpFile a, DumpFile b, ToLongFunction<DumpFile.Proc> value,
                             boolean bytes, int n, int width) {
        List<DumpFile.Proc> rows = new ArrayList<>();
        Map<String, Long> growth = new LinkedHashMap<>();
        for (DumpFile.Proc p : b.processes.values()) {
            DumpFile.Proc before = a.processes.get(p.pid());
            long g = value.applyAsLong(p) - (before == null ? 0 : value.applyAsLong(before));
            if (g > 0) {
                growth.put(p.pid(), g);
                rows.add(p);
            }
        }
        rows.sort((x, y) -> Long.compare(growth.get(y.pid()), growth.get(x.pid())));
        out.add("");
        out.add(title);
        if (rows.isEmpty()) {
            out.add("  (nothing grew)");
            return;
        }
        Table table = new Table(List.of(Table.Column.label("PID"), Table.Column.text("NAME", 6),
                Table.Column.className("BEHAVIOUR", 12).optional(1), Table.Column.number("GREW"), Table.Column.number("NOW"),
                Table.Column.label("NEW")));
        for (DumpFile.Proc p : rows.subList(0, Math.min(n, rows.size()))) {
            long g = growth.get(p.pid());
            long now = value.applyAsLong(p);
            table.row(t(p.pid()), p.name() == null ? Text.NONE : t(p.name()), t(p.behaviour()),
                    "+" + (bytes ? Units.bytes(g) : String.valueOf(g)), bytes ? Units.bytes(now) : String.valueOf(now),
                    a.processes.containsKey(p.pid()) ? "" : "new");
        }
        for (String line : table.render(width - 2)) {
            out.add("  " + line);
        }
    }

    private static String change(long before, long after, boolean bytes) {
        String a = bytes ? Units.bytes(before) : String.valueOf(before);
        String b = bytes ? Units.bytes(after) : String.valueOf(after);
        long delta = after - before;
        String sign = delta > 0 ? "+" : delta < 0 ? "-" : "±";
        return a + " -> " + b + " (" + sign + (bytes ? Units.bytes(Math.abs(delta)) : String.valueOf(Math.abs(delta))) + ")";
    }

    // ================================================================== text

    private static String t(String s) {
        return s == null ? Text.NONE : Text.clean(s);
    }

    private static Map<String, Long> sorted(Map<String, Long> m) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (x, y) -> x, LinkedHashMap::new));
    }

    /** {@code a 3, b 2, ...}; at most {@code limit} entries (0: all) and how many more. */
    private static String joined(Map<String, Long> m, int limit) {
        if (m.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> e : m.entrySet()) {
            if (limit > 0 && i++ >= limit) {
                parts.add("... " + (m.size() - limit) + " more");
                break;
            }
            parts.add(t(e.getKey()) + " " + e.getValue());
        }
        return String.join(", ", parts);
    }

    private static String joinedClasses(Map<String, Long> m, int limit) {
        Map<String, Long> shortNames = new LinkedHashMap<>();
        m.forEach((k, v) -> shortNames.put(Text.className(t(k), 60), v));
        return joined(shortNames, limit);
    }
}
