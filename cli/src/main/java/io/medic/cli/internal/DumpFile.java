package io.medic.cli.internal;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * INTERNAL API. A Medic crash dump read for analysis ({@code medic dump analyze}, {@code diff}): streamed
 * field by field and process by process, so that a dump of hundreds of megabytes is read in little memory —
 * the small sections whole, the long lists (processes, ports, threads) one element at a time into counts and
 * the few rows an analysis shows. A file that is not a dump, or not one this version reads, is refused with
 * a {@link CliException} naming what is wrong; a dump cut short (the node died while writing it) is read up
 * to where it ends and says so in {@link #cutShort}.
 */
public final class DumpFile {
    static final String FORMAT = "medic-crash-dump";
    static final int VERSION = 1;

    /** One process as a dump lists it: what an analysis ranks and shows. */
    public record Proc(String pid, String name, String behaviour, String status, long queue, long memory, long reductions,
                       String handling, String stackTop) {
        String label() {
            return name != null ? name : pid;
        }
    }

    public final Path file;
    public String slogan;
    public String trigger;
    public String node;
    public String writtenAt;
    public JsonNode jvm = MedicClient.JSON.nullNode();
    public JsonNode stats = MedicClient.JSON.nullNode();
    public JsonNode memory = MedicClient.JSON.nullNode();
    public JsonNode summary = MedicClient.JSON.nullNode();
    public JsonNode supervision = MedicClient.JSON.nullNode();
    public JsonNode supervisorEvents = MedicClient.JSON.createArrayNode();
    public JsonNode crashReports = MedicClient.JSON.createArrayNode();
    public JsonNode monitorEvents = MedicClient.JSON.createArrayNode();
    /** Every process written, by pid, in file order. */
    public final Map<String, Proc> processes = new LinkedHashMap<>();
    public long processesLeftOut;
    /** Ports by type, and by owner (its name, else its pid). */
    public final Map<String, Long> portsByType = new TreeMap<>();
    public final Map<String, Long> portsByOwner = new HashMap<>();
    public long ports;
    public long portsLeftOut;
    public final Map<String, Long> threadsByState = new TreeMap<>();
    public long threads;
    /** Sections the node could not write, and why ({@code supervision_error} ...). */
    public final Map<String, String> sectionErrors = new LinkedHashMap<>();
    /** Null when the dump is whole; otherwise where and how it ends. */
    public String cutShort;

    private String section = "the start";
    private boolean header;

    private DumpFile(Path file) {
        this.file = file;
    }

    /**
     * Reads {@code file}.
     *
     * @throws CliException ({@link ExitCode#BAD_FILE}) if it cannot be read, is not JSON from its first
     *                      byte, or is not a Medic crash dump of a version this {@code medic} reads
     */
    public static DumpFile read(Path file) {
        DumpFile d = new DumpFile(file);
        String shown = Text.clean(file.toString());
        try (InputStream in = Files.newInputStream(file); JsonParser p = MedicClient.JSON.createParser(in)) {
            d.parse(p, shown);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCode.BAD_FILE, shown + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliException(ExitCode.BAD_FILE, shown + ": permission denied");
        } catch (JsonEOFException e) {
            d.cut(shown, "the file ends in " + d.section + " (byte " + e.getLocation().getByteOffset() + ")");
        } catch (JsonParseException e) {
            if (!d.header) {
                throw new CliException(ExitCode.BAD_FILE, shown + ": not a Medic crash dump (not JSON at line "
                        + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
            }
            d.cut(shown, "the JSON is broken in " + d.section + " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new CliException(ExitCode.BAD_FILE, shown + ": cannot be read (" + Text.clean(e.getMessage()) + ")");
        }
        return d;
    }

    private void cut(String shown, String where) {
        if (!header) {
            throw new CliException(ExitCode.BAD_FILE, shown + ": not a Medic crash dump: " + where + ", before its header");
        }
        cutShort = where;
    }

    private void parse(JsonParser p, String shown) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new CliException(ExitCode.BAD_FILE, shown + ": not a Medic crash dump (it is not a JSON object)");
        }
        expectHeader(p, shown);
        boolean complete = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            section = "'" + field + "'";
            p.nextToken();
            switch (field) {
                case "slogan" -> slogan = p.getValueAsString();
                case "trigger" -> trigger = p.getValueAsString();
                case "node" -> node = p.getValueAsString();
                case "written_at" -> writtenAt = p.getValueAsString();
                case "jvm" -> jvm = p.readValueAsTree();
                case "stats" -> stats = p.readValueAsTree();
                case "memory" -> memory = p.readValueAsTree();
                case "process_summary" -> summary = p.readValueAsTree();
                case "processes" -> processes(p);
                case "processes_left_out" -> processesLeftOut = p.getValueAsLong();
                case "supervision" -> supervision = p.readValueAsTree();
                case "supervisor_events" -> supervisorEvents = tree(p);
                case "ports" -> ports(p);
                case "ports_left_out" -> portsLeftOut = p.getValueAsLong();
                case "crash_reports" -> crashReports = tree(p);
                case "monitor_events" -> monitorEvents = tree(p);
                case "threads" -> threads(p);
                case "complete" -> complete = p.getValueAsBoolean();
                default -> {
                    if (field.endsWith("_error")) {
                        sectionErrors.put(field.substring(0, field.length() - "_error".length()), p.getValueAsString());
                    } else {
                        p.skipChildren(); // a field of a later version, or a count this reader does not need
                    }
                }
            }
        }
        if (node == null) {
            node = "(unknown)";
        }
        if (!complete) {
            cutShort = "the dump has no \"complete\": true at its end: the node stopped before it finished writing it";
        }
    }

    /** The first two fields: {@code "format": "medic-crash-dump"} and a {@code "version"} this reader knows. */
    private void expectHeader(JsonParser p, String shown) throws IOException {
        String format = null;
        Integer version = null;
        for (int i = 0; i < 2; i++) {
            if (p.nextToken() != JsonToken.FIELD_NAME) {
                break;
            }
            String f = p.currentName();
            p.nextToken();
            if (f.equals("format")) {
                format = p.getValueAsString();
            } else if (f.equals("version")) {
                version = p.getValueAsInt(-1);
            } else {
                break;
            }
        }
        if (!FORMAT.equals(format)) {
            throw new CliException(ExitCode.BAD_FILE, shown + ": not a Medic crash dump (expected \"format\": \"" + FORMAT
                    + "\" first, found " + (format == null ? "none" : "'" + Text.clean(format) + "'") + ")");
        }
        if (version == null || version != VERSION) {
            throw new CliException(ExitCode.BAD_FILE, shown + ": a Medic crash dump of version " + version
                    + ", this medic reads version " + VERSION);
        }
        header = true;
    }

    private static JsonNode tree(JsonParser p) throws IOException {
        JsonNode n = p.readValueAsTree();
        return n == null ? MedicClient.JSON.nullNode() : n;
    }

    private void processes(JsonParser p) throws IOException {
        each(p, "processes", processes::size, o -> {
            JsonNode stack = o.path("stacktrace");
            Proc proc = new Proc(o.path("pid").asText(), textOrNull(o.path("registered_name")), o.path("behaviour").asText(),
                    o.path("status").asText(), o.path("message_queue_len").asLong(), o.path("memory_bytes").asLong(),
                    o.path("reductions").asLong(), textOrNull(o.path("current_message_type")),
                    stack.size() > 0 ? stack.get(0).asText() : null);
            processes.put(proc.pid(), proc);
        });
    }

    private void ports(JsonParser p) throws IOException {
        each(p, "ports", () -> ports, o -> {
            ports++;
            portsByType.merge(o.path("meta").path("name").asText("?"), 1L, Long::sum);
            JsonNode s = o.path("signals");
            String owner = textOrNull(s.path("owner_name"));
            portsByOwner.merge(owner != null ? owner : s.path("owner").asText("?"), 1L, Long::sum);
        });
    }

    private void threads(JsonParser p) throws IOException {
        each(p, "threads", () -> threads, o -> {
            threads++;
            threadsByState.merge(o.path("state").asText("?"), 1L, Long::sum);
        });
    }

    /**
     * Reads the array {@code p} is on one object at a time into {@code each}, keeping {@link #section} on
     * where it is ({@code 'ports' (after 12 ports)}); a value that is not an array is skipped.
     */
    private void each(JsonParser p, String what, java.util.function.LongSupplier done,
                      java.util.function.Consumer<JsonNode> each) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            section = "'" + what + "' (after " + done.getAsLong() + " " + what + ")";
            each.accept(p.readValueAsTree());
        }
    }

    static String textOrNull(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    /** The summary's top list {@code field} as processes (from the process list when written, else its row). */
    List<Proc> top(String field) {
        List<Proc> out = new ArrayList<>();
        for (JsonNode row : summary.path(field)) {
            Proc p = processes.get(row.path("pid").asText());
            out.add(p != null ? p : new Proc(row.path("pid").asText(), textOrNull(row.path("registered_name")),
                    row.path("behaviour").asText(), "?", -1, -1, -1, null, null));
        }
        return out;
    }

    /** The summary's counts of {@code field} ({@code by_status}, {@code by_behaviour}), largest first. */
    Map<String, Long> counts(String field) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        summary.path(field).fields().forEachRemaining(entries::add);
        entries.sort((a, b) -> Long.compare(b.getValue().asLong(), a.getValue().asLong()));
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries) {
            out.put(e.getKey(), e.getValue().asLong());
        }
        return out;
    }
}
