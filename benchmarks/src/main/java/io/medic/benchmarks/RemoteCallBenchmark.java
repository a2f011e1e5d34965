package io.medic.benchmarks;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.AskPattern;
import com.typesafe.config.ConfigFactory;
import io.medic.benchmarks.fixtures.EchoServer;
import io.medic.benchmarks.fixtures.LoopbackCluster;
import io.medic.benchmarks.fixtures.RemoteMessages;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call's round trip to a process of another node (two cluster nodes in this JVM, Artery TCP on
 * loopback), one at a time, µs per call: {@code medicCall} is {@code GenServer.call} on a remote pid (an
 * {@link EchoServer}: Medic's envelope, its serializer, the caller's fail-fast bookkeeping, the other
 * node's agent); {@code akkaAsk} is plain Akka Typed's ask to an actor of the other node, the baseline.
 * Both requests and replies go through the same Jackson serializer. The ratio
 * {@code akkaAsk / medicCall} (time per call) is Medic's remote call against plain Akka remoting. Run:
 * {@code java -jar benchmarks/target/benchmarks.jar RemoteCallBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RemoteCallBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private LoopbackCluster cluster;
    private Pid remote;
    private ActorRef<RemoteMessages.AkkaPing> remoteRef;
    private ActorSystem<?> caller;
    private long n;

    @Setup(Level.Trial)
    public void setup() {
        cluster = LoopbackCluster.start("bench-remote", 2, ConfigFactory.empty());
        Pid echo = GenServer.startSync(cluster.nodes.get(1), new EchoServer(), SpawnOptions.DEFAULT, TIMEOUT);
        remote = cluster.nodes.get(0).pid(cluster.qualified(1, echo));
        ActorSystem<?> there = Adapter.toTyped(cluster.nodes.get(1).classicSystem());
        ActorRef<RemoteMessages.AkkaPing> local = Adapter.spawn(cluster.nodes.get(1).classicSystem(),
                RemoteMessages.responder(), "akka-responder");
        caller = Adapter.toTyped(cluster.nodes.get(0).classicSystem());
        remoteRef = ActorRefResolver.get(caller).resolveActorRef(ActorRefResolver.get(there).toSerializationFormat(local));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Benchmark
    public Object medicCall() {
        return GenServer.call(remote, new RemoteMessages.Ping(n++), TIMEOUT);
    }

    @Benchmark
    public Object akkaAsk() throws Exception {
        long i = n++;
        return AskPattern.<RemoteMessages.AkkaPing, RemoteMessages.Ping>ask(remoteRef,
                replyTo -> new RemoteMessages.AkkaPing(i, replyTo), TIMEOUT, caller.scheduler())
                .toCompletableFuture().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
