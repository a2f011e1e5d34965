package io.medic.benchmarks;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.benchmarks.fixtures.Parent;
import io.medic.benchmarks.fixtures.SingleShotState;
import io.medic.benchmarks.fixtures.Target;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Synchronous, ordered start of a supervisor with {@code children} idle GenServer workers (single
 * shot, ms): {@code Supervisor.startSync} returns once every child's {@code init} has been
 * acknowledged, one after the other in list order. Compared in the same run with plain Akka Typed doing
 * the same by hand and doing less:
 *
 * <ul>
 *   <li>{@code plainOrdered}: a plain parent spawns child i+1 only after child i has told it, from its
 *       {@code Behaviors.setup}, that it started — the guarantee Medic gives, written in plain Akka;</li>
 *   <li>{@code plainAsync}: a plain parent spawns all children at once and the caller waits until all
 *       have run their setup — Akka's usual asynchronous start, no order and no failure handling;</li>
 *   <li>{@code medicSupervisor}: a Medic one_for_one supervisor, one permanent worker spec per child.</li>
 * </ul>
 *
 * <p>The child specs are built before the shot; the tree is stopped after it (not timed). Run:
 * {@code java -jar benchmarks/target/benchmarks.jar SupervisorStartBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g", "-Xmn2g"})
public class SupervisorStartBenchmark extends SingleShotState {
    static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Param({"10000", "100000"})
    public int children;

    @Param({"plainAsync", "plainOrdered", "medicSupervisor"})
    public String kind;

    private SupervisorSpec spec;
    private Pid supervisor;
    private Parent plainParent;
    private int round;

    /** The {@code kind} parameter, parsed once in setup. */
    private enum Start { PLAIN_ASYNC, PLAIN_ORDERED, MEDIC_SUPERVISOR }

    private Start start;

    @Setup(Level.Trial)
    public void setup() {
        start = switch (kind) {
            case "plainAsync" -> Start.PLAIN_ASYNC;
            case "plainOrdered" -> Start.PLAIN_ORDERED;
            case "medicSupervisor" -> Start.MEDIC_SUPERVISOR;
            default -> throw new IllegalArgumentException("kind: bad value '" + kind
                    + "', expected plainAsync, plainOrdered or medicSupervisor");
        };
        node.acquire("bench");
        List<ChildSpec> specs = new ArrayList<>(children);
        for (int i = 0; i < children; i++) {
            specs.add(ChildSpec.worker("c" + i, IdleWorker::new));
        }
        spec = SupervisorSpec.of(SupervisorFlags.oneForOne(), specs);
    }


    @Benchmark
    public Object start() throws InterruptedException {
        return switch (start) {
            case MEDIC_SUPERVISOR -> {
                supervisor = Supervisor.startSync(node.node(), spec, SpawnOptions.DEFAULT, TIMEOUT);
                yield supervisor;
            }
            case PLAIN_ORDERED, PLAIN_ASYNC -> {
                CountDownLatch started = new CountDownLatch(1);
                plainParent = PlainParent.spawn(node.node(), "plain-parent-" + (++round), children,
                        start == Start.PLAIN_ORDERED, started);
                Target.await(started, "the start of " + children + " plain children");
                yield plainParent.ref();
            }
        };
    }

    /** Stops the tree started by the shot and waits until it is gone (not timed; before the node goes). */
    @TearDown(Level.Iteration)
    public void stopTree() throws Exception {
        if (supervisor != null) {
            Pid s = supervisor;
            supervisor = null;
            Medic.await(GenServer.stop(s, ExitReason.SHUTDOWN, TIMEOUT), "supervisor stop", TIMEOUT);
        }
        if (plainParent != null) {
            Parent p = plainParent;
            plainParent = null;
            p.stop("the stop of " + children + " plain children");
        }
    }

    /** A supervised worker with nothing to do: one {@code long} of state. */
    static final class IdleWorker extends GenServer<Long> {
        @Override
        protected Init<Long> init() {
            return ok(0L);
        }
    }

    /** A child's word to the plain parent that its setup has run. */
    record Started(int index) {
    }

    /**
     * The plain parent: spawns {@code n} children, either all at once (counting {@code started} down
     * when the last has reported) or one after the other, child i+1 once child i has reported.
     */
    static final class PlainParent {
        private PlainParent() {
        }

        static Parent spawn(Node node, String name, int n, boolean ordered, CountDownLatch started) {
            return Parent.spawn(node, name, ctx -> {
                int[] reported = {0};
                if (ordered) {
                    spawnChild(ctx, 0);
                } else {
                    for (int i = 0; i < n; i++) {
                        spawnChild(ctx, i);
                    }
                }
                return Behaviors.receive(Object.class)
                        .onMessage(Started.class, s -> {
                            reported[0]++;
                            if (reported[0] == n) {
                                started.countDown();
                            } else if (ordered) {
                                spawnChild(ctx, s.index() + 1);
                            }
                            return Behaviors.same();
                        });
            });
        }

        private static void spawnChild(ActorContext<Object> ctx, int index) {
            ActorRef<Object> parent = ctx.getSelf();
            ctx.spawn(Behaviors.setup(c -> {
                parent.tell(new Started(index));
                return idle(0L);
            }), "c" + index);
        }

        private static Behavior<Object> idle(long state) {
            return Behaviors.receive((c, m) -> idle(state + 1));
        }
    }
}
