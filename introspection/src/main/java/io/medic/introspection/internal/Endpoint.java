package io.medic.introspection.internal;

import akka.http.javadsl.server.Route;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * INTERNAL API
 *
 * <p>One row of the {@code /medic} route table: a method, a path under {@code /medic} whose
 * {@code {name}} segments are arguments ({@code processes/{pid}/state}) and whose last segment may be
 * {@code {*name}}, the rest of the path (an extension's {@code ui/{*path}}), the docs page that documents
 * it, whether it mutates (and so exists only when the routes are not read-only, for the {@code admin}
 * role), and how it answers. The route tree is built from these rows, and nothing else: a route that is
 * not in the table does not exist. Immutable.
 *
 * @param method   {@code GET}, {@code PUT} or {@code POST}
 * @param path     the path below {@code /medic/}, empty for {@code /medic} itself
 * @param docs     where it is documented: a page of {@code docs/} and an anchor
 * @param mutating whether it changes a process (off in read-only mode; admin only; audited)
 * @param answer   the route that answers a matched request, given the caller and the path's arguments
 */
record Endpoint(String method, String path, String docs, boolean mutating,
                BiFunction<RouteSupport.Caller, List<String>, Route> answer) {

    Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(docs, "docs");
        Objects.requireNonNull(answer, "answer");
    }

    /** The path's segments: literals, and {@code {name}} for an argument. Empty for {@code /medic} itself. */
    List<String> segments() {
        return path.isEmpty() ? List.of() : List.of(path.split("/"));
    }

    /** Whether segment {@code s} is an argument ({@code {pid}}), the rest of the path included. */
    static boolean isArgument(String s) {
        return s.startsWith("{") && s.endsWith("}");
    }

    /** Whether segment {@code s} is the rest of the path ({@code {*path}}): zero or more segments, last only. */
    static boolean isRest(String s) {
        return s.startsWith("{*") && s.endsWith("}");
    }

    /** The full path as the docs write it: {@code /medic/processes/{pid}/state}. */
    String fullPath() {
        return path.isEmpty() ? "/medic" : "/medic/" + path;
    }

    /** A request to this endpoint: the caller, the path's arguments in order, the query parameters. */
    record Request(RouteSupport.Caller caller, List<String> args, Map<String, String> params) {
        /** The first path argument ({@code {pid}}, {@code {id}}). */
        String arg() {
            return args.get(0);
        }
    }
}
