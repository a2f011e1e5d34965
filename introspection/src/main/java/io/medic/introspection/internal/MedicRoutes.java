package io.medic.introspection.internal;

import akka.http.javadsl.marshallers.jackson.Jackson;
import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpMethod;
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
import io.medic.introspection.Recon;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.SysStatistics;
import io.medic.runtime.SysStatus;
import io.medic.runtime.Sys;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>The {@code /medic} routes: a thin HTTP facade over {@link Recon}, {@link Sys} and the samplers.
 * Every route parses and bounds its arguments, asks the sampler, and renders the answer as JSON; every
 * failure becomes a JSON error ({@link HttpError}); every rejection Akka HTTP would answer in plain
 * text (unknown path, wrong method, bad body) is answered in JSON too. Mutating routes exist only when
 * the route provider is not read-only, require the {@code admin} role when authentication is on, and
 * are written to the {@code io.medic.audit} log (who, what, target, result; never state values).
 */
public final class MedicRoutes extends AllDirectives {
    private static final Logger AUDIT = LoggerFactory.getLogger("io.medic.audit");

    private final Introspection services;
    private final HttpSettings settings;
    private final Recon recon;
    private final BasicAuth auth;
    private final StateRenderer renderer;
    private final boolean readOnly;

    public MedicRoutes(Introspection services, BasicAuth auth, boolean readOnly) {
        this.services = services;
        this.settings = services.settings;
        this.recon = Recon.of(services.node);
        this.auth = auth;
        this.renderer = new StateRenderer(settings.state());
        this.readOnly = readOnly;
    }

    /** Who is calling: the authenticated principal and the remote address. */
    private record Caller(BasicAuth.Principal principal, String remote) {
    }

    // ================================================================== the route tree

    /** The /medic tree; only the process routes depend on the caller, the rest is built once. */
    public Route route() {
        Route node = nodeRoutes();
        Route supervision = path("supervision", () -> get(() -> async(recon::supervisionTree)));
        Route ports = PortRoutes.route(this);
        return pathPrefix("medic", () ->
                handleExceptions(exceptions(), () ->
                        handleRejections(rejections(), () ->
                                authenticated(caller -> concat(node, processRoutes(caller), supervision, ports)))));
    }

    private Route nodeRoutes() {
        return concat(
                path("node", () -> get(() -> sync(recon::nodeStats))),
                path(PathMatchers.segment("node").slash("memory"), () -> get(() -> sync(recon::memory))),
                path(PathMatchers.segment("node").slash("schedulers"), () -> get(() -> parameterMap(p ->
                        async(() -> recon.schedulerUsage(window(p)))))));
    }

    private Route processRoutes(Caller caller) {
        return concat(
                path("processes", () -> get(() -> parameterMap(p -> sync(() -> procCount(p))))),
                path(PathMatchers.segment("processes").slash("window"), () -> getAsync(this::procWindow)),
                pathPrefix(PathMatchers.segment("processes").slash(PathMatchers.segment()),
                        ref -> oneProcess(caller, ref)));
    }

    private Route oneProcess(Caller caller, String ref) {
        return concat(
                pathEnd(() -> get(() -> sync(() -> recon.info(pid(ref))))),
                path("state", () -> concat(
                        getAsync(p -> getState(pid(ref), timeout(p))),
                        putJson(caller, "replace_state", ref, (json, p) -> replaceState(pid(ref), json, timeout(p))))),
                path("status", () -> getAsync(p -> getStatus(pid(ref), timeout(p)))),
                path("statistics", () -> concat(
                        getAsync(p -> getStatistics(pid(ref), timeout(p))),
                        putJson(caller, "statistics", ref, (json, p) -> putStatistics(pid(ref), json, timeout(p))))),
                path("log", () -> concat(
                        getAsync(p -> getLog(pid(ref), timeout(p))),
                        putJson(caller, "log", ref, (json, p) -> putLog(pid(ref), json, timeout(p))))),
                path("suspend", () -> postAction(caller, "suspend", ref, p -> suspend(pid(ref), timeout(p)))),
                path("resume", () -> postAction(caller, "resume", ref, p -> resume(pid(ref), timeout(p)))),
                path("kill", () -> postAction(caller, "kill", ref, p -> kill(pid(ref), timeout(p)))));
    }

    private Route getAsync(Function<Map<String, String>, CompletionStage<?>> call) {
        return get(() -> parameterMap(p -> async(() -> call.apply(p))));
    }

    private Route putJson(Caller caller, String action, String ref,
                          BiFunction<JsonNode, Map<String, String>, CompletionStage<?>> call) {
        return writable(() -> put(() -> admin(caller, action, ref, () -> parameterMap(p -> body(json ->
                mutate(caller, action, ref, () -> call.apply(json, p)))))));
    }

