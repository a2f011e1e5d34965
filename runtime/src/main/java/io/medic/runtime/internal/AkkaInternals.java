package io.medic.runtime.internal;

import akka.actor.ActorCell;
import akka.actor.InternalActorRef;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.TypedActorContext;
import akka.actor.typed.internal.BehaviorImpl;
import akka.actor.typed.internal.adapter.PropsAdapter;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;

/**
 * INTERNAL API
 *
 * <p>The one class of Medic that depends on Akka 2.6.21's internals (classes Akka marks
 * {@code INTERNAL API} or {@code private[akka]}, which may change in any release). Everything else
 * in Medic uses Akka's public API only; upgrading Akka means checking this class, and nothing else.
 * Each use, and why Akka's public API does not do:
 *
 * <ul>
 *   <li>{@link #startWith}: a process's initial behaviour is a {@code BehaviorImpl.DeferredBehavior}
 *       holding one reference. Akka's props keep the initial behaviour for the actor's whole life;
 *       {@code Behaviors.setup(ctx -> ...)} would keep a deferred behaviour and two lambdas (40 bytes
 *       more per process) for the same effect.</li>
 *   <li>{@link #stopOutOfBand}: a kill must stop the actor before any message queued for it is handled
 *       (Erlang's {@code exit(Pid, kill)}). {@code InternalActorRef.stop()} sends Akka's system message
 *       {@code Terminate} straight to the actor; the public {@code ActorContext.stop} only works on
 *       one's own children, and {@code ActorSystem.stop} routes a top-level actor's stop through its
 *       guardian's mailbox, behind other messages.</li>
 *   <li>{@link #mailboxQueueOf}: a process's record links its mailbox's queue (for
 *       {@code message_queue_len} in O(1)) through the classic {@code ActorCell}'s mailbox; Akka has
 *       no public way to reach an actor's message queue.</li>
 *   <li>{@link #spawnTopLevel}: a top-level Medic process is spawned without the stop supervisor that
 *       Akka's public {@code Adapter.spawn} wraps around every top-level typed actor (an interceptor
 *       level on every message: 4-6 % of a trivial ping-pong's throughput). Medic's processes handle
 *       their own failures as that supervisor would (see {@code PlainProcess}); the public API has
 *       no way to spawn a typed actor at the top without it, so the classic props are made with
 *       Akka's {@code PropsAdapter}.</li>
 *   <li>{@link #failureCause}: a wrapped behaviour may return Akka's failed behaviour (what a
 *       {@code supervise(..).onFailure(stop())} inside it returns after catching an exception); its
 *       cause becomes the process's exit reason, and only {@code BehaviorImpl.FailedBehavior} carries
 *       it.</li>
 *   <li>{@link #dispatcherThreads}: the system monitor's busy_dispatcher compares a dispatcher's busy
 *       threads with its parallelism, which only the dispatcher's executor ({@code executorService},
 *       {@code private[akka]} to Scala, public to Java) knows.</li>
 * </ul>
 *
 * <p>Stateless; thread-safe.
 */
public final class AkkaInternals {
    private AkkaInternals() {
    }

    /** What a process runs when its actor starts: returns the behaviour to continue with. */
    @FunctionalInterface
    public interface Starter {
        Behavior<Object> start(TypedActorContext<Object> context);
    }

    /**
     * A one-object initial behaviour that calls {@code starter} when the actor starts (and again,
     * like any deferred behaviour, if Akka restarts the actor in place).
     */
    public static Behavior<Object> startWith(Starter starter) {
        return new Start(starter);
    }

    /** Stops the actor behind {@code ref} now, before the messages queued for it: Akka's {@code Terminate}. */
    public static void stopOutOfBand(ActorRef<?> ref) {
        ((InternalActorRef) Adapter.toClassic(ref)).stop();
    }

    /**
     * Spawns {@code behavior} as a top-level actor of {@code system} named {@code name}, with
     * {@code props} (mailbox, dispatcher), and no supervisor around it: a failure that escapes it goes
     * to the classic user guardian, so the behaviour must not let one escape.
     *
     * @throws UnsupportedOperationException if the system's user guardian is a typed behaviour
     *     (ActorTestKit...), which refuses top-level actors from outside
     */
    static ActorRef<Object> spawnTopLevel(akka.actor.ActorSystem system, Behavior<Object> behavior, String name,
                                          akka.actor.typed.Props props) {
        return Adapter.toTyped(system.actorOf(PropsAdapter.apply(() -> behavior, props, false), name));
    }

    /** Medic's queue (any policy) behind the mailbox of the actor owning {@code ctx}, or null if it has another mailbox. */
    static MailboxQueue mailboxQueueOf(ActorContext<?> ctx) {
        akka.actor.ActorContext classic = Adapter.toClassic(ctx);
        if (classic instanceof ActorCell cell && cell.mailbox().messageQueue() instanceof MailboxQueue q) {
            return q;
        }
        return null;
    }

    /**
     * The threads dispatcher {@code id} of {@code system} runs actors on: a fork-join pool's parallelism,
     * a thread pool's maximum size; -1 when unknown (another kind of dispatcher or executor).
     */
    static int dispatcherThreads(akka.actor.ActorSystem system, String id) {
        try {
            akka.dispatch.MessageDispatcher md = system.dispatchers().lookup(id);
            if (md instanceof akka.dispatch.Dispatcher d) {
                java.util.concurrent.ExecutorService ex = d.executorService().executor();
                if (ex instanceof java.util.concurrent.ForkJoinPool fjp) {
                    return fjp.getParallelism();
                }
                if (ex instanceof java.util.concurrent.ThreadPoolExecutor tpe) {
                    return tpe.getMaximumPoolSize();
                }
            }
        } catch (RuntimeException e) {
            // not a dispatcher Medic can read
        }
        return -1;
    }

    /** The cause carried by Akka's failed behaviour, or null if {@code behavior} is not one. */
    static Throwable failureCause(Behavior<?> behavior) {
        return behavior instanceof BehaviorImpl.FailedBehavior f ? f.cause() : null;
    }

    private static final class Start extends BehaviorImpl.DeferredBehavior<Object> {
        private final Starter starter;

        Start(Starter starter) {
            this.starter = starter;
        }

        @Override
        public Behavior<Object> apply(TypedActorContext<Object> ctx) {
            return starter.start(ctx);
        }

        @Override
        public String toString() {
            return "Start(" + starter + ")";
        }
    }
}
