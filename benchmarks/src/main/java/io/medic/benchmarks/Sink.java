package io.medic.benchmarks;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
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

    /** The plain form, written like {@link Player}: a receive function returning {@code same}. */
    static Behavior<Object> create() {
        return Behaviors.setup(ctx -> {
            Count count = new Count();
            return Behaviors.receive((c, msg) -> {
                if (msg == Ball.BALL) {
                    count.onBall();
                } else if (msg instanceof Expect e) {
                    count.expect(e);
                }
                return Behaviors.same();
            });
        });
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
