package io.medic.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.medic.benchmarks.fixtures.Population;
import io.medic.benchmarks.fixtures.PopulationState;
import io.medic.introspection.Recon;
import io.medic.runtime.ProcessAttribute;
import java.util.List;
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
 * {@code Recon.procCount(attr, 10)} — {@code recon:proc_count/2} — over a node of {@code processes}
 * live GenServers that differ in memory and reductions ({@link io.medic.benchmarks.fixtures.Population}); sampled, ms. The
 * processes are idle while measured: this is the cost of the pass over the process table and the
 * bounded heap, read without messaging anyone. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar ProcCountBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class ProcCountBenchmark extends PopulationState {
    @Param({"100000", "1000000"})
    public int processes;

    @Param({"memory", "reductions"})
    public String attr;

    private Recon recon;
    private ProcessAttribute attribute;

    @Setup(Level.Trial)
    public void setup() {
        attribute = Population.attribute(attr);
        recon = Recon.of(populate("bench", ConfigFactory.empty(), processes));
    }

    @Benchmark
    public List<?> procCount() {
        return recon.procCount(attribute, 10);
    }
}
