package io.medic.introspection.internal;

import akka.actor.ActorSystem;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.settings.ServerSettings;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
        String basePath = ms.getBasePath().map(p -> "/" + p).orElse("");
        Route route = management.getRoutes();
        Materializer materializer = materializer(system, services.settings.dispatcher());
        Function1<akka.http.scaladsl.model.HttpRequest, Future<akka.http.scaladsl.model.HttpResponse>> handler =
                handler(route, config, system, materializer, services);
        ServerSettings defaults = ServerSettings.create(system);
        ServerSettings serverSettings = defaults
                .withRemoteAddressAttribute(true)
                // accept a raw <0.N.0> in the path as curl sends it, on this server only
                .withParserSettings(defaults.getParserSettings().withUriParsingMode(Uri.RELAXED));
        LOG.info("binding Medic management HTTP endpoint to {}:{} (dispatcher {})", host, port,
                services.settings.dispatcher());
        // The Scala DSL server builder: the Java DSL one maps every response from the Java to the Scala
        // model on the system dispatcher, i.e. the default dispatcher.
        Future<akka.http.scaladsl.Http.ServerBinding> binding = akka.http.scaladsl.Http.apply(system)
                .newServerAt(host, port)
                .withSettings((akka.http.scaladsl.settings.ServerSettings) serverSettings)
                .withMaterializer(materializer)
                .bind(handler);
        return FutureConverters.asJava(binding)
                .thenApply(b -> bound(system, new ServerBinding(b), ms, basePath));
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

    private static URI bound(ActorSystem system, ServerBinding binding, AkkaManagementSettings ms, String basePath) {
        binding.addToCoordinatedShutdown(HARD_TERMINATION, system);
        InetSocketAddress local = binding.localAddress();
        boolean loopback = local.getAddress() != null && local.getAddress().isLoopbackAddress();
        String host = local.getAddress() == null || local.getAddress().isAnyLocalAddress()
                ? ms.getHttpHostname() : local.getAddress().getHostAddress();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        URI uri = URI.create("http://" + host + ":" + local.getPort() + basePath);
        if (!loopback) {
            LOG.warn("Medic management HTTP endpoint is bound to {}, which is not a loopback address: /medic "
                    + "exposes process state and metrics to whoever can reach it. Bind to 127.0.0.1 "
                    + "(akka.management.http.hostname / bind-hostname) or configure medic.http.auth and a "
                    + "firewall.", local);
        }
        LOG.info("Medic management HTTP endpoint bound to {}", uri);
        return uri;
    }
}
