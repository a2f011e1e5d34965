package io.medic.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.medic.benchmarks.fixtures.PopulationState;
import io.medic.introspection.MedicManagement;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Latency of {@code GET /medic/processes?sort=memory&limit=10} (sampled, ms) against a node of
 * {@code processes} live GenServers ({@link io.medic.benchmarks.fixtures.Population}), through Akka Management on loopback, from
 * the JDK's HTTP client with a kept-alive connection: route, proc_count, JSON rendering and the
 * loopback round trip. Run: {@code java -jar benchmarks/target/benchmarks.jar HttpProcessesBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class HttpProcessesBenchmark extends PopulationState {
    @Param({"100000"})
    public int processes;

    private HttpClient client;
    private HttpRequest request;

    @Setup(Level.Trial)
    public void setup() {
        // the node binds to 127.0.0.1 by default; a free port
        URI base = MedicManagement.start(populate("bench", ConfigFactory.parseString(
                "akka.management.http.port = 0"), processes));
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        request = HttpRequest.newBuilder(base.resolve("/medic/processes?sort=memory&limit=10"))
                .timeout(Duration.ofSeconds(30)).GET().build();
    }

    @Benchmark
    public String processesByMemory() throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + request.uri() + ": status " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
