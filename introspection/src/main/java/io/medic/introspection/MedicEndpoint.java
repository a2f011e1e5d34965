package io.medic.introspection;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row a {@link MedicRoutesExtension} adds to the {@code /medic} route table: a method, a path below
 * {@code /medic/}, the docs page that documents it, whether it is a read or a mutating (or costly) route,
 * and the handler that answers it. Medic puts every row behind the same gate as its own routes:
 *
 * <ul>
 *   <li>a <b>read</b> ({@link #read}: a {@code GET}) needs what every read needs — any configured user's
 *       credentials when {@code medic.http.auth} has users, nothing otherwise;</li>
 *   <li>a <b>mutating</b> row ({@link #mutating}: anything that changes the node, or costs enough that it
 *       must not be open to every reader — a trace, a dump) exists only when
 *       {@code akka.management.http.route-providers-read-only = false}, needs the {@code admin} role, and
 *       is written to the audit log ({@code io.medic.audit}: user, address, {@code action}, target — the
 *       path's first argument, or the path when it has none — and outcome).</li>
 * </ul>
 *
 * <p><b>Paths</b> are segments separated by {@code /}: literals ({@code metrics},
 * {@code cluster-members}), arguments ({@code {pid}}: one segment, decoded) and, last only, the rest of
 * the path ({@code {*path}}: zero or more segments, as Spring's path patterns write it), which a static
 * file server needs: {@code ui/{*path}} matches {@code /medic/ui}, {@code /medic/ui/} and
 * {@code /medic/ui/js/app.js} ({@code path} = {@code ""}, {@code ""}, {@code js/app.js}). A rest never
 * holds a {@code .} or {@code ..} segment (Akka HTTP removes dot segments while parsing the request;
 * Medic refuses any that would remain) nor a segment that decodes to one with a slash, a backslash or
 * a control character: those are a {@code 400 bad_path} before the handler runs.
 *
 * <p><b>The handler</b> returns one of:
 * <ul>
 *   <li>a value, rendered as JSON by Medic's mapper and naming rule (snake_case fields, pids as
 *       {@code "<0.N.0>"}, timestamps in ISO-8601 UTC; docs/introspection.md, "JSON naming");
 *       {@code null} is {@code 204 No Content};</li>
 *   <li>an {@code akka.http.javadsl.model.HttpResponse}, sent as it is: any status, content type and
 *       entity (Prometheus text, a static file, a streamed body);</li>
 *   <li>a {@code java.util.concurrent.CompletionStage} of either, for work done later (completed on
 *       {@link MedicRoutesContext#executor()});</li>
 *   <li>an {@code akka.http.javadsl.server.Route}, for what needs Akka HTTP's directives: reading a
 *       body, conditional requests, server-sent events ({@code EventStreamMarshalling}). Its rejections
 *       and exceptions are answered as Medic's JSON errors.</li>
 * </ul>
 * A handler that throws, or whose stage fails, is answered like Medic's own routes: see
 * {@link MedicHttpException}. Every body is bounded by {@code medic.http.limits.max-body-size}.
 *
 * <p>Immutable; validated when made (every bad argument names itself, its value and what was expected).
 */
public final class MedicEndpoint {

    /** What answers a matched request. Called on the HTTP server's threads: must be thread-safe. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Answers {@code request}: a value rendered as JSON, an {@code HttpResponse}, a
         * {@code CompletionStage} of either, or a {@code Route}.
         */
        Object handle(MedicRequest request) throws Exception;
    }

    /** The methods a mutating row may use. */
    public static final Set<String> MUTATING_METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");

    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_~-][A-Za-z0-9._~-]*");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern DOCS = Pattern.compile("[a-z0-9][a-z0-9_-]*\\.md#[a-z0-9][a-z0-9_-]*");
    private static final Pattern ACTION = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final String method;
    private final String path;
    private final String docs;
    private final String action;
    private final Handler handler;
    private final List<String> argumentNames;
    private final java.time.Duration longestWait;

    private MedicEndpoint(String method, String path, String docs, String action, Handler handler,
                          java.time.Duration longestWait) {
        this.method = method;
        this.path = path;
        this.docs = docs;
        this.action = action;
        this.handler = handler;
        this.longestWait = longestWait;
        this.argumentNames = argumentNames(path);
        checkDocs(docs);
        Objects.requireNonNull(handler, "handler");
    }

    /**
     * A read: a {@code GET} that any reader may call (same authentication as Medic's own reads), present
     * in read-only mode.
     *
     * @param path    below {@code /medic/}, e.g. {@code metrics} or {@code ui/{*path}}
     * @param docs    its documentation, a page of {@code docs/} and an anchor: {@code metrics.md#route}
     * @param handler what answers it
     * @throws IllegalArgumentException naming the bad argument, its value and what was expected
     */
    public static MedicEndpoint read(String path, String docs, Handler handler) {
        return new MedicEndpoint("GET", path, docs, null, handler, null);
    }

    /**
     * A mutating or costly row: absent in read-only mode, {@code admin} only, audited as {@code action}.
     *
     * @param method  one of {@link #MUTATING_METHODS}
     * @param path    below {@code /medic/}, e.g. {@code cluster/members/{address}/leave}
     * @param docs    its documentation, a page of {@code docs/} and an anchor
     * @param action  the audit log's name for it, snake_case ({@code leave}, {@code trace})
     * @param handler what answers it
     * @throws IllegalArgumentException naming the bad argument, its value and what was expected
     */
    public static MedicEndpoint mutating(String method, String path, String docs, String action, Handler handler) {
        if (method == null || !MUTATING_METHODS.contains(method)) {
            throw new IllegalArgumentException("method: bad value '" + method + "', expected one of "
                    + new java.util.TreeSet<>(MUTATING_METHODS));
        }
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("action: bad value '" + action
                    + "', expected a snake_case name of at most 64 characters, such as kill or replace_state");
        }
        return new MedicEndpoint(method, path, docs, action, handler, null);
    }

    /**
     * This row, answering in at most {@code longest} by its own bounds (a window, a timeout it gives
     * other nodes): the request timeout of its requests is raised to cover it, plus a margin, as for
     * Medic's own routes that wait (docs/introspection.md#timeouts). A read row's default is the server's
     * {@code akka.http.server.request-timeout}; a mutating row's, {@code medic.http.limits.max-timeout}.
     *
     * @throws IllegalArgumentException if {@code longest} is not positive
     */
    public MedicEndpoint withLongestWait(java.time.Duration longest) {
        if (longest == null || longest.isNegative() || longest.isZero()) {
            throw new IllegalArgumentException("longest: bad value " + longest + ", expected a positive duration");
        }
        return new MedicEndpoint(method, path, docs, action, handler, longest);
    }

    /** The longest this row answers in by its own bounds, if it said ({@link #withLongestWait}); null otherwise. */
    public java.time.Duration longestWait() {
        return longestWait;
    }

    /** {@code GET}, {@code POST}, {@code PUT}, {@code DELETE} or {@code PATCH}. */
    public String method() {
        return method;
    }

    /** The path below {@code /medic/}, with its {@code {name}} and {@code {*rest}} segments. */
    public String path() {
        return path;
    }

    /** Its documentation: {@code page.md#anchor}, a page of {@code docs/}. */
    public String docs() {
        return docs;
    }

    /** Whether it is a mutating (or costly) row: read-only switch, {@code admin} role, audit. */
    public boolean isMutating() {
        return action != null;
    }

    /** The audit log's name for a mutating row; null for a read. */
    public String action() {
        return action;
    }

    /** What answers it. */
    public Handler handler() {
        return handler;
    }

    /** The names of the path's arguments, in order ({@code {*rest}}'s last). */
    public List<String> argumentNames() {
        return argumentNames;
    }

    @Override
    public String toString() {
        return method + " /medic/" + path + (action != null ? " (mutating: " + action + ")" : "");
    }

    // ================================================================== validation

    private static List<String> argumentNames(String path) {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            throw new IllegalArgumentException("path: bad value '" + path + "', expected segments below /medic/ "
                    + "separated by single slashes, without a leading or trailing one, such as metrics or ui/{*path}");
        }
        String[] segments = path.split("/");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            if (s.startsWith("{*") && s.endsWith("}")) {
                if (!last) {
                    throw new IllegalArgumentException("path: bad value '" + path + "': the rest of the path, " + s
                            + ", may only be the last segment");
                }
                names.add(name(path, s.substring(2, s.length() - 1), names));
            } else if (s.startsWith("{") && s.endsWith("}")) {
                names.add(name(path, s.substring(1, s.length() - 1), names));
            } else if (!LITERAL.matcher(s).matches()) {
                throw new IllegalArgumentException("path: bad value '" + path + "': segment '" + s + "' is not a literal "
                        + "of letters, digits and . _ ~ - (not starting with a dot), an argument {name} or a rest {*name}");
            }
        }
        return List.copyOf(names);
    }

    private static String name(String path, String name, List<String> seen) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("path: bad value '" + path + "': argument name '" + name
                    + "' is not snake_case (a lower-case letter, then letters, digits or _, at most 32)");
        }
        if (seen.contains(name)) {
            throw new IllegalArgumentException("path: bad value '" + path + "': argument '" + name + "' appears twice");
        }
        return name;
    }

    private static void checkDocs(String docs) {
        if (docs == null || !DOCS.matcher(docs).matches()) {
            throw new IllegalArgumentException("docs: bad value '" + docs + "', expected a page of docs/ and an anchor, "
                    + "such as metrics.md#route");
        }
    }
}
