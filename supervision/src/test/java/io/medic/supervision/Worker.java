package io.medic.supervision;

import io.medic.runtime.ExitReason;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpSocket;
import io.medic.testing.Await;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The test GenServer: records its life in a {@link Journal} ({@code init-begin:id}, {@code init:id},
 * {@code init-failed:id}, {@code ignore:id}, {@code exit-ignored:id}, {@code terminate:id:reason}) and
 * does what its {@link Script} says. Every incarnation of a child shares the script; the journal
 * counts its init attempts.
 */
final class Worker extends GenServer<Worker.State> {

    /** What init does on a given attempt. */
    enum InitMode { OK, THROW, STOP, IGNORE }

    /** Runs inside terminate, after the journal entry. */
    @FunctionalInterface
    interface TerminateHook {
        void run(String id, ExitReason reason) throws Exception;
    }

    /** How a worker behaves. Immutable; shared by all incarnations of a child. */
    record Script(IntFunction<InitMode> plan, IntFunction<CountDownLatch> initGate, boolean ignoreExit,
                  TerminateHook onTerminate, InetSocketAddress connectTo, BlockingQueue<Pid> incarnations) {

        static final Script DEFAULT = new Script(a -> InitMode.OK, a -> null, false, null, null, null);

        /** Init does {@code mode} on every attempt. */
        Script init(InitMode mode) {
            return plan(a -> mode);
        }

        /** Init does {@code plan.apply(attempt)}, attempts counted from 1. */
        Script plan(IntFunction<InitMode> plan) {
            return new Script(plan, initGate, ignoreExit, onTerminate, connectTo, incarnations);
        }

        /** Init waits for {@code gate} (after writing init-begin) on every attempt. */
        Script initGate(CountDownLatch gate) {
            return initGate(a -> gate);
        }

        Script initGate(IntFunction<CountDownLatch> gates) {
            return new Script(plan, gates, ignoreExit, onTerminate, connectTo, incarnations);
        }

        /** The worker answers exit signals (its supervisor's stop request) with noreply. */
        Script ignoringExit() {
            return new Script(plan, initGate, true, onTerminate, connectTo, incarnations);
        }

        Script onTerminate(TerminateHook hook) {
            return new Script(plan, initGate, ignoreExit, hook, connectTo, incarnations);
        }

        /** Terminate blocks until {@code gate} opens. */
        Script terminateGate(CountDownLatch gate) {
            return onTerminate((id, r) -> gate.await(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }

        /**
         * Init opens a TCP connection to {@code address} as a port owned by the worker: nothing closes it
         * but the port table, when the worker stops.
         */
        Script connecting(InetSocketAddress address) {
            return new Script(plan, initGate, ignoreExit, onTerminate, address, incarnations);
        }

        /** Each successful init puts its pid here. */
        Script reporting(BlockingQueue<Pid> queue) {
            return new Script(plan, initGate, ignoreExit, onTerminate, connectTo, queue);
        }
    }

    /** Calls the test makes. */
    record Exit(ExitReason reason) {
    }

    /** Cast: the handler signals {@code entered}, then blocks until {@code release} opens. */
    record Hang(CountDownLatch entered, CountDownLatch release) {
    }

    static final String PING = "ping";

    static final class State {
        final TcpSocket socket;

        State(TcpSocket socket) {
            this.socket = socket;
        }
    }

    private final Journal journal;
    private final String id;
    private final Script script;

    Worker(Journal journal, String id, Script script) {
        this.journal = Objects.requireNonNull(journal);
        this.id = Objects.requireNonNull(id);
        this.script = Objects.requireNonNull(script);
    }

    /** A child spec of a permanent worker with this script. */
    static ChildSpec spec(Journal journal, String id, Script script) {
        return ChildSpec.worker(id, () -> new Worker(journal, id, script));
    }

    static ChildSpec spec(Journal journal, String id) {
        return spec(journal, id, Script.DEFAULT);
    }

    /** The template of a simple_one_for_one supervisor: the worker's id is the first start argument. */
    static ChildSpec template(Journal journal, String specId, Script script) {
        return ChildSpec.of(specId, ChildStart.genServerWithArgs(
                (List<Object> args) -> new Worker(journal, (String) args.get(0), script)));
    }

    @Override
    protected Init<State> init() throws Exception {
        int attempt = journal.nextAttempt(id);
        journal.add("init-begin:" + id);
        CountDownLatch gate = script.initGate().apply(attempt);
        if (gate != null && !gate.await(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("init gate of " + id + " never opened");
        }
        switch (script.plan().apply(attempt)) {
            case THROW -> {
                journal.add("init-failed:" + id);
                throw new IllegalStateException("init of " + id + " failed on attempt " + attempt);
            }
            case STOP -> {
                journal.add("init-failed:" + id);
                return stop(ExitReason.custom("init of " + id + " refused"));
            }
            case IGNORE -> {
                journal.add("ignore:" + id);
                return ignore();
            }
            default -> {
            }
        }
        TcpSocket socket = script.connectTo() == null ? null
                : Ports.of(node()).connect(self(), script.connectTo(), Duration.ofSeconds(5));
        journal.add("init:" + id);
        if (script.incarnations() != null) {
            script.incarnations().add(self());
        }
        return ok(new State(socket));
    }

    @Override
    protected Result<State> handleCall(Object request, From from, State state) {
        if (request instanceof Exit e) {
            return exit(e.reason(), state);
        }
        if (PING.equals(request)) {
            return reply("pong", state);
        }
        throw new IllegalArgumentException("unexpected call " + request);
    }

    @Override
    protected Result<State> handleCast(Object message, State state) throws InterruptedException {
        if (message instanceof Exit e) {
            return exit(e.reason(), state);
        }
        if (message instanceof Hang h) {
            h.entered().countDown();
            h.release().await(); // stuck until the test lets go
            return noreply(state);
        }
        throw new IllegalArgumentException("unexpected cast " + message);
    }

    private Result<State> exit(ExitReason reason, State state) {
        if (reason instanceof ExitReason.Exception e) {
            if (e.cause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.cause());
        }
        return stop(reason, "bye", state);
    }

    @Override
    protected Result<State> handleExit(ExitReason reason, Pid from, State state) {
        if (script.ignoreExit()) {
            journal.add("exit-ignored:" + id);
            return noreply(state);
        }
        return stop(reason, state);
    }

    @Override
    protected void terminate(ExitReason reason, State state) throws Exception {
        journal.add("terminate:" + id + ":" + label(reason));
        if (script.onTerminate() != null) {
            script.onTerminate().run(id, reason);
        }
    }

    /** A short name of an exit reason for journal entries. */
    static String label(ExitReason r) {
        if (r instanceof ExitReason.Normal) {
            return "normal";
        }
        if (r instanceof ExitReason.Shutdown) {
            return "shutdown";
        }
        if (r instanceof ExitReason.ShutdownWithInfo) {
            return "shutdown-info";
        }
        if (r instanceof ExitReason.Exception) {
            return "exception";
        }
        if (r instanceof ExitReason.Killed) {
            return "killed";
        }
        return "custom";
    }
}
