package io.medic.benchmarks;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.benchmarks.fixtures.NodeHolder;
import io.medic.benchmarks.fixtures.Target;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Crash-to-restarted latency (sampled, µs): the benchmark thread tells a supervised worker to crash
 * (its handler throws) and waits until the restarted worker has run its {@code init} / setup. Kinds:
 *
 * <ul>
 *   <li>{@code plainRestart}: Akka Typed's own {@code Behaviors.supervise(..).onFailure(restart())}:
 *       the same actor, its behaviour set up again in place (no new actor, no new ref — less than OTP
 *       does, and the cheapest restart Akka has);</li>
 *   <li>{@code plainRespawn}: a plain parent watches its child and spawns a new one when it fails —
 *       what OTP's restart means (a new process), written by hand in plain Akka;</li>
 *   <li>{@code medicOneForOne}: a Medic one_for_one supervisor restarting a permanent GenServer worker
 *       (new actor, new pid, restart recorded against the intensity budget and in the event history).</li>
 * </ul>
 *
 * <p>Crash logging is off on every side (Akka's {@code withLoggingEnabled(false)}; Medic's crash reports
 * through the {@code logback-quiet-crashes.xml} configuration of the fork): writing a stack trace per
 * crash would measure the console. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar RestartLatencyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dlogback.configurationFile=logback-quiet-crashes.xml"})
public class RestartLatencyBenchmark {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Param({"plainRestart", "plainRespawn", "medicOneForOne"})
    public String kind;

    final NodeHolder node = new NodeHolder();
    /** Counted down by the next incarnation's init / setup. */
    final AtomicReference<CountDownLatch> restarted = new AtomicReference<>(new CountDownLatch(1));
    /** The current incarnation: an {@code ActorRef<Object>} (plain) or a {@link Pid} (Medic). */
    final AtomicReference<Object> current = new AtomicReference<>();
    private ActorRef<Object> plainRoot;
    private Pid supervisor;

    @Setup(Level.Trial)
    public void setup() {
        node.acquire("bench");
        switch (kind) {
            case "plainRestart" -> plainRoot = Adapter.spawn(node.node().classicSystem(),
                    Behaviors.supervise(crashingChild(restarted, current))
                            .onFailure(SupervisorStrategy.restart().withLoggingEnabled(false)), "restarted");
            case "plainRespawn" -> plainRoot = Adapter.spawn(node.node().classicSystem(),
                    respawningParent(restarted, current), "respawner");
            case "medicOneForOne" -> supervisor = Supervisor.startSync(node.node(), SupervisorSpec.of(
                    // a budget no benchmark exhausts: the window still counts every restart
                    SupervisorFlags.oneForOne().withIntensity(10_000_000).withPeriod(Duration.ofSeconds(1)),
                    List.of(ChildSpec.worker("worker", () -> new CrashingWorker(restarted, current)))),
                    SpawnOptions.DEFAULT, TIMEOUT);
            default -> throw new IllegalArgumentException("kind: bad value '" + kind
                    + "', expected plainRestart, plainRespawn or medicOneForOne");
        }
        Target.await(restarted.get(), "the first start");
    }

    @Benchmark
    public Object crashAndRestart() {
        CountDownLatch next = new CountDownLatch(1);
        restarted.set(next);
        Object target = current.get();
        if (target instanceof Pid pid) {
            GenServer.cast(pid, Crash.INSTANCE);
        } else {
            @SuppressWarnings("unchecked")
            ActorRef<Object> ref = (ActorRef<Object>) target;
            ref.tell(Crash.INSTANCE);
        }
        Target.await(next, "a restart");
        return current.get();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (supervisor != null) {
            Medic.await(GenServer.stop(supervisor, ExitReason.SHUTDOWN, TIMEOUT), "supervisor stop", TIMEOUT);
            supervisor = null;
        }
        if (plainRoot != null) {
            node.node().classicSystem().stop(Adapter.toClassic(plainRoot));
            plainRoot = null;
        }
        node.release();
    }

    /** Makes the worker's handler throw. */
    enum Crash {
        INSTANCE
    }

    static final class CrashedOnPurpose extends RuntimeException {
        CrashedOnPurpose() {
            super("crashed on purpose", null, false, false);
        }
    }

    /** A plain worker that publishes itself and counts the latch down in its setup, and throws on Crash. */
    static Behavior<Object> crashingChild(AtomicReference<CountDownLatch> restarted, AtomicReference<Object> current) {
        return Behaviors.setup(ctx -> {
            current.set(ctx.getSelf());
            restarted.get().countDown();
            return Behaviors.receive(Object.class)
                    .onMessage(Crash.class, c -> {
                        throw new CrashedOnPurpose();
                    })
                    .build();
        });
    }

    /** A plain parent that spawns a new child whenever its child fails. */
    static Behavior<Object> respawningParent(AtomicReference<CountDownLatch> restarted, AtomicReference<Object> current) {
        return Behaviors.setup(ctx -> {
            spawnWatched(ctx, restarted, current, 0);
            int[] incarnation = {0};
            return Behaviors.receive(Object.class)
                    .onSignal(Terminated.class, t -> { // ChildFailed is a Terminated
                        spawnWatched(ctx, restarted, current, ++incarnation[0]);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    private static void spawnWatched(ActorContext<Object> ctx, AtomicReference<CountDownLatch> restarted,
                                     AtomicReference<Object> current, int incarnation) {
        ActorRef<Object> child = ctx.spawn(Behaviors.supervise(crashingChild(restarted, current))
                .onFailure(SupervisorStrategy.stop().withLoggingEnabled(false)), "worker-" + incarnation);
        ctx.watch(child);
    }

    /** The Medic worker: publishes its pid and counts the latch down in init, throws on Crash. */
    static final class CrashingWorker extends GenServer<Long> {
        private final AtomicReference<CountDownLatch> restarted;
        private final AtomicReference<Object> current;

        CrashingWorker(AtomicReference<CountDownLatch> restarted, AtomicReference<Object> current) {
            this.restarted = restarted;
            this.current = current;
        }

        @Override
        protected Init<Long> init() {
            current.set(self());
            restarted.get().countDown();
            return ok(0L);
        }

        @Override
        protected Result<Long> handleCast(Object message, Long state) {
            if (message instanceof Crash) {
                throw new CrashedOnPurpose();
            }
            return noreply(state + 1);
        }
    }
}
