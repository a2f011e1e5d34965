package io.medic.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.medic.benchmarks.fixtures.Idle;
import io.medic.benchmarks.fixtures.PopulationState;
import io.medic.benchmarks.fixtures.Target;
import io.medic.introspection.MedicManagement;
import io.medic.metrics.MedicMetrics;
import io.medic.runtime.Node;
import io.medic.runtime.ProcessEntry;
import io.medic.supervision.Application;
import io.medic.supervision.Applications;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
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
 * A Prometheus scrape of a node of {@code processes} live GenServers ({@link Population}), 250 of them
 * registered (beyond the default cap of 200), with an application of two supervisors and 20 workers;
 * sampled, ms, default {@code medic.metrics} settings. {@code scrape}: {@code MedicMetrics.scrape()}
 * (node statistics, the per-class pass, two top-K, the supervision walk, the JVM's metrics) written
 * by the client's text writer. {@code scrapeOverHttp}: {@code GET /medic/metrics} through Akka
 * Management on loopback from the JDK's client (a kept-alive connection, no gzip), the client in the
 * same JVM. The setup prints the answer's size, plain and gzipped, and its number of samples. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar ScrapeBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class ScrapeBenchmark extends PopulationState {
    /** Registered processes: more than {@code medic.metrics.max-registered-processes}' default 200. */
    static final int REGISTERED = 250;

    @Param({"100000"})
    public int processes;

    private final ExpositionFormatWriter text = ExpositionFormats.init().getPrometheusTextFormatWriter();
    private MedicMetrics metrics;
    private HttpClient client;
    private HttpRequest request;
    /** The last setup's answer: its size plain and gzipped, and its samples (for the smoke test and the log). */
    Size size;

    /** One scrape's size. */
    record Size(int bytes, int gzipBytes, int samples) {
    }

    @Setup(Level.Trial)
    public void setup() {
        Node n = populate("bench", ConfigFactory.parseString("akka.management.http.port = 0"), processes);
        register(n);
        startApplication(n);
        metrics = MedicMetrics.of(n);
        URI base = MedicManagement.start(n);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        request = HttpRequest.newBuilder(base.resolve("/medic/metrics")).timeout(Duration.ofSeconds(30)).GET().build();
        size = measure();
        System.out.printf("ScrapeBenchmark: %,d processes: a scrape is %,d bytes (%,d gzipped), %,d samples%n",
                processes, size.bytes(), size.gzipBytes(), size.samples());
    }

    @Benchmark
    public int scrape() {
        return write(metrics.scrape()).length;
    }

    @Benchmark
    public int scrapeOverHttp() throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + ": status " + r.statusCode());
        }
        return r.body().length;
    }

    // ================================================================== set-up

    private static void register(Node n) {
        List<ProcessEntry> some = new ArrayList<>();
        for (ProcessEntry e : n.processes().entries()) {
            if (some.size() == REGISTERED) {
                break;
            }
            some.add(e);
        }
        for (int i = 0; i < some.size(); i++) {
            n.registry().register(String.format("bench-%03d", i), some.get(i).pid());
        }
    }

    private static void startApplication(Node n) {
        CountDownLatch started = new CountDownLatch(20);
        List<ChildSpec> pool = new ArrayList<>();
        List<ChildSpec> top = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pool.add(ChildSpec.worker("p" + i, () -> new Idle.Server(started)));
            top.add(ChildSpec.worker("w" + i, () -> new Idle.Server(started)));
        }
        top.add(ChildSpec.supervisor("pool", SupervisorSpec.of(SupervisorFlags.oneForOne(), pool)));
        Applications.of(n).start(Application.permanent("bench", SupervisorSpec.of(SupervisorFlags.oneForOne(), top)))
                .toCompletableFuture().join();
        Target.await(started, "the application's 20 workers");
    }

    private Size measure() {
        MetricSnapshots s = metrics.scrape();
        byte[] plain = write(s);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int samples = 0;
        for (MetricSnapshot m : s) {
            samples += m.getDataPoints().size();
        }
        return new Size(plain.length, gz.size(), samples);
    }

    private byte[] write(MetricSnapshots s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            text.write(out, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
