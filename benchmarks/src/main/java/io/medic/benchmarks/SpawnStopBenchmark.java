package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.Idle;
import io.medic.benchmarks.fixtures.Kind;
import io.medic.benchmarks.fixtures.Parent;
import io.medic.benchmarks.fixtures.SingleShotState;
import io.medic.benchmarks.fixtures.Target;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * (e) Spawn {@link #PROCESSES} idle processes and stop them all (single shot, ms): a plain parent
 * actor spawns them as its children (plain: {@code ctx.spawn(behavior, "plain-" + i)}; Medic:
 * {@code GenServer.spawn(ctx, ..)} / {@code Medic.spawn(ctx, ..)}), the benchmark waits until every one
 * has started (run its setup / init), then stops the parent and waits for its PostStop, which Akka
 * runs once every child has fully stopped. For Medic this includes entering and leaving the process
 * table and, for the GenServer, {@code terminate}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SpawnStopBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4)
@Measurement(iterations = 6)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Xmn2g"})
public class SpawnStopBenchmark extends SingleShotState {
    /** Processes spawned and stopped per invocation. */
    public static final int PROCESSES = 100_000;

    @Param({"plain", "medicGenServer", "medicBehavior"})
    public String kind;

    private Kind k;
    private int round;

    @Setup(Level.Trial)
    public void setup() {
        k = Kind.of(kind);
        node.acquire("bench");
    }

    @Benchmark
    public void spawnAndStop() {
        spawnAndStop(PROCESSES);
    }

    void spawnAndStop(int processes) {
        CountDownLatch started = new CountDownLatch(processes);
        Parent parent = Idle.spawner(node.node(), "spawner" + (++round));
        parent.tell(new Idle.SpawnChildren(k, processes, started));
        Target.await(started, "the start of " + processes + " processes");
        parent.stop("the stop of " + processes + " processes");
    }
}
