package io.medic.cluster.internal;

import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.cluster.Cluster;
import akka.cluster.ClusterActorRefProvider;
import akka.cluster.MemberStatus;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * INTERNAL API
 *
 * <p>An Akka Management readiness check ({@code akka.management.health-checks.readiness-checks.medic-cluster}):
 * a cluster node is ready once it is {@code Up} (or {@code WeaklyUp}) in its cluster, as Akka Management's
 * own {@code ClusterMembershipCheck} decides; a node that is not in a cluster is ready as far as this check
 * goes. Medic's own, rather than akka-management-cluster-http's: that module's {@code reference.conf}
 * registers a check and routes that make a node outside a cluster fail to start its management server,
 * and its routes would be outside Medic's authentication (docs/cluster.md#joining).
 */
public final class MembershipReadiness implements Supplier<CompletionStage<Boolean>> {
    private final Cluster cluster;

    public MembershipReadiness(ActorSystem system) {
        this.cluster = ((ExtendedActorSystem) system).provider() instanceof ClusterActorRefProvider ? Cluster.get(system) : null;
    }

    @Override
    public CompletionStage<Boolean> get() {
        if (cluster == null) {
            return CompletableFuture.completedFuture(true);
        }
        MemberStatus s = cluster.selfMember().status();
        return CompletableFuture.completedFuture(s == MemberStatus.up() || s == MemberStatus.weaklyUp());
    }
}
