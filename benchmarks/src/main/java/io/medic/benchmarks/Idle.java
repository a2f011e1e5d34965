package io.medic.benchmarks;

import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.SpawnOptions;
import java.util.concurrent.CountDownLatch;

/**
 * Idle processes for the heap and spawn measurements, and the {@link Spawner} that spawns them.
 *
 * <p>An idle process holds one {@code long} of state and waits. Each kind counts a latch down once it
 * has started (plain: in {@code Behaviors.setup}; GenServer: in {@code init}), so "started" means
 * the same for all. Nothing but the ActorSystem (and, for Medic, the process table) keeps them.
 */
final class Idle {
    private Idle() {
    }

    /** Asks a {@link Spawner} to spawn {@code n} idle children of {@code kind}. */
    record SpawnChildren(Kind kind, int n, CountDownLatch started) {
    }

    /** The plain idle actor: a behaviour instance per actor with one field of state. */
    static Behavior<Object> plain(CountDownLatch started) {
        return Behaviors.setup(ctx -> {
            started.countDown();
            return new Plain(ctx);
        });
    }

    static final class Plain extends AbstractBehavior<Object> {
        private long state;

        Plain(ActorContext<Object> ctx) {
            super(ctx);
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder().onAnyMessage(m -> {
                state++;
                return this;
            }).build();
        }
    }

    /** The GenServer idle process; its latch is dropped once started, so it retains nothing extra. */
    static final class Server extends GenServer<Long> {
        private CountDownLatch started;

        Server(CountDownLatch started) {
            this.started = started;
        }

        @Override
        protected Init<Long> init() {
            started.countDown();
            started = null;
            return ok(0L);
        }

        @Override
        protected Result<Long> handleCast(Object message, Long n) {
            return noreply(n + 1);
        }
    }

    /**
     * A plain actor that spawns children on request and counts {@code stopped} down in its PostStop,
     * which Akka runs only after every child has fully stopped: stopping it stops them all, and the latch
     * says when that is done.
     */
    static final class Spawner extends AbstractBehavior<Object> {
        private final CountDownLatch stopped;

        private Spawner(ActorContext<Object> ctx, CountDownLatch stopped) {
            super(ctx);
            this.stopped = stopped;
        }

        static Behavior<Object> create(CountDownLatch stopped) {
            return Behaviors.setup(ctx -> new Spawner(ctx, stopped));
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessage(SpawnChildren.class, this::onSpawn)
                    .onSignal(PostStop.class, s -> {
                        stopped.countDown();
                        return this;
                    })
                    .build();
        }

        private Behavior<Object> onSpawn(SpawnChildren s) {
            ActorContext<Object> ctx = getContext();
            switch (s.kind()) {
                case PLAIN -> {
                    for (int i = 0; i < s.n(); i++) {
                        // named like Medic's children ("prefix-N"): Akka's spawnAnonymous is ~40% slower here
                        ctx.spawn(plain(s.started()), "plain-" + i);
                    }
                }
                case MEDIC_GENSERVER -> {
                    for (int i = 0; i < s.n(); i++) {
                        GenServer.spawn(ctx, new Server(s.started()), SpawnOptions.DEFAULT);
                    }
                }
                case MEDIC_BEHAVIOR -> {
                    for (int i = 0; i < s.n(); i++) {
                        Medic.spawn(ctx, plain(s.started()), SpawnOptions.DEFAULT);
                    }
                }
                default -> throw new IllegalStateException(s.kind().toString());
            }
            return this;
        }
    }
}