    private Route postAction(Caller caller, String action, String ref,
                             Function<Map<String, String>, CompletionStage<?>> call) {
        return writable(() -> post(() -> admin(caller, action, ref,
                () -> parameterMap(p -> mutate(caller, action, ref, () -> call.apply(p))))));
    }

    // ================================================================== handlers

    private Answers.Top procCount(Map<String, String> p) {
        ProcessAttribute a = attribute(p, "sort");
        int n = limit(p);
        return new Answers.Top(a, n, recon.procCount(a, n));
    }

    private CompletionStage<Answers.Window> procWindow(Map<String, String> p) {
        ProcessAttribute a = attribute(p, "attr");
        int n = limit(p);
        Duration w = window(p);
        return recon.procWindow(a, n, w).thenApply(list -> new Answers.Window(a, n, w.toMillis(), list));
    }

    private CompletionStage<Answers.Log> getLog(Pid pid, Duration timeout) {
        return Sys.getLogAsync(pid, timeout).thenApply(events -> new Answers.Log(pid, events));
    }

    private CompletionStage<Answers.Done> suspend(Pid pid, Duration timeout) {
        return Sys.suspendAsync(pid, timeout).thenApply(x -> new Answers.Done(pid, "suspend", "suspended"));
    }

    private CompletionStage<Answers.Done> resume(Pid pid, Duration timeout) {
        return Sys.resumeAsync(pid, timeout).thenApply(x -> new Answers.Done(pid, "resume", "resumed"));
    }

    private CompletionStage<Answers.State> getState(Pid pid, Duration timeout) {
        return Sys.<Object>getStateAsync(pid, timeout).thenApplyAsync(state -> stateAnswer(pid, state), services.executor);
    }

    /** A process's state as the state routes answer it: rendered within the limits. */
    private Answers.State stateAnswer(Pid pid, Object state) {
        StateRenderer.Rendered r = renderer.render(state);
        return new Answers.State(pid, r.type(), r.truncated(), r.value());
    }

    private CompletionStage<Answers.Status> getStatus(Pid pid, Duration timeout) {
        return Sys.getStatusAsync(pid, timeout).thenApplyAsync(s -> status(s), services.executor);
    }

    private Answers.Status status(SysStatus s) {
        StateRenderer.Rendered r = s.state() == null ? null : renderer.render(s.state());
        return new Answers.Status(s.pid(), s.status(), s.kind(), s.behaviour(), s.parent(), s.parentPath(),
                s.registeredName(), s.suspended(), s.statisticsEnabled(), s.logSize(), s.traceEnabled(), s.sensitive(),
                r == null ? null : r.type(), r != null && r.truncated(), r == null ? null : r.value(), s.stateNote());
    }

    private CompletionStage<Answers.Statistics> getStatistics(Pid pid, Duration timeout) {
        return Sys.getStatisticsAsync(pid, timeout).thenApply(o -> {
            if (o.isEmpty()) {
                return new Answers.Statistics(pid, false, null, null, null, null, null);
            }
            SysStatistics s = o.get();
            return new Answers.Statistics(pid, true, s.startTime(), s.currentTime(), s.reductions(), s.messagesIn(),
                    s.messagesOut());
        });
    }

    private CompletionStage<Answers.Done> putStatistics(Pid pid, JsonNode body, Duration timeout) {
        boolean enable = requiredBoolean(body, "enabled");
        return Sys.statisticsAsync(pid, enable, timeout)
                .thenApply(x -> new Answers.Done(pid, "statistics", enable ? "enabled" : "disabled"));
    }

    private CompletionStage<Answers.Done> putLog(Pid pid, JsonNode body, Duration timeout) {
        boolean enable = requiredBoolean(body, "enabled");
        if (!enable) {
            return Sys.logOffAsync(pid, timeout).thenApply(x -> new Answers.Done(pid, "log", "disabled"));
        }
        int max = services.node.settings().sysMaxLogSize();
        JsonNode size = body.get("size");
        int n = 10;
        if (size != null && !size.isNull()) {
            if (!size.canConvertToInt() || !size.isIntegralNumber() || size.intValue() < 1 || size.intValue() > max) {
                throw HttpError.badRequest("bad_body", "size: bad value " + cut(size.toString())
                        + ", expected an integer from 1 to " + max + " (medic.sys.max-log-size)");
            }
            n = size.intValue();
        }
        int ring = n;
        return Sys.logAsync(pid, ring, timeout).thenApply(x -> new Answers.Done(pid, "log", "enabled, size " + ring));
    }

    private CompletionStage<Answers.State> replaceState(Pid pid, JsonNode body, Duration timeout) {
        return Sys.<Object>replaceStateAsync(pid, old -> {
            if (old == null) {
                throw new IllegalStateException("the state of " + pid + " is null: its type cannot be known");
            }
            if (body.isNull()) { // Jackson reads null as a null of any type: refuse it, as the null state above
                throw new HttpError.StateBodyException("body: bad value null, expected the new state of " + pid
                        + " (" + old.getClass().getName() + ")");
            }
            Class<?> type = readableType(old);
            try {
                return Json.STATE.treeToValue(body, type);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new HttpError.StateBodyException("body: cannot be read as the state of " + pid + " ("
                        + old.getClass().getName() + "): " + cut(String.valueOf(why)));
            }
        }, timeout).thenApplyAsync(state -> stateAnswer(pid, state), services.executor);
    }

