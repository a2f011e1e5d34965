package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.cli.internal.Table.Column;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * INTERNAL API. {@code medic ports}: the top ports by traffic, recon's {@code inet_count/2}
 * ({@code GET /medic/ports?sort=}) or, with {@code --window}, {@code inet_window/3}
 * ({@code /medic/ports/window?attr=}), under a line of {@code port_types/0} ({@code /medic/ports/types}).
 */
@Command(name = "ports", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The top ports by traffic (recon's inet_count, or inet_window with --window), with their owners.")
public final class PortsCommand extends NodeCommand {
    /** recon's inet attributes, as the node knows them. */
    static final List<String> ATTRIBUTES = List.of("oct", "recv_oct", "send_oct", "cnt", "recv_cnt", "send_cnt");
    static final Duration MIN_WINDOW = Duration.ofMillis(1);
    static final Duration MAX_WINDOW = Duration.ofSeconds(60);

    @Option(names = {"-s", "--sort"}, paramLabel = "ATTR", defaultValue = "oct",
            description = "Rank by: oct (bytes in and out), recv_oct, send_oct, cnt (packets), recv_cnt, send_cnt "
                    + "(default: ${DEFAULT-VALUE}).")
    String sort;

    @Option(names = {"-w", "--window"}, paramLabel = "SECONDS", arity = "0..1", fallbackValue = "1",
            description = "Rank by growth over a window of SECONDS (default 1) instead of totals.")
    String window;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "all",
            description = "all, inet (recon's inet_count exactly), or one port type: tcp_inet, efile... (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "10", description = "How many ports, 1 to 1000 "
            + "(default: ${DEFAULT-VALUE}).")
    int limit;

    @Mixin
    JsonOption json;

    @Mixin
    SizeOptions size;

    private Duration windowLength;
    private int width;

    @Override
    protected void check() {
        if (!ATTRIBUTES.contains(sort)) {
            throw new CliException(ExitCode.USAGE, "--sort: bad value '" + Text.clean(sort) + "', expected one of "
                    + String.join(", ", ATTRIBUTES));
        }
        if (limit < 1 || limit > TopSettings.MAX_LIMIT) {
            throw new CliException(ExitCode.USAGE, "--limit: bad value " + limit + ", expected 1 to " + TopSettings.MAX_LIMIT);
        }
        if (!type.matches("[a-z0-9_]+")) {
            throw new CliException(ExitCode.USAGE, "--type: bad value '" + Text.clean(type)
                    + "', expected all, inet or a port type name (tcp_inet, efile...)");
        }
        windowLength = window == null ? null : seconds("--window", window, MIN_WINDOW, MAX_WINDOW);
        width = size.resolve(env()).columns();
    }

    @Override
    protected int run(MedicClient client) {
        String query = "&limit=" + limit + "&type=" + type;
        JsonNode ranking = windowLength == null
                ? client.get("/medic/ports?sort=" + sort + query)
                : client.get("/medic/ports/window?attr=" + sort + query + "&window_ms=" + windowLength.toMillis(),
                        windowLength.plus(MedicClient.ANSWER_TIMEOUT));
        if (json.printed(ranking, env().out())) {
            return ExitCode.OK;
        }
        JsonNode types = client.get("/medic/ports/types");
        PrintStream out = env().out();
        out.println(Text.cut(summary(types), width));
        String value = sort.toUpperCase(Locale.ROOT) + (windowLength == null ? "" : "/" + Units.millis(windowLength.toMillis()));
        out.println(Text.cut("top " + ranking.path("ports").size() + " ports by " + sort
                + (windowLength == null ? "" : " grown over " + Units.millis(windowLength.toMillis()) + " (window)")
                + (type.equals("all") ? "" : ", type " + type), width));
        List<String> details = new ArrayList<>();
        for (JsonNode p : ranking.path("ports")) {
            p.path("details").fieldNames().forEachRemaining(d -> {
                if (!details.contains(d) && !d.equals(sort)) {
                    details.add(d);
                }
            });
        }
        List<Column> columns = new ArrayList<>(List.of(Column.label("PORT"), Column.text("TYPE", 6),
                Column.label("OWNER"), Column.text("NAME", 8), Column.number(value)));
        details.forEach(d -> columns.add(Column.number(d.toUpperCase(Locale.ROOT))));
        columns.add(Column.label("LOCAL").optional(2));
        columns.add(Column.text("PEER OR PATH", 21).optional(1));
        Table t = new Table(columns);
        for (JsonNode p : ranking.path("ports")) {
            List<String> cells = new ArrayList<>(List.of(Text.of(p.path("port")), Text.of(p.path("name")), Text.of(p.path("owner")),
                    Text.of(p.path("owner_name")), octets(sort, p.path("value").asLong(-1))));
            details.forEach(d -> cells.add(octets(d, p.path("details").path(d).asLong(-1))));
            cells.add(Text.of(p.path("local_address")));
            cells.add(p.path("peer_address").isTextual() ? Text.of(p.path("peer_address")) : Text.of(p.path("path")));
            t.row(cells.toArray(String[]::new));
        }
        t.render(width).forEach(out::println);
        return ExitCode.OK;
    }

    /** {@code 78 ports: tcp_inet 77, efile 1; file descriptors 94 of 20000}. */
    private static String summary(JsonNode types) {
        StringBuilder b = new StringBuilder(Units.count(types.path("port_count").asLong(-1)) + " ports");
        String sep = ": ";
        for (Iterator<Map.Entry<String, JsonNode>> it = types.path("types").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            b.append(sep).append(Text.clean(e.getKey())).append(' ').append(e.getValue().asLong());
            sep = ", ";
        }
        return b.append("; file descriptors ").append(Units.count(types.path("open_file_descriptors").asLong(-1)))
                .append(" of ").append(Units.count(types.path("max_file_descriptors").asLong(-1))).toString();
    }

    /** Octets as bytes, packet counts as counts. */
    private static String octets(String attribute, long v) {
        return attribute.endsWith("oct") ? Units.bytes(v) : Units.count(v);
    }

}
