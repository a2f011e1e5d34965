package io.medic.introspection;

import akka.actor.ExtendedActorSystem;
import akka.http.javadsl.server.Route;
import akka.management.javadsl.ManagementRouteProvider;
import akka.management.javadsl.ManagementRouteProviderSettings;
import io.medic.introspection.internal.BasicAuth;
import io.medic.introspection.internal.Introspection;
import io.medic.introspection.internal.MedicRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Medic's routes on Akka Management's HTTP server: recon and sys as JSON under {@code /medic}
 * (route-by-route reference: docs/introspection.md). Registered by the introspection module's
 * {@code reference.conf} as {@code akka.management.http.routes.medic}; Akka Management constructs it
 * once per ActorSystem.
 *
 * <p>The mutating routes (replace_state, statistics and log on/off, suspend, resume, kill) exist only
 * when {@code akka.management.http.route-providers-read-only = false}, which Akka Management leaves
 * every provider to enforce. When {@code medic.http.auth} has users, every {@code /medic} route needs
 * their HTTP Basic credentials and the mutating ones the {@code admin} role; Akka Management's own
 * health routes ({@code /ready}, {@code /alive}) stay open. Start the server with
 * {@link MedicManagement#start} so that the routes run on their own dispatcher.
 */
public final class MedicRouteProvider implements ManagementRouteProvider {
    private static final Logger LOG = LoggerFactory.getLogger(MedicRouteProvider.class);

    private final Introspection services;
    private final BasicAuth auth;

    /** Called by Akka Management. */
    public MedicRouteProvider(ExtendedActorSystem system) {
        this.services = Introspection.get(system);
        this.auth = services.auth;
    }

    @Override
    public Route routes(ManagementRouteProviderSettings settings) {
        boolean readOnly = settings.readOnly();
        if (!readOnly && !auth.enabled()) {
            LOG.warn("Medic's mutating /medic routes (replace_state, suspend, kill ...) are enabled "
                    + "(akka.management.http.route-providers-read-only = false) without authentication: "
                    + "configure users under medic.http.auth");
        }
        return new MedicRoutes(services, auth, readOnly).route();
    }
}
