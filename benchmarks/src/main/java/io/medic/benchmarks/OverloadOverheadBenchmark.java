package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.EchoServer;
import io.medic.benchmarks.fixtures.NodeHolder;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.overload.Breaker;
import io.medic.runtime.overload.BreakerSettings;
import io.medic.runtime.overload.Breakers;
import io.medic.runtime.overload.DropThresholds;
import io.medic.runtime.overload.RandomEarlyDrop;
import io.medic.runtime.overload.Valve;
import io.medic.runtime.overload.ValveSettings;
import io.medic.runtime.overload.Valves;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (l) What the overload tools add to one operation, without any message: the average time of wrapping an
 * already-completed stage (ns/op), on the benchmark thread. Kinds:
 *
 * <ul>
 *   <li>{@code completedStage}: {@code CompletableFuture.completedFuture(x)} alone — the baseline;</li>
 *   <li>{@code breakerProtect}: {@code breaker.protect(() -> completed)} through a closed breaker;</li>
 *   <li>{@code valveSubmit}: {@code valve.submit(() -> completed)} with a free slot;</li>
 *   <li>{@code randomEarlyDropAdmit}: {@code red.admit(pid)} for a process with an empty mailbox (below
 *       the threshold: a queue-length read and a counter).</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar OverloadOverheadBenchmark} (~1 min).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class OverloadOverheadBenchmark {
    @Param({"completedStage", "breakerProtect", "valveSubmit", "randomEarlyDropAdmit"})
    public String kind;

    final NodeHolder node = new NodeHolder();
    private Breaker breaker;
    private Valve valve;
    private RandomEarlyDrop red;
    private Pid target;
    private final Object value = "x";

    @Setup(Level.Trial)
    public void setup() {
        node.acquire("bench");
        switch (kind) {
            case "completedStage" -> { }
            case "breakerProtect" -> breaker = Breakers.of(node.node()).create(BreakerSettings.named("bench-overhead"));
            case "valveSubmit" -> valve = Valves.of(node.node()).create(ValveSettings.of("bench-overhead", 1, 0,
                    Duration.ofSeconds(1)));
            case "randomEarlyDropAdmit" -> {
                red = RandomEarlyDrop.create(DropThresholds.of(1_000, 10_000));
                target = GenServer.startSync(node.node(), new EchoServer(), SpawnOptions.DEFAULT, Duration.ofSeconds(30));
            }
            default -> throw new IllegalArgumentException("kind: bad value '" + kind
                    + "', expected completedStage, breakerProtect, valveSubmit or randomEarlyDropAdmit");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Breakers.of(node.node()).remove("bench-overhead");
        Valves.of(node.node()).remove("bench-overhead");
        if (target != null) {
            GenServer.stop(target, io.medic.runtime.ExitReason.NORMAL, Duration.ofSeconds(30)).toCompletableFuture().join();
        }
        node.release();
    }

    @Benchmark
    public Object once() {
        return switch (kind) {
            case "completedStage" -> CompletableFuture.completedFuture(value);
            case "breakerProtect" -> breaker.protect(this::completed);
            case "valveSubmit" -> valve.submit(this::completed);
            default -> red.admit(target);
        };
    }

    private CompletionStage<Object> completed() {
        return CompletableFuture.completedFuture(value);
    }
}
