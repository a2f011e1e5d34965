package io.medic.benchmarks;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.MailboxSelector;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.benchmarks.fixtures.Ball;
import io.medic.benchmarks.fixtures.NodeHolder;
import io.medic.benchmarks.fixtures.Player;
import io.medic.benchmarks.fixtures.Rally;
import io.medic.benchmarks.fixtures.Sink;
import io.medic.benchmarks.fixtures.Target;
import io.medic.runtime.InitResult;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Spawned;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
 * Issue 12: Medic's mailbox policies against Akka's own bounded mailbox ({@code MailboxSelector.bounded(n)}),
 * in the same run, on the burst and the ping-pong of {@link BurstBenchmark} and {@link PingPongBenchmark}
 * (a counter of the burst like {@link Sink}, two {@link Player}s rallying), on Akka's default
 * dispatcher. The actors are plain behaviours, so that only the mailbox and Medic's wrapper differ:
 *
 * <ul>
 *   <li>{@code akkaDefault}: Akka's default typed mailbox (unbounded), spawned with Akka's API — the
 *       baseline of the other benchmarks;</li>
 *   <li>{@code akkaBounded}: Akka's bounded mailbox of {@link #CAPACITY}, spawned with Akka's API;</li>
 *   <li>{@code medicUnbounded}: a Medic process with the default (unbounded, counting) mailbox;</li>
 *   <li>{@code medicKeepOld}, {@code medicDropOldest}, {@code medicStack}: a Medic process with
 *       {@code bounded(CAPACITY, keep_old)}, {@code bounded(CAPACITY, drop_oldest)}, {@code stack(CAPACITY)}.</li>
 * </ul>
 *
 * <p>The capacity holds a whole burst: nothing is dropped, so every kind handles the same messages and
 * the figures compare the queues' costs (a lock per send and per take for Medic's bounded mailboxes; two
 * locks and a count for Akka's {@code LinkedBlockingQueue}-based one). Target (issue 12): each Medic policy
 * at least 0.90 of {@code akkaBounded}; {@code medicUnbounded} as in the other benchmarks.
 *
 * <p>Run (from the repository root, after {@code mvn -B -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar BoundedMailboxBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Xmn2g"})
public class BoundedMailboxBenchmark {
    /** Messages per burst. */
    public static final int MESSAGES = 1_000_000;
    /** Capacity of every bounded mailbox: a whole burst, so that nothing is dropped. */
    public static final int CAPACITY = MESSAGES + 16;
    /** Round trips per ping-pong invocation. */
    public static final int ROUNDS = 50_000;
    private static final AtomicLong SEQ = new AtomicLong();

    @Param({"akkaDefault", "akkaBounded", "medicUnbounded", "medicKeepOld", "medicDropOldest", "medicStack"})
    public String mailbox;

    /** Balls in the air in the ping-pong (1: strict hand-off; 32: both actors stay busy). */
    @Param({"1", "32"})
    public int inFlight;

    public final NodeHolder node = new NodeHolder();
    private final Counter counter = new Counter();
    private ActorRef<Object> sink;
    private ActorRef<Object> server;

    @Setup(Level.Trial)
    public void setup() {
        node.acquire("bench");
        sink = spawn(node.node(), mailbox, () -> counter.behavior());
        server = spawn(node.node(), mailbox, () -> Player.create(0));
        ActorRef<Object> receiver = spawn(node.node(), mailbox, () -> Player.create(0));
        server.tell(new Rally.Peer(receiver));
        receiver.tell(new Rally.Peer(server));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.release();
    }

    /** A started plain behaviour with the mailbox {@code kind} names. */
    static ActorRef<Object> spawn(Node node, String kind, Supplier<Behavior<Object>> behavior) {
        MailboxPolicy policy = switch (kind) {
            case "akkaDefault", "akkaBounded" -> null;
            case "medicUnbounded" -> MailboxPolicy.unbounded();
            case "medicKeepOld" -> MailboxPolicy.bounded(CAPACITY, MailboxPolicy.Overflow.KEEP_OLD);
            case "medicDropOldest" -> MailboxPolicy.bounded(CAPACITY, MailboxPolicy.Overflow.DROP_OLDEST);
            case "medicStack" -> MailboxPolicy.stack(CAPACITY);
            default -> throw new IllegalArgumentException("mailbox: bad value '" + kind + "', expected akkaDefault,"
                    + " akkaBounded, medicUnbounded, medicKeepOld, medicDropOldest or medicStack");
        };
        if (policy == null) {
            Props props = kind.equals("akkaBounded") ? MailboxSelector.bounded(CAPACITY) : Props.empty();
            return Adapter.spawn(node.classicSystem(), behavior.get(), "bounded" + SEQ.incrementAndGet(), props);
        }
        Spawned<Object> s = Medic.spawn(node, behavior.get(), SpawnOptions.DEFAULT.withMailbox(policy));
        InitResult r = s.initialized().toCompletableFuture().join();
        if (!(r instanceof InitResult.Started)) {
            throw new IllegalStateException("start of " + s.pid() + " failed: " + r);
        }
        return s.ref();
    }

    /** A burst of {@link #MESSAGES} from this thread into one actor: the time until the last is handled. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 30)
    @Measurement(iterations = 15)
    public void burst() {
        burst(MESSAGES);
    }

    void burst(int messages) {
        CountDownLatch done = new CountDownLatch(1);
        counter.expect(messages, done); // not a message: a stack would take it after the balls
        ActorRef<Object> t = sink;
        for (int i = 0; i < messages; i++) {
            t.tell(Ball.BALL);
        }
        Target.await(done, "a burst of " + messages + " messages");
    }

    /**
     * The receiver of a burst: counts balls down to 0, then opens the latch. Unlike {@link Sink}, its
     * expectation is set by the benchmark thread before the first ball, not sent as a message: a stack
     * takes the newest first, and would take an {@code Expect} message after the balls. The first
     * ball's send orders the writes before the actor's reads; the latch orders the actor's last writes
     * before the next expectation.
     */
    static final class Counter {
        private int remaining;
        private CountDownLatch done;

        void expect(int n, CountDownLatch latch) {
            remaining = n;
            done = latch;
        }

        Behavior<Object> behavior() {
            return Behaviors.receive((ctx, msg) -> {
                if (msg == Ball.BALL && --remaining == 0) {
                    done.countDown();
                }
                return Behaviors.same();
            });
        }
    }

    /** Two actors ping-ponging: messages handled per second. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 10, time = 1)
    @Measurement(iterations = 6, time = 1)
    @OperationsPerInvocation(2 * ROUNDS)
    public void pingPong() {
        rally(ROUNDS);
    }

    void rally(int rounds) {
        CountDownLatch done = new CountDownLatch(1);
        server.tell(new Rally.Serve(rounds, inFlight, done));
        Target.await(done, "a rally of " + rounds + " round trips");
    }
}
