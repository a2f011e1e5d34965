package io.medic.introspection.internal;

import akka.actor.ActorSystem;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.settings.ParserSettings;
import akka.http.javadsl.settings.ServerSettings;
import akka.http.scaladsl.HttpsConnectionContext;
import akka.http.scaladsl.server.RoutingLog;
import akka.http.scaladsl.settings.RoutingSettings;
import akka.management.AkkaManagementSettings;
import akka.management.javadsl.AkkaManagement;
import akka.stream.ActorMaterializer;
import akka.stream.ActorMaterializerSettings;
import akka.stream.Materializer;
import com.typesafe.config.Config;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function1;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * INTERNAL API
 *
 * <p>Serves Akka Management's routes (Medic's and every other provider's, health checks included) on an
 * HTTP server isolated from the node's default dispatcher.
 *
 * <p>Why not {@code AkkaManagement.start()}: it binds with the system materializer, whose actors run on
 * {@code akka.stream.materializer.dispatcher} (by default {@code akka.actor.default-dispatcher}), and
 * turns the routes into a handler with {@code Route.toFunction}, whose futures run on the system
 * dispatcher (the default dispatcher too). A node whose default dispatcher is saturated by busy actors
 * would then never answer — exactly when it must. Here the connection streams run on a materializer
 * whose dispatcher is {@code medic.http.dispatcher}, and the route handler's execution context is that
 * dispatcher as well; the server is bound with the Scala DSL builder, because the Java DSL one converts
 * each response on the system dispatcher. Akka's TCP layer runs on {@code akka.actor.internal-dispatcher} and a pinned
 * selector thread, already apart from the default dispatcher. The health checks of Akka Management
 * still evaluate on the system dispatcher (Akka Management 1.1.4 gives no way to change that).
 *
 * <p>Security ({@link ServerSecurity}): HTTPS when {@code medic.http.tls} is enabled (the route providers
 * get the context through {@code ManagementRouteProviderSettings.withHttpsConnectionContext}, as with
 * {@code AkkaManagement.start}); a non-loopback bind without TLS and authentication is refused unless
 * {@code medic.http.allow-insecure-remote = on}; the {@link LoginGuard} rate-limits failed logins and
 * runs PBKDF2 checks off the HTTP threads; and {@link #serverSettings} keeps credentials and the Akka
 * HTTP version out of logs and headers.
 */
public final class ManagementServer {
    private static final Logger LOG = LoggerFactory.getLogger("io.medic.introspection.http");
    private static final Duration HARD_TERMINATION = Duration.ofSeconds(5);

    private ManagementServer() {
    }

    /** Binds once per node; later calls return the first binding's URI. */
    public static CompletionStage<URI> start(Introspection services) {
        CompletableFuture<URI> promise = new CompletableFuture<>();
        if (!services.binding.compareAndSet(null, promise)) {
            return services.binding.get();
        }
        try {
            bind(services).whenComplete((uri, err) -> {
                if (err != null) {
                    services.binding.compareAndSet(promise, null);
                    promise.completeExceptionally(err);
                } else {
                    promise.complete(uri);
                }
            });
        } catch (RuntimeException e) {
            services.binding.compareAndSet(promise, null);
            promise.completeExceptionally(e);
        }
        return promise;
    }

    private static CompletionStage<URI> bind(Introspection services) {
        ActorSystem system = services.node.classicSystem();
        Config config = system.settings().config();
        AkkaManagement management = AkkaManagement.get(system);
        AkkaManagementSettings ms = management.settings();
        String host = ms.getHttpEffectiveBindHostname();
        int port = ms.getHttpEffectiveBindPort();
        ServerSecurity security = ServerSecurity.fromConfig(config, System::getenv);
        checkRemote(host, security, services.auth);
        String basePath = ms.getBasePath().map(p -> "/" + p).orElse("");
        HttpsConnectionContext https = security.tls() == null ? null
                : akka.http.scaladsl.ConnectionContext.httpsServer(security.tls());
        // the providers see the https context (and an https selfBaseUri), as with AkkaManagement.start
        Route route = https == null ? management.getRoutes() : management.getRoutes(s -> s.withHttpsConnectionContext(https));
        Materializer materializer = materializer(system, services.settings.dispatcher());
        LoginGuard guard = new LoginGuard(services.auth, new LoginLimiter(security.rateLimit(), System::nanoTime),
                system.dispatchers().lookup(ServerSecurity.VERIFICATION_DISPATCHER), security.maxPendingVerifications(),
                basePath + "/medic");
        Function1<akka.http.scaladsl.model.HttpRequest, Future<akka.http.scaladsl.model.HttpResponse>> handler =
                guarded(guard, handler(route, config, system, materializer, services), services);
        LOG.info("binding Medic management HTTP endpoint to {}:{} ({}, dispatcher {})", host, port,
                https == null ? "http" : "https", services.settings.dispatcher());
        // The Scala DSL server builder: the Java DSL one maps every response from the Java to the Scala
        // model on the system dispatcher, i.e. the default dispatcher.
        akka.http.scaladsl.ServerBuilder builder = akka.http.scaladsl.Http.apply(system)
                .newServerAt(host, port)
                .withSettings((akka.http.scaladsl.settings.ServerSettings) serverSettings(system,
                        services.settings.longestWait()))
                .withMaterializer(materializer);
        if (https != null) {
            builder = builder.enableHttps(https);
        }
        Future<akka.http.scaladsl.Http.ServerBinding> binding = builder.bind(handler);
        return FutureConverters.asJava(binding)
                .thenApply(b -> bound(system, new ServerBinding(b), ms, basePath, https != null));
    }

    /**
     * This server's settings, over {@code akka.http.server}: no {@code Server} header (it would name the
     * Akka HTTP version); no log of a header Akka cannot parse (Akka HTTP's illegal-header warning quotes
     * the value, so a malformed {@code Authorization} header would put credentials in the log), nor of the
     * raw bytes ({@code log-unencrypted-network-bytes}); Authorization values kept out of the parser's
     * header cache; Medic's JSON for requests that cannot be parsed ({@link ParsingErrors}); the remote
     * address on each request (for the login limit and the audit log); the relaxed URI parsing that
     * lets curl send a raw {@code <0.N.0>}; and an idle timeout long enough for the longest route
     * ({@code longestWait}, see {@link RequestTimeouts#idleTimeout}): Akka HTTP closes a connection idle
     * for {@code idle-timeout} even while its request is being answered.
     */
    static ServerSettings serverSettings(ActorSystem system, Duration longestWait) {
        ServerSettings defaults = ServerSettings.create(system);
        ParserSettings parser = defaults.getParserSettings();
        Map<String, Object> cache = new HashMap<>(parser.getHeaderValueCacheLimits());
        cache.put("authorization", 0); // Akka's parser looks these limits up by the lower-case header name
        cache.put("proxy-authorization", 0);
        scala.concurrent.duration.Duration idle = defaults.getTimeouts().idleTimeout();
        Duration needed = RequestTimeouts.idleTimeout(idle.isFinite() ? Duration.ofMillis(idle.toMillis()) : null,
                longestWait);
        return defaults
                .withTimeouts(defaults.getTimeouts().withIdleTimeout(needed == null ? idle
                        : scala.concurrent.duration.FiniteDuration.create(needed.toMillis(), TimeUnit.MILLISECONDS)))
                .withRemoteAddressAttribute(true)
                .withServerHeader(Optional.empty())
                .withLogUnencryptedNetworkBytes(Optional.empty())
                .withParsingErrorHandler(ParsingErrors.class.getName())
                .withParserSettings(parser
                        .withUriParsingMode(Uri.RELAXED)
                        .withIllegalHeaderWarnings(false)
                        .withHeaderValueCacheLimits(cache));
    }

    /**
     * Refuses a bind to a non-loopback address without TLS and authentication, naming what is missing,
     * unless {@code medic.http.allow-insecure-remote = on} (then a warning).
     */
    private static void checkRemote(String host, ServerSecurity security, BasicAuth auth) {
        String missing = security.missingForRemote(host, auth.enabled());
        if (missing.isEmpty()) {
            return;
        }
        String what = "the Medic management HTTP endpoint would bind to " + host + " (akka.management.http.hostname "
                + "/ bind-hostname), which is not a loopback address, without " + missing + ": /medic exposes "
                + "process state and controls to whoever can reach it, and Basic credentials would cross the "
                + "network in clear";
        if (!security.allowInsecureRemote()) {
            throw new IllegalStateException("refusing to start: " + what + ". Configure " + missing + ", bind to "
                    + "127.0.0.1, or set medic.http.allow-insecure-remote = on to accept the risk");
        }
        LOG.warn("{} (allowed by medic.http.allow-insecure-remote = on)", what);
    }

    /**
     * The handler behind the {@link LoginGuard}: a request it stops gets its answer, the others go on to
     * {@code inner} on the Medic dispatcher (a PBKDF2 check completes on the verification dispatcher).
     */
    private static Function1<akka.http.scaladsl.model.HttpRequest, Future<akka.http.scaladsl.model.HttpResponse>> guarded(
            LoginGuard guard,
            Function1<akka.http.scaladsl.model.HttpRequest, Future<akka.http.scaladsl.model.HttpResponse>> inner,
            Introspection services) {
        return request -> {
            RequestTimeouts.answerInJson(request); // every route's timeout, Akka Management's included
            CompletableFuture<Optional<HttpResponse>> screened;
            try {
                screened = guard.screen(request).toCompletableFuture();
            } catch (RuntimeException e) {
                screened = CompletableFuture.failedFuture(e);
            }
            if (screened.isDone() && !screened.isCompletedExceptionally()) {
                Optional<HttpResponse> answer = screened.join();
                return answer.isEmpty() ? inner.apply(request) : Future.successful(scala(answer.get()));
            }
            CompletionStage<akka.http.scaladsl.model.HttpResponse> response = screened.thenComposeAsync(answer ->
                    answer.isEmpty() ? FutureConverters.asJava(inner.apply(request))
                            : CompletableFuture.completedFuture(scala(answer.get())), services.executor)
                    .exceptionally(err -> scala(HttpError.toResponse(err)));
            return FutureConverters.asScala(response);
        };
    }

    private static akka.http.scaladsl.model.HttpResponse scala(HttpResponse response) {
        return (akka.http.scaladsl.model.HttpResponse) response;
    }

    /** The route as a request handler whose futures run on the Medic dispatcher (not the system dispatcher). */
    @SuppressWarnings("deprecation")
    private static Function1<akka.http.scaladsl.model.HttpRequest, Future<akka.http.scaladsl.model.HttpResponse>> handler(
            Route route, Config config, ActorSystem system, Materializer materializer, Introspection services) {
        return akka.http.scaladsl.server.Route.asyncHandler(route.asScala(), RoutingSettings.apply(config),
                akka.http.scaladsl.settings.ParserSettings.apply(config), materializer, RoutingLog.fromActorSystem(system),
                services.executor, akka.http.javadsl.server.RejectionHandler.defaultHandler().asScala(), null);
    }

    /** A materializer whose stream actors and execution context are the given dispatcher. */
    @SuppressWarnings("deprecation")
    private static Materializer materializer(ActorSystem system, String dispatcher) {
        return ActorMaterializer.create(ActorMaterializerSettings.create(system).withDispatcher(dispatcher), system,
                "medic-http");
    }

    private static URI bound(ActorSystem system, ServerBinding binding, AkkaManagementSettings ms, String basePath,
                             boolean https) {
        binding.addToCoordinatedShutdown(HARD_TERMINATION, system);
        InetSocketAddress local = binding.localAddress();
        String host = local.getAddress() == null || local.getAddress().isAnyLocalAddress()
                ? ms.getHttpHostname() : local.getAddress().getHostAddress();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        URI uri = URI.create((https ? "https://" : "http://") + host + ":" + local.getPort() + basePath);
        LOG.info("Medic management HTTP endpoint bound to {}", uri);
        return uri;
    }
}
