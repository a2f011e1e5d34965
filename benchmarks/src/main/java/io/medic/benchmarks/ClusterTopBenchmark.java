package io.medic.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.medic.benchmarks.fixtures.LoopbackCluster;
import io.medic.benchmarks.fixtures.Population;
import io.medic.cluster.ClusterRanking;
import io.medic.cluster.ClusterRecon;
import io.medic.cluster.MedicCluster;
import io.medic.introspection.Recon;
import io.medic.runtime.Node;
import io.medic.runtime.ProcessAttribute;
import java.time.Duration;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cluster-wide top 10 — {@code recon:rpc(recon, proc_count, [Attr, 10])}, merged — over
 * {@code nodes} cluster nodes of {@code processes} live GenServers each ({@link Population}), all in this
 * JVM on loopback; sampled, ms. {@code clusterTop10} asks every member at once over Artery and merges
 * their answers ({@code MedicCluster.recon().procCount}); {@code localTop10} is one node's own
 * {@code Recon.procCount}, the floor (the members scan in parallel, on one machine's cores). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar ClusterTopBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class ClusterTopBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Param({"3"})
    public int nodes;

    @Param({"100000"})
    public int processes;

    @Param({"memory", "reductions"})
    public String attr;

    private LoopbackCluster cluster;
    private final List<Population> populations = new ArrayList<>();
    private ProcessAttribute attribute;
    private ClusterRecon recon;
    private Recon local;

    @Setup(Level.Trial)
    public void setup() {
        attribute = Population.attribute(attr);
        cluster = LoopbackCluster.start("bench-cluster", nodes, ConfigFactory.empty());
        long seed = 42;
        for (Node node : cluster.nodes) {
            populations.add(Population.spawn(node, processes, seed++));
        }
        recon = MedicCluster.get(cluster.nodes.get(0)).recon();
        local = Recon.of(cluster.nodes.get(0));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        populations.forEach(Population::close);
        populations.clear();
        if (cluster != null) {
            cluster.close();
        }
    }

    @Benchmark
    public ClusterRanking clusterTop10() {
        ClusterRanking r = recon.procCount(attribute, 10, TIMEOUT).toCompletableFuture().join();
        if (!r.badNodes().isEmpty()) {
            throw new IllegalStateException("a node did not answer: " + r.badNodes());
        }
        return r;
    }

    @Benchmark
    public List<?> localTop10() {
        return local.procCount(attribute, 10);
    }
}
