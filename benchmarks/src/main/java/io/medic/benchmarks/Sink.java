package io.medic.benchmarks;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.medic.runtime.GenServer;
import java.util.concurrent.CountDownLatch;

/**
 * The receiver of a burst: counts balls and opens a latch when the expected number has been handled.
 * As a plain behaviour ({@link #create()}) and as a GenServer ({@link Server}), same logic.
 */
final class Sink {
    private Sink() {
    }

    /** Announces a burst of {@code n} balls; sent before the burst, from the same thread. */
    record Expect(int n, CountDownLatch done) {
    }

    /** Counting shared by both forms. */
    static final class Count {
        private int remaining;
        private CountDownLatch done;

        void expect(Expect e) {
            remaining = e.n();
            done = e.done();
        }

        void onBall() {
            if (--remaining == 0) {
                done.countDown();
            }
        }
    }

    static Behavior<Object> create() {
        return Behaviors.setup(Plain::new);
    }

    static final class Plain extends AbstractBehavior<Object> {
        private final Count count = new Count();

        Plain(ActorContext<Object> ctx) {
            super(ctx);
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessageEquals(Ball.BALL, this::onBall)
                    .onMessage(Expect.class, this::onExpect)
                    .build();
        }

        private Behavior<Object> onBall() {
            count.onBall();
            return this;
        }

        private Behavior<Object> onExpect(Expect e) {
            count.expect(e);
            return this;
        }
    }

    static final class Server extends GenServer<Count> {
        @Override
        protected Init<Count> init() {
            return ok(new Count());
        }

        @Override
        protected Result<Count> handleCast(Object message, Count count) {
            if (message == Ball.BALL) {
                count.onBall();
            } else if (message instanceof Expect e) {
                count.expect(e);
            }
            return noreply(count);
        }
    }
}
