package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.EchoServer;
import io.medic.benchmarks.fixtures.NodeHolder;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.overload.Breaker;
import io.medic.runtime.overload.BreakerSettings;
import io.medic.runtime.overload.Breakers;
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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * (k) A GenServer call through a circuit breaker or a valve, against the same call made directly with
 * {@code GenServer.callAsync}, in the same run and to the same server (an {@link EchoServer} on one
 * thread): calls per second. The benchmark thread makes {@link #CALLS} calls per invocation, {@code inFlight}
 * at a time (it starts that many, then waits for all of them). Kinds:
 *
 * <ul>
 *   <li>{@code genServerCall}: {@code GenServer.callAsync(server, request, timeout)} — the baseline;</li>
 *   <li>{@code breakerCall}: {@code breaker.callAsync(...)} through a closed breaker (Akka's
 *       {@code CircuitBreaker}: its promise, its call-timeout timer, the counters);</li>
 *   <li>{@code valveCall}: {@code valve.callAsync(...)} through a valve that always has a free slot
 *       (maxConcurrent 1,024): the admission and release;</li>
 *   <li>{@code valveQueuedCall}: through a valve of maxConcurrent 8, so that with 64 in flight 56 wait in
 *       its queue and each is started by the one it follows (a scheduler timer each, a dispatcher hop).</li>
 * </ul>
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar OverloadCallBenchmark} (~2 min). The ratio to
 * {@code genServerCall} of the same {@code inFlight} is the figure; docs/overload.md and docs/performance.md
 * have them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class OverloadCallBenchmark {
    /** Calls per invocation. */
    public static final int CALLS = 256;
    /**
     * The calls' timeout: Medic's and the breaker's default. Each call arms a timer on Akka's scheduler
     * (a breaker call two), and a cancelled timer stays in the scheduler's wheel until its time, so a
     * longer timeout keeps more of them alive at these rates and turns the run into a GC benchmark.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Param({"genServerCall", "breakerCall", "valveCall", "valveQueuedCall"})
    public String kind;

    /** Calls outstanding at once: 1 (one round trip after the other) or 64. */
    @Param({"1", "64"})
    public int inFlight;

    final NodeHolder node = new NodeHolder();
    private Pid server;
    private Breaker breaker;
    private Valve valve;
    private final Object request = "ping";

    @Setup(Level.Trial)
    public void setup() {
        node.acquire("bench");
        server = GenServer.startSync(node.node(), new EchoServer(),
                SpawnOptions.DEFAULT.withDispatcher(NodeHolder.SINGLE_THREAD_DISPATCHER), TIMEOUT);
        switch (kind) {
            case "genServerCall" -> { }
            case "breakerCall" -> breaker = Breakers.of(node.node()).create(BreakerSettings.named("bench-breaker")
                    .withCallTimeout(TIMEOUT));
            case "valveCall" -> valve = Valves.of(node.node()).create(ValveSettings.of("bench-valve", 1024, 1024,
                    TIMEOUT));
            case "valveQueuedCall" -> valve = Valves.of(node.node()).create(ValveSettings.of("bench-valve", 8, 1024,
                    TIMEOUT));
            default -> throw new IllegalArgumentException("kind: bad value '" + kind
                    + "', expected genServerCall, breakerCall, valveCall or valveQueuedCall");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        Breakers.of(node.node()).remove("bench-breaker");
        Valves.of(node.node()).remove("bench-valve");
        GenServer.stop(server, io.medic.runtime.ExitReason.NORMAL, TIMEOUT).toCompletableFuture().join();
        node.release();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public Object calls() {
        return calls(CALLS);
    }

    Object calls(int n) {
        CompletableFuture<?>[] window = new CompletableFuture<?>[inFlight];
        Object last = null;
        for (int done = 0; done < n; done += inFlight) {
            int k = Math.min(inFlight, n - done);
            for (int i = 0; i < k; i++) {
                window[i] = call().toCompletableFuture();
            }
            for (int i = 0; i < k; i++) {
                last = window[i].join();
            }
        }
        return last;
    }

    private CompletionStage<Object> call() {
        return switch (kind) {
            case "genServerCall" -> GenServer.callAsync(server, request, TIMEOUT);
            case "breakerCall" -> breaker.callAsync(server, request, TIMEOUT);
            default -> valve.callAsync(server, request, TIMEOUT);
        };
    }
}
