package io.medic.supervision;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Spawned;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a supervisor starts one incarnation of a child: OTP's {@code start} MFA. It spawns the child as
 * a Medic process under the supervisor and returns at once; the supervisor then waits for the child's
 * init to finish ({@link Spawned#initialized()}) before it starts the next one.
 */
@FunctionalInterface
public interface ChildStart {

    /**
     * Spawns the child. Called on the supervisor's own thread.
     *
     * @param parent  the supervisor's actor context: spawn the child with it
     * @param options name, restart count... to pass on to the spawn
     * @param args    the extra arguments of a {@code simple_one_for_one} {@code start_child}; empty otherwise
     */
    Spawned<?> start(ActorContext<?> parent, SpawnOptions options, List<Object> args);

    /** A GenServer made fresh by {@code factory} for every (re)start. */
    static ChildStart genServer(Supplier<? extends GenServer<?>> factory) {
        Objects.requireNonNull(factory, "factory");
        return (parent, options, args) -> GenServer.spawn(parent, factory.get(), options);
    }

    /** A GenServer made from {@code start_child}'s extra arguments (for {@code simple_one_for_one}). */
    static ChildStart genServerWithArgs(Function<List<Object>, ? extends GenServer<?>> factory) {
        Objects.requireNonNull(factory, "factory");
        return (parent, options, args) -> GenServer.spawn(parent, factory.apply(args), options);
    }

    /** A plain Akka behaviour made fresh by {@code factory} for every (re)start. */
    static ChildStart behavior(Supplier<? extends Behavior<?>> factory) {
        Objects.requireNonNull(factory, "factory");
        return (parent, options, args) -> Medic.spawn(parent, factory.get(), options);
    }

    /** A child supervisor with this spec. */
    static ChildStart supervisor(SupervisorSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return (parent, options, args) -> Supervisor.spawn(parent, spec, options);
    }
}
