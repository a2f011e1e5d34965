package io.medic.introspection;

import akka.actor.ActorSystem;
import io.medic.runtime.Node;
import io.medic.supervision.Applications;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Akka Management liveness check ({@code /alive}): not alive once a permanent application has
 * terminated ({@link Applications#permanentTerminated()}; the node is then going down, as an Erlang node
 * does when a permanent application stops). Registered by the introspection module's
 * {@code reference.conf} as {@code akka.management.health-checks.liveness-checks.medic}.
 */
public final class MedicLivenessCheck implements Supplier<CompletionStage<Boolean>> {
    private final Node node;

    /** Called by Akka Management. */
    public MedicLivenessCheck(ActorSystem system) {
        this.node = Node.get(system);
    }

    @Override
    public CompletionStage<Boolean> get() {
        return CompletableFuture.completedFuture(!Applications.of(node).permanentTerminated());
    }
}
