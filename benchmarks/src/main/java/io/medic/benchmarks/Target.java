package io.medic.benchmarks;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import io.medic.runtime.GenServer;
import io.medic.runtime.InitResult;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Spawned;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A top-level actor of one {@link Kind}, spawned on a node, and how to message it: {@code tell} for a
 * plain behaviour (spawned by Akka or by Medic), {@code GenServer.cast} for a GenServer.
 */
abstract class Target {
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicLong SEQ = new AtomicLong();

    /** Sends a message the way a user of this kind would. */
    abstract void tell(Object message);

    /** What a peer stores to message this one: an {@code ActorRef<Object>} or a {@link Pid}. */
    abstract Object address();

    /**
     * Spawns a started actor of {@code kind}: {@code behavior} for the plain kinds, {@code server} for a
     * GenServer, on {@code dispatcher} (a config path, or null for Akka's default dispatcher). Plain actors
     * are spawned with {@code Adapter.spawn} in the node's ActorSystem, so they run on the same dispatcher
     * as the Medic processes but keep Akka's default mailbox.
     */
    static Target spawn(Node node, Kind kind, String dispatcher, Supplier<Behavior<Object>> behavior,
                        Supplier<GenServer<?>> server) {
        SpawnOptions options = dispatcher == null ? SpawnOptions.DEFAULT : SpawnOptions.DEFAULT.withDispatcher(dispatcher);
        Props props = dispatcher == null ? Props.empty() : DispatcherSelector.fromConfig(dispatcher);
        switch (kind) {
            case PLAIN:
                return new Ref(Adapter.spawn(node.classicSystem(), behavior.get(), "plain" + SEQ.incrementAndGet(), props));
            case MEDIC_GENSERVER:
                return new Server(GenServer.startSync(node, server.get(), options, START_TIMEOUT));
            case MEDIC_BEHAVIOR:
                Spawned<Object> s = Medic.spawn(node, behavior.get(), options);
                InitResult r = s.initialized().toCompletableFuture().join();
                if (!(r instanceof InitResult.Started)) {
                    throw new IllegalStateException("start of " + s.pid() + " failed: " + r);
                }
                return new Ref(s.ref());
            default:
                throw new IllegalStateException(kind.toString());
        }
    }

    /** Waits for {@code latch}, failing the benchmark rather than hanging if it never opens. */
    static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(what + " did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static final class Ref extends Target {
        private final ActorRef<Object> ref;

        Ref(ActorRef<Object> ref) {
            this.ref = ref;
        }

        @Override
        void tell(Object message) {
            ref.tell(message);
        }

        @Override
        Object address() {
            return ref;
        }
    }

    private static final class Server extends Target {
        private final Pid pid;

        Server(Pid pid) {
            this.pid = pid;
        }

        @Override
        void tell(Object message) {
            GenServer.cast(pid, message);
        }

        @Override
        Object address() {
            return pid;
        }
    }
}
