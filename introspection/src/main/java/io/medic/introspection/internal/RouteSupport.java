package io.medic.introspection.internal;

import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpMethod;
import akka.http.javadsl.model.HttpMethods;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.RemoteAddress;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Allow;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import akka.http.javadsl.server.AllDirectives;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.MalformedRequestContentRejection;
import akka.http.javadsl.server.MethodRejection;
import akka.http.javadsl.server.PathMatchers;
import akka.http.javadsl.server.Rejection;
import akka.http.javadsl.server.RejectionHandler;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import akka.http.javadsl.server.ValidationRejection;
import akka.http.scaladsl.model.EntityStreamSizeException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>What every {@code /medic} route shares: the table's row builders ({@link #get}, {@link #getAsync},
 * {@link #put}, {@link #post}) and the matching of a row's path; answering now or later as JSON, every
 * failure as a JSON error ({@link HttpError}) and every rejection Akka HTTP would answer in plain text
 * (unknown path, wrong method, bad body) as JSON too; and, for the mutating rows, the read-only switch,
 * authentication, the {@code admin} role, the size-limited JSON body and the audit log (who, what,
 * target, result; never state values). Thread-safe.
 */
final class RouteSupport extends AllDirectives {
    private static final Logger AUDIT = LoggerFactory.getLogger("io.medic.audit");
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

    // ================================================================== rows of the table

    /** A GET answered now: {@code answer} returns the body (or an {@code HttpResponse}). */
    Endpoint get(String path, String docs, Function<Endpoint.Request, ?> answer) {
        return new Endpoint("GET", path, docs, false, (caller, args) ->
                get(() -> parameterMap(p -> sync(() -> answer.apply(new Endpoint.Request(caller, args, p))))));
    }

    /** A GET answered later. */
    Endpoint getAsync(String path, String docs, Function<Endpoint.Request, ? extends CompletionStage<?>> answer) {
        return new Endpoint("GET", path, docs, false, (caller, args) ->
                get(() -> parameterMap(p -> async(() -> answer.apply(new Endpoint.Request(caller, args, p))))));
    }

    /** A mutating PUT with a JSON body, audited as {@code action} on the path's first argument. */
    Endpoint put(String path, String docs, String action,
                 BiFunction<Endpoint.Request, JsonNode, ? extends CompletionStage<?>> answer) {
        return new Endpoint("PUT", path, docs, true, (caller, args) -> writable(() -> put(() ->
                admin(caller, action, args.get(0), () -> parameterMap(p -> body(json ->
                        mutate(caller, action, args.get(0), () -> answer.apply(new Endpoint.Request(caller, args, p), json))))))));
    }

    /** A mutating POST without a body, audited as {@code action} on the path's first argument. */
    Endpoint post(String path, String docs, String action, Function<Endpoint.Request, ? extends CompletionStage<?>> answer) {
        return new Endpoint("POST", path, docs, true, (caller, args) -> writable(() -> post(() ->
                admin(caller, action, args.get(0), () -> parameterMap(p ->
                        mutate(caller, action, args.get(0), () -> answer.apply(new Endpoint.Request(caller, args, p))))))));
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
    Endpoint extension(String method, String path, String docs, String action,
                       BiFunction<Endpoint.Request, HttpRequest, Object> answer) {
        HttpMethod m = HttpMethods.lookup(method).orElseThrow(
                () -> new IllegalArgumentException("method: bad value '" + method + "'"));
        boolean mutating = action != null;
        return new Endpoint(method, path, docs, mutating, (caller, args) -> {
            String target = args.isEmpty() ? "/medic/" + path : args.get(0);
            Function<Map<String, String>, Route> respond = p -> extractRequest(req -> extensionAnswer(caller,
                    action, target, () -> answer.apply(new Endpoint.Request(caller, args, p), req)));
            Supplier<Route> inner = () -> method(m, () -> withSizeLimit(services.settings.maxBodyBytes(), () ->
                    mutating ? admin(caller, action, target, () -> parameterMap(respond)) : parameterMap(respond)));
            return mutating ? writable(inner) : inner.get();
        });
    }

    private Route extensionAnswer(Caller caller, String action, String target, Supplier<Object> call) {
        Route answered = extensionRoute(call);
        if (action == null) {
            return answered;
        }
        return mapResponse(response -> {
            int status = response.status().intValue();
            audit(caller, action, target, status == 200 ? "ok"
                    : response.status().isSuccess() ? "accepted (" + status + ")" : "failed (" + status + ")");
            return response;
        }, () -> answered);
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

    /** Authenticates every /medic request when users are configured; 401 with a challenge otherwise. */
    Route authenticated(Function<Caller, Route> inner) {
        return extractRequest(req -> {
            BasicAuth.Result r = auth.check(req.getHeader("Authorization").map(h -> h.value()));
            if (r.ok()) {
                return inner.apply(new Caller(r.principal(), remote(req)));
            }
            return complete(Json.error(StatusCodes.UNAUTHORIZED, "unauthorized",
                    "authentication required: " + r.refusal())
                    .addHeader(WWWAuthenticate.create(HttpChallenge.create("Basic", auth.realm(),
                            Map.of("charset", "UTF-8")))));
        });
    }

    private static String remote(HttpRequest req) {
        Optional<RemoteAddress> a = req.getAttribute(AttributeKeys.remoteAddress);
        if (a.isEmpty() || a.get().isUnknown()) {
            return "unknown";
        }
        return a.get().getAddress().map(java.net.InetAddress::getHostAddress).orElse("unknown") + ":" + a.get().getPort();
    }

    /** The route only when mutating routes are enabled ({@code route-providers-read-only = false}). */
    private Route writable(Supplier<Route> inner) {
        return readOnly ? reject() : inner.get();
    }

    /** A JSON body, at most {@code medic.http.limits.max-body-size}. */
    private Route body(Function<JsonNode, Route> inner) {
        return withSizeLimit(services.settings.maxBodyBytes(), () ->
                entity(Jackson.unmarshaller(Json.STATE, JsonNode.class), inner));
    }

    /** Mutating routes are admin only (when auth is on): checked, and a refusal audited, before the body is read. */
    private Route admin(Caller caller, String action, String ref, Supplier<Route> inner) {
        if (auth.enabled() && !caller.principal().isAdmin()) {
            audit(caller, action, ref, "forbidden");
            return complete(Json.error(StatusCodes.FORBIDDEN, "forbidden", "user '" + caller.principal().name()
                    + "' may not " + action + ": the role '" + BasicAuth.ADMIN + "' is required"));
        }
        return inner.get();
    }

    /** A mutating call, audited with its outcome. */
    private Route mutate(Caller caller, String action, String ref, Supplier<? extends CompletionStage<?>> call) {
        CompletionStage<?> stage;
        try {
            stage = call.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        CompletionStage<?> audited = stage.whenComplete((v, err) ->
                audit(caller, action, ref, err == null ? resultOf(v) : HttpError.of(err).code()));
        return async(() -> audited);
    }

    private static String resultOf(Object v) {
        if (v instanceof HttpResponse r) {
            return "accepted (" + r.status().intValue() + ")";
        }
        return "ok";
    }

    private static void audit(Caller caller, String action, String ref, String result) {
        AUDIT.info("user={} remote={} action={} target={} result={}", caller.principal().name(), caller.remote(),
                action, Params.cut(ref), result);
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
                .handle(MalformedRequestContentRejection.class, r -> complete(bodyError(r.getCause(), r.message())))
                .handle(ValidationRejection.class, r -> complete(bodyError(r.getCause().orElse(null), r.message())))
                .handle(Rejection.class, r -> complete(Json.error(StatusCodes.BAD_REQUEST, "bad_request",
                        "request refused: " + Params.cut(r.toString()))))
                .handleNotFound(extractRequest(req -> complete(Json.error(StatusCodes.NOT_FOUND, "not_found",
                        "no route " + req.method().name() + " " + req.getUri().path()
                                + (readOnly ? " (mutating routes are off: akka.management.http.route-providers-read-only = true)" : "")
                                + "; see docs/introspection.md"))))
                .build();
    }

    private static HttpResponse bodyError(Throwable cause, String message) {
        if (cause instanceof EntityStreamSizeException s) {
            return Json.error(StatusCodes.PAYLOAD_TOO_LARGE, "too_large",
                    "body: larger than the limit of " + s.limit() + " bytes (medic.http.limits.max-body-size)");
        }
        String why = message;
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof JsonProcessingException j) {
            why = j.getOriginalMessage();
        } else if (root != null && root.getMessage() != null) {
            why = root.getMessage();
        }
        return Json.error(StatusCodes.BAD_REQUEST, "bad_body", "body: malformed JSON: " + Params.cut(String.valueOf(why)));
    }
}
