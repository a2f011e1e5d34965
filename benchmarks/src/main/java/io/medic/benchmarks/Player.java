package io.medic.benchmarks;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;

/**
 * A ping-pong player as a plain Akka Typed behaviour (used for {@link Kind#PLAIN} and, spawned
 * through Medic, for {@link Kind#MEDIC_BEHAVIOR}). The idiomatic Java form: an {@link AbstractBehavior}
 * with a receive builder, the ball matched first.
 */
final class Player extends AbstractBehavior<Object> {
    private final Rally rally;
    private ActorRef<Object> peer;

    private Player(ActorContext<Object> ctx, long workTokens) {
        super(ctx);
        this.rally = new Rally(workTokens);
    }

    static Behavior<Object> create(long workTokens) {
        return Behaviors.setup(ctx -> new Player(ctx, workTokens));
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Ball.BALL, this::onBall)
                .onMessage(Rally.Serve.class, this::onServe)
                .onMessage(Rally.Peer.class, this::onPeer)
                .build();
    }

    private Behavior<Object> onBall() {
        if (rally.onBall()) {
            peer.tell(Ball.BALL);
        }
        return this;
    }

    private Behavior<Object> onServe(Rally.Serve s) {
        for (int i = rally.serve(s); i > 0; i--) {
            peer.tell(Ball.BALL);
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    private Behavior<Object> onPeer(Rally.Peer p) {
        peer = (ActorRef<Object>) p.peer();
        return this;
    }
}
