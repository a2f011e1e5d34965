package io.medic.introspection.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * INTERNAL API
 *
 * <p>{@code GET /medic} (and {@code /medic/}): the index of the API, generated from the route table
 * itself, so a route cannot be missing from it: Medic's version (written into the jar by the build),
 * the node, and every route with its method, whether it is enabled here (read-only mode), who may call
 * it (authentication, the {@code admin} role) and its docs page. Read-only.
 */
final class IndexRoutes {
    /** Medic's version, from the resource the build writes; {@code unknown} if it was not built by Maven. */
    static final String VERSION = readVersion();

    private static final String READ_ONLY = "akka.management.http.route-providers-read-only = true";

    private IndexRoutes() {
    }

    static List<Endpoint> endpoints(RouteSupport routes, Introspection services, Supplier<List<Endpoint>> table) {
        return List.of(routes.get("", "introspection.md#index", r -> index(routes, services, table.get())));
    }

    private static Answers.Index index(RouteSupport routes, Introspection services, List<Endpoint> table) {
        boolean auth = routes.auth().enabled();
        List<Answers.IndexRoute> rows = new ArrayList<>(table.size());
        for (Endpoint e : table) {
            boolean enabled = !e.mutating() || !routes.readOnly();
            String access = !auth ? "anyone" : e.mutating() ? "admin" : "user";
            rows.add(new Answers.IndexRoute(e.method(), e.fullPath(), enabled, enabled ? null : READ_ONLY, access,
                    "docs/" + e.docs()));
        }
        return new Answers.Index(VERSION, services.node.name(), routes.readOnly(), auth, List.copyOf(rows));
    }

    private static String readVersion() {
        try (InputStream in = IndexRoutes.class.getResourceAsStream("/io/medic/introspection/medic-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown").trim();
            return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Medic's version resource", e);
        }
    }
}
