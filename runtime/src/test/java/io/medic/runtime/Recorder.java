package io.medic.runtime;

import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A GenServer for tests, driven by command messages; any other call, cast or info is appended to its
 * state (a list), so tests can check exactly what was handled and in which order.
 *
 * <ul>
 *   <li>{@link Block}: waits at its {@link Gate} inside the handler;</li>
 *   <li>{@link Crash}: throws the given exception;</li>
 *   <li>{@link StopWith}: returns stop with the reason (with a reply "stopping" for calls);</li>
 *   <li>{@link Exec}: runs an action inside the handler (a call replies with its result);</li>
 *   <li>{@link #GET} (call): replies with a copy of the state;</li>
 *   <li>{@link #NO_REPLY} (call): returns noreply and hands the {@link From} to {@link #froms}.</li>
 * </ul>
 * {@link #terminated} completes with the reason given to {@code terminate}; {@link #terminateCalls}
 * counts its calls.
 */
class Recorder extends GenServer<List<Object>> {
    static final String GET = "get";
    static final String NO_REPLY = "no-reply";

    record Crash(RuntimeException error) {
    }

    record StopWith(ExitReason reason) {
    }

    @FunctionalInterface
    interface Action {
        Object run(Recorder self) throws Exception;
    }

    record Exec(Action action) {
    }

    final CompletableFuture<ExitReason> terminated = new CompletableFuture<>();
    final AtomicInteger terminateCalls = new AtomicInteger();
    final BlockingQueue<From> froms = new LinkedBlockingQueue<>();

    @Override
    protected Init<List<Object>> init() throws Exception {
        return ok(new ArrayList<>());
    }

    @Override
    protected Result<List<Object>> handleCall(Object request, From from, List<Object> state) throws Exception {
        if (request instanceof Block b) {
            b.gate().pass();
            return reply("unblocked", state);
        }
        if (request instanceof Crash c) {
            throw c.error();
        }
        if (request instanceof StopWith s) {
            return stop(s.reason(), "stopping", state);
        }
        if (request instanceof Exec e) {
            return reply(e.action().run(this), state);
        }
        if (GET.equals(request)) {
            return reply(List.copyOf(state), state);
        }
        if (NO_REPLY.equals(request)) {
            froms.add(from);
            return noreply(state);
        }
        state.add(request);
        return reply(request, state);
    }

    @Override
    protected Result<List<Object>> handleCast(Object message, List<Object> state) throws Exception {
        if (message instanceof Block b) {
            b.gate().pass();
            return noreply(state);
        }
        if (message instanceof Crash c) {
            throw c.error();
        }
        if (message instanceof StopWith s) {
            return stop(s.reason(), state);
        }
        if (message instanceof Exec e) {
            e.action().run(this);
            return noreply(state);
        }
        state.add(message);
        return noreply(state);
    }

    @Override
    protected Result<List<Object>> handleInfo(Object message, List<Object> state) throws Exception {
        state.add(message);
        return noreply(state);
    }

    @Override
    protected void terminate(ExitReason reason, List<Object> state) {
        terminateCalls.incrementAndGet();
        terminated.complete(reason);
    }

    // expose the protected helpers to Exec actions (tests run in this package)
    Pid pid() {
        return self();
    }

    akka.actor.typed.javadsl.ActorContext<Object> ctx() {
        return context();
    }
}
