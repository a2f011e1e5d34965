package io.medic.benchmarks;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;

/**
 * A ping-pong player as a plain Akka Typed behaviour (used for {@link Kind#PLAIN} and, spawned
 * through Medic, for {@link Kind#MEDIC_BEHAVIOR}).
 *
 * <p>Written in the cheapest idiomatic form, so that the baseline is as fast as plain Akka gets: a
 * {@code Behaviors.receive} function (the receive builder of {@code AbstractBehavior} allocates two
 * objects per message) that returns {@code Behaviors.same()} (returning {@code this} from a top-level
 * actor makes Akka re-wrap the stop supervisor {@code Adapter.spawn} puts around it, 88 bytes per
 * message).
 *
 * <p>{@link #createAbstractBehavior} is the other common form, as Akka's documentation writes it: an
 * {@link AbstractBehavior} with a receive builder whose handlers return {@code this}. Selected with the
 * benchmark parameter {@code style=abstractBehavior}; it shows what a wrapper around such a behaviour
 * costs when the behaviour "changes" to itself on every message.
 */
final class Player {
    private final Rally rally;
    private ActorRef<Object> peer;

    private Player(long workTokens) {
        this.rally = new Rally(workTokens);
    }

    static Behavior<Object> create(long workTokens) {
        return Behaviors.setup(ctx -> {
            Player p = new Player(workTokens);
            return Behaviors.receive((c, msg) -> p.onMessage(msg));
        });
    }

    /** The same player as an {@link AbstractBehavior} returning {@code this}. */
    static Behavior<Object> createAbstractBehavior(long workTokens) {
        return Behaviors.setup(ctx -> new Classic(ctx, new Player(workTokens)));
    }

    private static final class Classic extends AbstractBehavior<Object> {
        private final Player p;

        Classic(ActorContext<Object> ctx, Player p) {
            super(ctx);
            this.p = p;
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder().onAnyMessage(msg -> {
                p.onMessage(msg);
                return this;
            }).build();
        }
    }

    @SuppressWarnings("unchecked")
    private Behavior<Object> onMessage(Object msg) {
        if (msg == Ball.BALL) {
            if (rally.onBall()) {
                peer.tell(Ball.BALL);
            }
        } else if (msg instanceof Rally.Serve s) {
            for (int i = rally.serve(s); i > 0; i--) {
                peer.tell(Ball.BALL);
            }
        } else if (msg instanceof Rally.Peer p) {
            peer = (ActorRef<Object>) p.peer();
        }
        return Behaviors.same();
    }
}
