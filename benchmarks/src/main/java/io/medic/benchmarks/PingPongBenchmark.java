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
 * (a) Two actors ping-ponging with a trivial handler: messages handled per second, plain Akka Typed vs
 * a Medic GenServer vs a plain behaviour spawned through Medic. The worst case for Medic's per-message
 * accounting, since the handler itself costs almost nothing. Target: Medic ≥ 0.90× plain.
 *
 * <p>Run (from the repository root, after {@code mvn -B -q -pl runtime,benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar PingPongBenchmark
 * </pre>
 * Add {@code -prof gc} for allocation per message, {@code -p inFlight=32} for one setting only.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PingPongBenchmark extends RallyState {
    /** Round trips per invocation; each is two messages handled. */
    public static final int ROUNDS = 50_000;

    @Override
    public long workTokens() {
        return 0;
    }

    @Benchmark
    @OperationsPerInvocation(2 * ROUNDS)
    public void pingPong() {
        rally(ROUNDS);
    }
}