    /** The class to read a new state as: the current one, or a public JDK collection for JDK-internal ones. */
    private static Class<?> readableType(Object state) {
        Class<?> c = state.getClass();
        if (!StateRenderer.isJdk(c) || java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
            return c;
        }
        if (state instanceof List<?>) {
            return ArrayList.class;
        }
        if (state instanceof Set<?>) {
            return LinkedHashSet.class;
        }
        if (state instanceof Map<?, ?>) {
            return LinkedHashMap.class;
        }
        if (state instanceof Collection<?>) {
            return ArrayList.class;
        }
        return c;
    }

    private CompletionStage<Object> kill(Pid pid, Duration timeout) {
        Medic.exit(pid, ExitReason.KILLED);
        return Medic.whenExited(pid).toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((reason, err) -> {
                    if (err == null) {
                        return new Answers.Killed(pid, true, reason.toString(), "process stopped");
                    }
                    if (HttpError.unwrap(err) instanceof TimeoutException) {
                        return Json.response(StatusCodes.ACCEPTED, new Answers.Killed(pid, false, null,
                                "kill requested; the process is still running its current handler after "
                                        + timeout.toMillis() + " ms and stops when it returns"));
                    }
                    throw new java.util.concurrent.CompletionException(err);
                });
    }

    // ================================================================== directives

    /** Authenticates every /medic request when users are configured; 401 with a challenge otherwise. */
    private Route authenticated(Function<Caller, Route> inner) {
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
        return withSizeLimit(settings.maxBodyBytes(), () ->
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
                action, cut(ref), result);
    }

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

    // ================================================================== rejections and exceptions

    private ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder().matchAny(t -> complete(HttpError.toResponse(t))).build();
    }

    private RejectionHandler rejections() {
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
                        "request refused: " + cut(r.toString()))))
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
        return Json.error(StatusCodes.BAD_REQUEST, "bad_body", "body: malformed JSON: " + cut(String.valueOf(why)));
    }

    // ================================================================== arguments

    /** The live process {@code ref} names; 400 for a bad form, 404 for no such process. */
    Pid pid(String ref) {
        return services.node.processes().lookup(ref)
                .orElseThrow(() -> HttpError.notFound("noproc", "no such process: " + cut(ref)));
    }

    /** The attribute parameter {@code name}, parsed by {@code parse}; 400 bad_attribute naming {@code wireNames} otherwise. */
    static <T> T attribute(Map<String, String> p, String name, Function<String, Optional<T>> parse, String wireNames) {
        String v = p.get(name);
        if (v == null) {
            throw HttpError.badRequest("bad_attribute", name + ": missing, expected one of " + wireNames);
        }
        return parse.apply(v).orElseThrow(() -> HttpError.badRequest("bad_attribute",
                name + ": bad value '" + cut(v) + "', expected one of " + wireNames));
    }

    private static ProcessAttribute attribute(Map<String, String> p, String name) {
        return attribute(p, name, ProcessAttribute::parse, ProcessAttribute.wireNames());
    }

    int limit(Map<String, String> p) {
        String v = p.get("limit");
        if (v == null) {
            return settings.defaultLimit();
        }
        return (int) number(v, "limit", "bad_limit", 1, settings.maxLimit());
    }

    /** The {@code ms} parameter of the window routes. */
    Duration window(Map<String, String> p) {
        String v = p.get("ms");
        if (v == null) {
            return settings.defaultWindow();
        }
        return Duration.ofMillis(number(v, "ms", "bad_ms", 1, settings.maxWindow().toMillis()));
    }

    Duration timeout(Map<String, String> p) {
        String v = p.get("timeoutMs");
        if (v == null) {
            return settings.defaultTimeout();
        }
        return Duration.ofMillis(number(v, "timeoutMs", "bad_timeout", 1, settings.maxTimeout().toMillis()));
    }

    private static long number(String v, String name, String code, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(code, name + ": bad value '" + cut(v) + "', expected an integer from "
                    + min + " to " + max);
        }
        if (n < min || n > max) {
            throw HttpError.badRequest(code, name + ": bad value " + n + ", expected an integer from " + min + " to " + max);
        }
        return n;
    }

    private static boolean requiredBoolean(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isBoolean()) {
            throw HttpError.badRequest("bad_body", field + ": " + (v == null ? "missing" : "bad value " + cut(v.toString()))
                    + ", expected true or false, as in {\"" + field + "\": true}");
        }
        return v.booleanValue();
    }

    static String cut(String s) {
        return s == null ? null : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    Introspection services() {
        return services;
    }
}
