package io.medic.cluster.internal;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;

/**
 * INTERNAL API
 *
 * <p>The Akka extension id of {@link ClusterServices}, listed in {@code akka.library-extensions} by the
 * module's {@code reference.conf} so that a node with the module on its classpath and
 * {@code akka.actor.provider = cluster} starts its cluster services with its ActorSystem. Akka loads a
 * library extension by its {@code MODULE$} field (what a Scala object compiles to), hence the name.
 */
public final class ClusterStartup extends AbstractExtensionId<ClusterServices> {
    /** The one instance (Akka's extension ids compare by identity). */
    @SuppressWarnings("checkstyle:ConstantName")
    public static final ClusterStartup MODULE$ = new ClusterStartup();

    private ClusterStartup() {
    }

    @Override
    public ClusterServices createExtension(ExtendedActorSystem system) {
        return new ClusterServices(system);
    }
}
