package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * INTERNAL API. {@code medic tree}: the supervision tree ({@code GET /medic/supervision}) drawn as a tree —
 * applications, their supervisors with strategy and restart budget (restarts counted in the current period
 * against the intensity: how close each is to giving up), and every child with its type, restart type,
 * status and restarts. observer's applications tab, or {@code supervisor:which_children/1} walked by hand.
 */
@Command(name = "tree", mixinStandardHelpOptions = true, description = "The supervision tree with restart budgets (GET /medic/supervision).")
public final class TreeCommand extends NodeCommand {
    private static final String BRANCH = "|-- ";
    private static final String LAST = "`-- ";
    private static final String UNDER_BRANCH = "|   ";
    private static final String UNDER_LAST = "    ";

    @Mixin
    JsonOption json;

    @Mixin
    SizeOptions size;

    private int width;

    @Override
    protected void check() {
        width = size.resolve(env()).columns();
    }

    @Override
    protected int run(MedicClient client) {
        JsonNode tree = client.get("/medic/supervision");
        if (json.printed(tree, env().out())) {
            return ExitCode.OK;
        }
        PrintStream out = env().out();
        for (JsonNode app : tree.path("applications")) {
            print(out, "", String.format(Locale.ROOT, "application %s  %s  %s%s%s", Text.of(app.path("name")),
                    Text.of(app.path("type")), Text.of(app.path("status")),
                    app.path("started_at").isTextual() ? "  started " + Text.of(app.path("started_at")) : "",
                    app.path("exit_reason").isNull() || app.path("exit_reason").isMissingNode() ? ""
                            : "  exit reason " + Text.of(app.path("exit_reason"))));
            if (app.path("supervisor").isObject()) {
                supervisor(out, LAST, UNDER_LAST, "", app.path("supervisor"));
            }
        }
        JsonNode loose = tree.path("supervisors");
        if (loose.size() > 0) {
            print(out, "", "supervisors outside applications");
            int i = 0;
            for (JsonNode s : loose) {
                boolean last = ++i == loose.size();
                supervisor(out, last ? LAST : BRANCH, last ? UNDER_LAST : UNDER_BRANCH, "", s);
            }
        }
        if (tree.path("applications").isEmpty() && loose.isEmpty()) {
            print(out, "", "no applications and no supervisors on this node");
        }
        if (tree.path("truncated").asBoolean()) {
            print(out, "", "(cut to the node's limits, medic.http.supervision; " + tree.path("supervisors_asked").asInt()
                    + " supervisors asked)");
        }
        return ExitCode.OK;
    }

    /** A supervisor line, then its children beneath. */
    private void supervisor(PrintStream out, String branch, String under, String indent, JsonNode s) {
        String name = s.path("registered_name").isTextual() ? Text.of(s.path("registered_name")) + " " : "";
        print(out, indent + branch, name + Text.of(s.path("pid")) + "  " + budget(s));
        children(out, indent + under, s);
    }

    private void children(PrintStream out, String indent, JsonNode s) {
        JsonNode children = s.path("children");
        int total = s.path("children_total").asInt(children.size());
        int i = 0;
        for (JsonNode c : children) {
            boolean last = ++i == children.size() && total <= children.size();
            String line = String.format(Locale.ROOT, "%s %s  %s  %s  %s  restarts %s", Text.of(c.path("id")), Text.of(c.path("pid")),
                    Text.of(c.path("type")), Text.of(c.path("restart")), Text.of(c.path("status")), Units.count(c.path("restarts").asLong(-1)));
            JsonNode sup = c.path("supervisor");
            print(out, indent + (last ? LAST : BRANCH), sup.isObject() ? line + "  " + budget(sup) : line);
            if (sup.isObject()) {
                children(out, indent + (last ? UNDER_LAST : UNDER_BRANCH), sup);
            }
        }
        if (total > children.size()) {
            print(out, indent + LAST, "... " + (total - children.size()) + " more children (medic.http.supervision.max-children)");
        }
    }

    /** {@code one_for_one  budget 0/1 restarts in 1s}, or the error that kept the supervisor from answering. */
    private static String budget(JsonNode s) {
        if (s.path("error").isTextual()) {
            return "error: " + Text.of(s.path("error"));
        }
        JsonNode flags = s.path("flags");
        JsonNode b = s.path("budget");
        return String.format(Locale.ROOT, "%s  budget %s/%s restarts in %s", Text.of(flags.path("strategy")),
                Units.count(b.path("restarts").asLong(-1)), Units.count(b.path("intensity").asLong(flags.path("intensity").asLong(-1))),
                Units.millis(b.path("period_ms").asLong(flags.path("period_ms").asLong(-1))));
    }

    private void print(PrintStream out, String prefix, String line) {
        out.println(Text.cut(prefix + line, width));
    }

}
