package io.medic.introspection;

import akka.actor.ActorSystem;
import io.medic.runtime.Node;
import io.medic.supervision.Applications;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Akka Management readiness check ({@code /ready}): ready when every application the node was asked
 * to start has started ({@link Applications#allStarted()}). Registered by the introspection module's
 * {@code reference.conf} as {@code akka.management.health-checks.readiness-checks.medic}.
 */
public final class MedicReadinessCheck implements Supplier<CompletionStage<Boolean>> {
    private final Node node;

    /** Called by Akka Management. */
    public MedicReadinessCheck(ActorSystem system) {
        this.node = Node.get(system);
    }

    @Override
    public CompletionStage<Boolean> get() {
        return CompletableFuture.completedFuture(Applications.of(node).allStarted());
    }
}
