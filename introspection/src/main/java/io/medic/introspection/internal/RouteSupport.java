package io.medic.introspection.internal;

import akka.NotUsed;
import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpMethod;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.CacheControl;
import akka.http.javadsl.model.headers.CacheDirectives;
import akka.http.javadsl.model.headers.Allow;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.Directives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.MalformedRequestContentRejection;
import akka.http.javadsl.server.MethodRejection;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Rejection;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.RequestEntityExpectedRejection;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import akka.http.javadsl.server.ValidationRejection;
import akka.http.scaladsl.model.EntityStreamSizeException;
import akka.stream.javadsl.Source;
import akka.util.ByteString;
import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.LogText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * INTERNAL API
 *
 * <p>What every {@code /medic} route shares: the table's row builders ({@link #get}, {@link #getAsync},
 * {@link #sse}, {@link #put}, {@link #post}, {@link #postRoute}, {@link #delete}) and the matching of a row's path; the checks of every path argument and
 * query parameter ({@link Params#checkRequest}); the request timeout of a row that waits
 * ({@link RequestTimeouts}); answering now or later as JSON, every failure as a JSON error
 * ({@link HttpError}) and every rejection Akka HTTP would answer in plain text (unknown path, wrong
 * method, bad body) as JSON too; and, for the mutating rows, the read-only switch, authentication, the
 * {@code admin} role, the size-limited JSON body ({@link JsonBodies}) and the audit log ({@link Audit}:
 * every attempt, whatever its answer; never state values). Thread-safe.
 */
final class RouteSupport extends AllDirectives {
    /** An extension's handler that returned null. */
    private static final HttpResponse NO_CONTENT = HttpResponse.create().withStatus(StatusCodes.NO_CONTENT);

    private final Introspection services;
    private final BasicAuth auth;
    private final boolean readOnly;

    RouteSupport(Introspection services, BasicAuth auth, boolean readOnly) {
        this.services = services;
        this.auth = auth;
        this.readOnly = readOnly;
    }

    /** Who is calling: the authenticated principal and the remote address. */
    record Caller(BasicAuth.Principal principal, String remote) {
    }

    boolean readOnly() {
        return readOnly;
    }

    BasicAuth auth() {
        return auth;
    }

    /** The {@code medic.http} settings: the bounds a row's longest wait comes from. */
    HttpSettings settings() {
        return services.settings;
    }

    // ================================================================== rows of the table

    /** A GET answered now: {@code answer} returns the body (or an {@code HttpResponse}). */
    Endpoint get(String path, String docs, Function<Endpoint.Request, ?> answer) {
        List<String> names = argumentNames(path);
        return new Endpoint("GET", path, docs, false, (caller, args) ->
                get(() -> request(caller, names, args, r -> sync(() -> answer.apply(r)))));
    }

    /**
     * A GET answered later, in at most {@code longest} by the route's own bounds (its longest window or
     * {@code timeout_ms}): the request timeout covers it ({@link RequestTimeouts#cover}).
     */
    Endpoint getAsync(String path, String docs, Duration longest,
                      Function<Endpoint.Request, ? extends CompletionStage<?>> answer) {
        List<String> names = argumentNames(path);
        return new Endpoint("GET", path, docs, false, (caller, args) -> get(() -> covering(longest, () ->
                request(caller, names, args, r -> async(() -> answer.apply(r))))));
    }

    /**
     * A GET answered with a stream of server-sent events ({@link #eventStream}): {@code answer} checks the
     * request (a bad parameter is a JSON error, before any stream) and returns the events, each framed by
     * {@link #sseEvent}. The source's owner must release what it holds when the stream terminates (its
     * client went away).
     */
    Endpoint sse(String path, String docs, Duration heartbeat,
                 Function<Endpoint.Request, Source<ByteString, NotUsed>> answer) {
        List<String> names = argumentNames(path);
        return new Endpoint("GET", path, docs, false, (caller, args) -> get(() -> request(caller, names, args, r -> {
            Source<ByteString, NotUsed> events;
            try {
                events = answer.apply(r);
            } catch (RuntimeException e) {
                return complete(HttpError.toResponse(e));
            }
            return eventStream(events, heartbeat);
        })));
    }

    /** {@code text/event-stream}. */
    private static final ContentType EVENT_STREAM = ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM);
    /** An SSE comment: never dispatched by a client, enough for a write to find a closed connection. */
    private static final ByteString SSE_HEARTBEAT = ByteString.fromString(":\n\n");

    /**
     * Every stream of server-sent events Medic serves (the monitor's, the trace sessions'): {@code events}
     * as a chunked {@code text/event-stream}, not cached, with a heartbeat (an SSE comment, {@code :})
     * whenever no event has gone out for {@code heartbeat}, so that a client that went away is noticed
     * within it (the write fails and the stream is cancelled) and no idle timeout cuts a quiet stream. The
     * request timeout does not cut it either: Akka HTTP's {@code request-timeout} runs until the response
     * starts, and this one starts at once.
     */
    static Route eventStream(Source<ByteString, NotUsed> events, Duration heartbeat) {
        return Directives.complete(HttpResponse.create()
                .addHeader(CacheControl.create(CacheDirectives.NO_CACHE))
                .withEntity(HttpEntities.createChunked(EVENT_STREAM, events.keepAlive(heartbeat, () -> SSE_HEARTBEAT))));
    }

    /**
     * One server-sent event: {@code event: <type>}, {@code id: <id>} (when not null) and {@code data:} with
     * {@code json} written on one line (Jackson escapes line breaks inside strings).
     */
    static ByteString sseEvent(String type, String id, JsonNode json) {
        String data;
        try {
            data = Json.API.writeValueAsString(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("an event that cannot be written as JSON", e); // a tree of our own
        }
        return ByteString.fromString("event: " + type + "\n" + (id == null ? "" : "id: " + id + "\n") + "data: " + data
                + "\n\n", java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A mutating PUT with a JSON body, audited as {@code action} on the path's first argument. */
    Endpoint put(String path, String docs, String action,
                 BiFunction<Endpoint.Request, JsonNode, ? extends CompletionStage<?>> answer) {
        return mutating(HttpMethods.PUT, path, docs, action, r -> body(json -> async(() -> answer.apply(r, json))));
    }

    /** A mutating POST without a body, audited as {@code action} on the path's first argument. */
    Endpoint post(String path, String docs, String action, Function<Endpoint.Request, ? extends CompletionStage<?>> answer) {
        return mutating(HttpMethods.POST, path, docs, action, r -> async(() -> answer.apply(r)));
    }

    /**
     * A mutating POST with a JSON body whose answer is a route of its own (a stream of server-sent events:
     * the request timeout, raised as for every mutating row, covers only the answer's start), audited as
     * {@code action} on the path's first argument (the path when it has none).
     */
    Endpoint postRoute(String path, String docs, String action, BiFunction<Endpoint.Request, JsonNode, Route> answer) {
        return mutating(HttpMethods.POST, path, docs, action, r -> body(json -> answer.apply(r, json)));
    }

    /** A mutating DELETE without a body, audited as {@code action} on the path's first argument (or the path). */
    Endpoint delete(String path, String docs, String action, Function<Endpoint.Request, ? extends CompletionStage<?>> answer) {
        return mutating(HttpMethods.DELETE, path, docs, action, r -> async(() -> answer.apply(r)));
    }

    /**
     * A mutating row: present only when the routes are writable; every attempt that reaches it is
     * audited with its answer, whatever it is (refused role, bad argument, bad body, failure); the role
     * is checked before anything else is read. Answers within {@code medic.http.limits.max-timeout}.
     */
    private Endpoint mutating(HttpMethod method, String path, String docs, String action,
                              Function<Endpoint.Request, Route> answer) {
        List<String> names = argumentNames(path);
        return new Endpoint(method.name(), path, docs, true, (caller, args) -> writable(() -> method(method, () ->
                covering(services.settings.maxTimeout(), () -> audited(caller, action, target(path, args), () ->
                        admin(caller, action, () -> request(caller, names, args, answer)))))));
    }

    /**
     * A row contributed by an extension ({@code MedicRoutesExtension}): a read when {@code action} is
     * null; otherwise mutating — absent in read-only mode, admin only and audited as {@code action} on
     * the path's first argument (the path itself when it has none), like {@link #put} and {@link #post}.
     * {@code answer} returns a {@code Route}, an {@code HttpResponse}, a {@code CompletionStage} or a
     * value rendered as JSON (null: 204); a returned Route's rejections and exceptions get Medic's JSON
     * answers here, so that a mutating one is audited with its outcome. Bodies are bounded by
     * {@code medic.http.limits.max-body-size}.
     */
    Endpoint extension(String method, String path, String docs, String action, Duration longestWait,
                       BiFunction<Endpoint.Request, HttpRequest, Object> answer) {
        HttpMethod m = HttpMethods.lookup(method).orElseThrow(
                () -> new IllegalArgumentException("method: bad value '" + method + "'"));
        boolean mutating = action != null;
        List<String> names = argumentNames(path);
        return new Endpoint(method, path, docs, mutating, (caller, args) -> {
            Function<Endpoint.Request, Route> respond = r -> extractRequest(req -> extensionRoute(() -> answer.apply(r, req)));
            if (!mutating) {
                Supplier<Route> read = () -> withSizeLimit(services.settings.maxBodyBytes(), () ->
                        request(caller, names, args, respond));
                return method(m, longestWait == null ? read : () -> covering(longestWait, read));
            }
            String target = target(path, args);
            Duration longest = longestWait == null ? services.settings.maxTimeout() : longestWait;
            return writable(() -> method(m, () -> covering(longest, () ->
                    audited(caller, action, target, () -> admin(caller, action, () ->
                            withSizeLimit(services.settings.maxBodyBytes(), () -> request(caller, names, args, respond)))))));
        });
    }

    /** What the audit log names as a mutating row's target: the path's first argument, else the path. */
    private static String target(String path, List<String> args) {
        return args.isEmpty() ? "/medic/" + path : args.get(0);
    }

    private Route extensionRoute(Supplier<Object> call) {
        Object v;
        try {
            v = call.get();
        } catch (RuntimeException e) {
            return complete(HttpError.toResponse(e));
        }
        if (v instanceof Route r) {
            return handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> r));
        }
        if (v instanceof CompletionStage<?> stage) {
            return async(() -> stage.thenApply(x -> x == null ? NO_CONTENT : x));
        }
        return sync(() -> v == null ? NO_CONTENT : v);
    }

    /** The route of one row for one caller: its path matched segment by segment, arguments collected. */
    Route route(Endpoint e, Caller caller) {
        return match(e, e.segments(), 0, List.of(), caller);
    }

    /** The names of a path's arguments, in order: {@code pid} for {@code processes/{pid}/state}. */
    private static List<String> argumentNames(String path) {
        return Arrays.stream(path.split("/")).filter(Endpoint::isArgument).map(s -> s.substring(1, s.length() - 1)).toList();
    }

    /** The request of a matched row, its arguments and parameters checked ({@link Params#checkRequest}). */
    private Route request(Caller caller, List<String> names, List<String> args, Function<Endpoint.Request, Route> inner) {
        return parameterMap(p -> {
            Params.checkRequest(names, args, p);
            return inner.apply(new Endpoint.Request(caller, args, p));
        });
    }

    /** The request's timeout raised to cover {@code longest} ({@link RequestTimeouts#cover}). */
    private Route covering(Duration longest, Supplier<Route> inner) {
        return extractRequest(req -> {
            RequestTimeouts.cover(req, longest);
            return inner.get();
        });
    }

    private Route match(Endpoint e, List<String> segments, int i, List<String> args, Caller caller) {
        if (i == segments.size()) {
            return segments.isEmpty() ? pathEndOrSingleSlash(() -> e.answer().apply(caller, args))
                    : pathEnd(() -> e.answer().apply(caller, args));
        }
        String s = segments.get(i);
        if (Endpoint.isRest(s)) {
            return rawPathPrefix(PathMatchers.remainingPath(), rest -> rest(rest).map(value -> {
                List<String> more = new ArrayList<>(args);
                more.add(value);
                return e.answer().apply(caller, List.copyOf(more));
            }).orElseGet(this::reject));
        }
        if (Endpoint.isArgument(s)) {
            return pathPrefix(PathMatchers.segment(), value -> {
                List<String> more = new ArrayList<>(args);
                more.add(value);
                return match(e, segments, i + 1, List.copyOf(more), caller);
            });
        }
        return pathPrefix(s, () -> match(e, segments, i + 1, args, caller));
    }

    /**
     * The rest of the path after a row's literal segments, decoded and without its leading slash
     * ({@code ""} when nothing follows); empty (no match) when the last literal was only a prefix of
     * the path's segment ({@code ui} against {@code /uix}). A segment holding a slash, a backslash or a
     * control character once decoded is a {@code 400 bad_path}, and so would be a {@code .} or {@code ..}
     * one (Akka HTTP's parser already removes them: this keeps a static file server safe if it did not).
     */
    private static Optional<String> rest(akka.http.scaladsl.model.Uri.Path path) {
        if (!path.isEmpty() && !path.startsWithSlash()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (akka.http.scaladsl.model.Uri.Path p = path; !p.isEmpty(); p = p.tail()) {
            if (p.startsWithSlash()) {
                if (p != path) {
                    out.append('/');
                }
                continue;
            }
            String segment = String.valueOf(p.head());
            if (segment.equals(".") || segment.equals("..") || segment.chars().anyMatch(c -> c == '/' || c == '\\' || c < 0x20 || c == 0x7f)) {
                throw HttpError.badRequest("bad_path", "path: bad segment " + LogText.quoted(segment, 100)
                        + ", expected no '.' or '..' segment and no slash, backslash or control character in one");
            }
            out.append(segment);
        }
        return Optional.of(out.toString());
    }

    // ================================================================== answering

    /** Completes with a value computed now. */
    Route sync(Supplier<?> body) {
        HttpResponse response;
        try {
            Object v = body.get();
            response = v instanceof HttpResponse r ? r : Json.ok(v);
        } catch (RuntimeException e) {
            response = HttpError.toResponse(e);
        }
        return complete(response);
    }

    /** Completes with a value computed later; rendering happens on the introspection dispatcher. */
    Route async(Supplier<? extends CompletionStage<?>> body) {
        CompletionStage<HttpResponse> response;
        try {
            response = body.get().handleAsync((v, err) -> err != null ? HttpError.toResponse(err)
                    : v instanceof HttpResponse r ? r : Json.ok(v), services.executor);
        } catch (RuntimeException e) {
            response = CompletableFuture.completedFuture(HttpError.toResponse(e));
        }
        return completeWithFuture(response);
    }

    // ================================================================== authentication, roles, audit

    /**
     * Authenticates every /medic request when users are configured; 401 with a challenge otherwise. A
     * refused login that carried credentials is audited — here only when no {@link LoginGuard} stands
     * before the routes (routes served by {@code AkkaManagement.start()}): the guard answers every
     * refused login itself, so none reaches this check and none is logged twice.
     */
    Route authenticated(Function<Caller, Route> inner) {
        return extractRequest(req -> {
            RequestTimeouts.answerInJson(req);
            Optional<String> header = req.getHeader("Authorization").map(h -> h.value());
            BasicAuth.Result r = auth.check(header);
            if (r.ok()) {
                return inner.apply(new Caller(r.principal(), Audit.remote(req)));
            }
            if (header.isPresent()) {
                Audit.failedLogin(r.user(), Audit.remote(req), req.getUri().path(), r.refusal(), null);
            }
            return complete(auth.challenge(r.refusal()));
        });
    }

    /** The route only when mutating routes are enabled ({@code route-providers-read-only = false}). */
    private Route writable(Supplier<Route> inner) {
        return readOnly ? reject() : inner.get();
    }

    /** A JSON body ({@link JsonBodies}), at most {@code medic.http.limits.max-body-size}. */
    private Route body(Function<JsonNode, Route> inner) {
        return withSizeLimit(services.settings.maxBodyBytes(), () -> entity(JsonBodies.UNMARSHALLER, inner));
    }

    /** Mutating routes are admin only (when auth is on): checked before the body is read. */
    private Route admin(Caller caller, String action, Supplier<Route> inner) {
        if (auth.enabled() && !caller.principal().isAdmin()) {
            return complete(Json.error(StatusCodes.FORBIDDEN, "forbidden", "user '" + caller.principal().name()
                    + "' may not " + action + ": the role '" + BasicAuth.ADMIN + "' is required"));
        }
        return inner.get();
    }

    /**
     * {@code inner} with its every outcome — answer, failure or rejection, all made JSON answers here —
     * written to the audit log once it is known.
     */
    private Route audited(Caller caller, String action, String target, Supplier<Route> inner) {
        return mapResponse(answer -> {
            Audit.attempt(caller.principal().name(), caller.remote(), action, target, answer);
            return answer;
        }, () -> handleExceptions(exceptions(), () -> handleRejections(rejections(), inner)));
    }

    // ================================================================== rejections and exceptions

    ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder().matchAny(t -> complete(HttpError.toResponse(t))).build();
    }

    RejectionHandler rejections() {
        return RejectionHandler.newBuilder()
                .handleAll(MethodRejection.class, rs -> extractRequest(req -> {
                    HttpMethod[] allowed = rs.stream().map(MethodRejection::supported).distinct().toArray(HttpMethod[]::new);
                    String names = rs.stream().map(r -> r.supported().name()).distinct().collect(Collectors.joining(", "));
                    return complete(Json.error(StatusCodes.METHOD_NOT_ALLOWED, "method_not_allowed",
                            "method " + req.method().name() + " is not allowed on " + req.getUri().path()
                                    + "; allowed: " + names).addHeader(Allow.create(allowed)));
                }))
                .handle(UnsupportedRequestContentTypeRejection.class, r -> extractRequest(req ->
                        complete(Json.error(StatusCodes.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                                "Content-Type: bad value '" + req.entity().getContentType()
                                        + "', expected application/json"))))
                .handle(MalformedRequestContentRejection.class, r -> complete(bodyError(r.getCause())))
                .handle(ValidationRejection.class, r -> complete(bodyError(r.getCause().orElse(null))))
                .handle(RequestEntityExpectedRejection.class, r -> complete(Json.error(StatusCodes.BAD_REQUEST,
                        "bad_body", "body: missing, expected a JSON value")))
                .handle(Rejection.class, r -> complete(Json.error(StatusCodes.BAD_REQUEST, "bad_request",
                        "request refused: " + Params.cut(r.toString()))))
                .handleNotFound(extractRequest(req -> complete(notFound(req))))
                .build();
    }

    /** 404 for a path no row has; 400 {@code bad_path} for one with a control character (decoded). */
    private HttpResponse notFound(HttpRequest req) {
        String path = req.getUri().path();
        String decoded = "/" + String.join("/", req.getUri().pathSegments());
        String control = Params.controlCharacter(decoded);
        if (control != null) {
            return Json.error(StatusCodes.BAD_REQUEST, "bad_path", "path: bad value " + LogText.quoted(decoded)
                    + ", expected " + control);
        }
        return Json.error(StatusCodes.NOT_FOUND, "not_found", "no route " + req.method().name() + " " + path
                + (readOnly ? " (mutating routes are off: akka.management.http.route-providers-read-only = true)" : "")
                + "; see docs/introspection.md");
    }

    /**
     * The answer to a body that could not be read: 413 beyond the size limit, the {@link JsonBodies}
     * refusal, and for anything else a {@code bad_body} that quotes nothing of the implementation.
     */
    private static HttpResponse bodyError(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof EntityStreamSizeException s) {
                return Json.error(StatusCodes.PAYLOAD_TOO_LARGE, "too_large",
                        "body: larger than the limit of " + s.limit() + " bytes (medic.http.limits.max-body-size)");
            }
            if (t instanceof HttpError h) {
                return h.response();
            }
        }
        return Json.error(StatusCodes.BAD_REQUEST, "bad_body", "body: could not be read, expected a JSON value");
    }
}
