package io.medic.benchmarks;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * A node full of GenServers that differ, for the introspection benchmarks: {@code n} processes under
 * {@code n / 10,000} plain parents, each holding a {@code long[]} of 0 to 63 elements (so their
 * {@code memory} differs) and each sent 1 to 4 casts (so their {@code reductions} and
 * {@code messages_in} differ). Seeded: the same population every run. Built before a measurement,
 * stopped after it.
 */
final class Population implements AutoCloseable {
    /** Children per plain parent: Akka keeps a parent's children in an immutable tree map. */
    static final int PER_PARENT = 10_000;

    private final List<ActorRef<Object>> parents = new ArrayList<>();
    private final CountDownLatch stopped;
    private final Node node;

    private Population(Node node, int parentCount) {
        this.node = node;
        this.stopped = new CountDownLatch(parentCount);
    }

    /** Spawns {@code n} processes, waits until all have started and handled their casts. */
    static Population spawn(Node node, int n, long seed) {
        int parentCount = (n + PER_PARENT - 1) / PER_PARENT;
        Population p = new Population(node, parentCount);
        SplittableRandom random = new SplittableRandom(seed);
        int[] sizes = new int[n];
        int[] casts = new int[n];
        long totalCasts = 0;
        for (int i = 0; i < n; i++) {
            sizes[i] = random.nextInt(64);
            casts[i] = 1 + random.nextInt(4);
            totalCasts += casts[i];
        }
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch handled = new CountDownLatch(Math.toIntExact(totalCasts));
        for (int k = 0; k < parentCount; k++) {
            int from = k * PER_PARENT;
            int to = Math.min(n, from + PER_PARENT);
            p.parents.add(Adapter.spawn(node.classicSystem(),
                    parent(from, to, sizes, casts, started, handled, p.stopped), "population-" + k));
        }
        Target.await(started, "the start of " + n + " processes");
        Target.await(handled, "the " + totalCasts + " casts to " + n + " processes");
        return p;
    }

    private static Behavior<Object> parent(int from, int to, int[] sizes, int[] casts, CountDownLatch started,
                                           CountDownLatch handled, CountDownLatch stopped) {
        return Behaviors.setup(ctx -> {
            for (int i = from; i < to; i++) {
                Pid pid = GenServer.spawn(ctx, new Sized(sizes[i], started, handled), SpawnOptions.DEFAULT).pid();
                for (int c = 0; c < casts[i]; c++) {
                    GenServer.cast(pid, c);
                }
            }
            return Behaviors.receive(Object.class)
                    .onSignal(PostStop.class, s -> {
                        stopped.countDown();
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** Stops every process and waits until all are gone. */
    @Override
    public void close() {
        for (ActorRef<Object> parent : parents) {
            node.classicSystem().stop(Adapter.toClassic(parent));
        }
        Target.await(stopped, "the stop of the population");
    }

    /** A process whose state is an array of a given length; it counts its casts in the first element. */
    static final class Sized extends GenServer<long[]> {
        private final int size;
        private CountDownLatch started;
        private CountDownLatch handled;

        Sized(int size, CountDownLatch started, CountDownLatch handled) {
            this.size = size;
            this.started = started;
            this.handled = handled;
        }

        @Override
        protected Init<long[]> init() {
            started.countDown();
            started = null;
            return ok(new long[Math.max(1, size)]);
        }

        @Override
        protected Result<long[]> handleCast(Object message, long[] state) {
            state[0]++;
            handled.countDown();
            return noreply(state);
        }
    }
}
