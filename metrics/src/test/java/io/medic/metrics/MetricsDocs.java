package io.medic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** What docs/metrics.md and the committed Grafana dashboard say, read for the tests. */
final class MetricsDocs {
    static final Path PAGE = Path.of("..", "docs", "metrics.md");
    static final Path DASHBOARD = Path.of("..", "docs", "grafana", "medic.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:medic|jvm|process)_[a-zA-Z0-9_]*");

    private MetricsDocs() {
    }

    /**
     * The rows of docs/metrics.md's tables of metrics ({@code | `medic_x` | type | labels | meaning |}):
     * family name (as the Prometheus text format names it) to {@code "type labels"}, labels sorted and
     * comma-separated, {@code -} for none. A name written {@code medic_top_process_<attribute>} stands
     * for every attribute.
     */
    static Map<String, String> families() throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (String line : Files.readString(PAGE).split("\n")) {
            if (!line.startsWith("| `medic_")) {
                continue;
            }
            String[] cells = Arrays.stream(line.split("\\|")).map(String::trim).toArray(String[]::new);
            String name = cells[1].replace("`", "");
            String labels = cells[3].replace("`", "").replace(" ", "");
            String sorted = labels.equals("-") ? "-" : Arrays.stream(labels.split(",")).sorted().collect(Collectors.joining(","));
            assertFalse(out.containsKey(name), "one row per metric: " + name);
            out.put(name, cells[2] + " " + sorted);
        }
        return out;
    }

    /** The documented row of {@code family}: its own, or a {@code <attribute>} row's that matches it. */
    static String documented(Map<String, String> rows, String family) {
        if (rows.containsKey(family)) {
            return rows.get(family);
        }
        for (Map.Entry<String, String> r : rows.entrySet()) {
            if (r.getKey().contains("<") && family.matches(r.getKey().replaceAll("<[a-z]+>", "[a-z_]+"))) {
                return r.getValue();
            }
        }
        return null;
    }

    /**
     * The metric names the Grafana dashboard's queries use, after checking the file is an importable
     * dashboard model: a title, a uid, a schema version, the Prometheus data source as an import input,
     * and panels with a type, a title, a position and queries.
     */
    static Set<String> dashboardMetrics() throws IOException {
        JsonNode d = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertTrue(d.path("title").isTextual() && d.path("uid").isTextual(), "a title and a uid");
        assertTrue(d.path("schemaVersion").asInt() >= 30, "a current schema version");
        assertEquals("DS_PROMETHEUS", d.at("/__inputs/0/name").asText());
        assertEquals("prometheus", d.at("/__inputs/0/pluginId").asText());
        List<JsonNode> panels = new ArrayList<>();
        d.path("panels").forEach(panels::add);
        assertTrue(panels.size() >= 8, "panels: " + panels.size());
        Set<String> names = new TreeSet<>();
        for (JsonNode p : panels) {
            String title = p.path("title").asText();
            assertTrue(p.path("type").isTextual() && !title.isEmpty(), "a panel type and title: " + p);
            assertTrue(p.path("gridPos").has("w") && p.path("gridPos").has("h"), title);
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertEquals("${DS_PROMETHEUS}", p.at("/datasource/uid").asText(), title);
            assertTrue(p.path("targets").size() >= 1, "queries in " + title);
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText();
                Matcher m = METRIC.matcher(expr);
                boolean any = false;
                while (m.find()) {
                    names.add(m.group());
                    any = true;
                }
                assertTrue(any, "a query on Medic's or the JVM's metrics in " + title + ": " + expr);
            }
        }
        return names;
    }
}
