package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.Ball;
import io.medic.benchmarks.fixtures.Kind;
import io.medic.benchmarks.fixtures.NodeHolder;
import io.medic.benchmarks.fixtures.SingleShotState;
import io.medic.benchmarks.fixtures.Sink;
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
 * (b) A burst of {@link #MESSAGES} messages sent as fast as one thread can into one actor with a
 * trivial handler: the time from the first send until the last message has been handled (single
 * shot, ms). The sender is the benchmark thread: {@code tell} for the plain kinds, {@code GenServer.cast}
 * for the GenServer. The mailbox fills while the actor drains it, so this also measures enqueue cost
 * and the garbage of a long queue.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar BurstBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 30)
@Measurement(iterations = 15)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Xmn2g"})
public class BurstBenchmark extends SingleShotState {
    /** Messages per burst. */
    public static final int MESSAGES = 1_000_000;

    @Param({"plain", "medicGenServer", "medicBehavior"})
    public String kind;

    /** Where the receiver runs: {@code single}, a dedicated thread; {@code default}, Akka's default dispatcher. */
    @Param({"single", "default"})
    public String dispatcher;

    private Target sink;

    @Setup(Level.Trial)
    public void setup() {
        node.acquire("bench");
        sink = Target.spawn(node.node(), Kind.of(kind), NodeHolder.dispatcherPath(dispatcher), Sink::create,
                Sink.Server::new);
    }

    @Benchmark
    public void burst() {
        burst(MESSAGES);
    }

    void burst(int messages) {
        CountDownLatch done = new CountDownLatch(1);
        Target t = sink;
        t.tell(new Sink.Expect(messages, done));
        for (int i = 0; i < messages; i++) {
            t.tell(Ball.BALL);
        }
        Target.await(done, "a burst of " + messages + " messages");
    }
}
