package io.medic.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of the handler work in {@link CpuHandlerBenchmark} alone: one call of
 * {@code Blackhole.consumeCPU(CpuHandlerBenchmark.WORK_TOKENS)}, in µs. Should read about 5 µs.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WorkCalibrationBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WorkCalibrationBenchmark {
    @Benchmark
    public void consumeCpu() {
        Blackhole.consumeCPU(CpuHandlerBenchmark.WORK_TOKENS);
    }
}
