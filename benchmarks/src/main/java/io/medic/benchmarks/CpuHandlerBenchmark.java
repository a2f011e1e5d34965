package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.RallyState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (c) The ping-pong of {@link PingPongBenchmark}, but every handler burns about 5 µs of CPU
 * ({@link #WORK_TOKENS} tokens of {@code Blackhole.consumeCPU}; {@link WorkCalibrationBenchmark}
 * measures what that costs on the machine at hand). Messages handled per second. Target: Medic ≥ 0.97×
 * plain.
 *
 * <p>Run:
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'CpuHandlerBenchmark|WorkCalibrationBenchmark'
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class CpuHandlerBenchmark extends RallyState {
    /** Round trips per invocation; each is two messages handled. */
    public static final int ROUNDS = 2_000;
    /** Blackhole.consumeCPU tokens per handler: about 5 µs on the 2-core machines Medic is measured on. */
    public static final long WORK_TOKENS = 2_500;

    @Override
    public long workTokens() {
        return WORK_TOKENS;
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void cpuHandler() {
        rally(ROUNDS);
    }
}
