package io.medic.benchmarks;

import akka.actor.typed.Behavior;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Two top-level actors of one {@link Kind} playing ping-pong on a fresh node, for the ping-pong and
 * CPU-handler benchmarks. An invocation plays {@code rounds} round trips ({@code 2 * rounds} messages
 * handled) with {@code inFlight} balls in the air and waits until the last ball is back.
 */
@State(Scope.Benchmark)
public abstract class RallyState {

    /** Which implementation plays: plain, medicGenServer or medicBehavior. */
    @Param({"plain", "medicGenServer", "medicBehavior"})
    public String kind;

    /**
     * Balls in the air at once. 1: strict ping-pong, every message wakes the other actor (mostly
     * dispatcher hand-off). 32: both actors stay busy, so per-message costs dominate.
     */
    @Param({"1", "32"})
    public int inFlight;

    /**
     * Where the two actors run: {@code single}, one dedicated thread (see
     * {@link NodeHolder#SINGLE_THREAD_DISPATCHER}); {@code default}, Akka's default dispatcher.
     */
    @Param({"single", "default"})
    public String dispatcher;

    /**
     * How the plain player is written (both plain kinds; ignored by the GenServer): {@code receive}, a
     * receive function returning {@code Behaviors.same()} (the default, cheapest); {@code abstractBehavior},
     * an {@code AbstractBehavior} whose handler returns {@code this}, as in Akka's documentation.
     */
    @Param({"receive"})
    public String style;

    final NodeHolder node = new NodeHolder();
    private Target server;

    /** {@link org.openjdk.jmh.infra.Blackhole#consumeCPU} tokens each handler burns; 0 = trivial. */
    abstract long workTokens();

    @Setup(Level.Trial)
    public void setup() {
        Kind k = Kind.of(kind);
        long tokens = workTokens();
        node.acquire("bench");
        String d = NodeHolder.dispatcherPath(dispatcher);
        Supplier<Behavior<Object>> player = switch (style) {
            case "receive" -> () -> Player.create(tokens);
            case "abstractBehavior" -> () -> Player.createAbstractBehavior(tokens);
            default -> throw new IllegalArgumentException("style: bad value '" + style
                    + "', expected receive or abstractBehavior");
        };
        server = Target.spawn(node.node(), k, d, player, () -> new PlayerServer(tokens));
        Target receiver = Target.spawn(node.node(), k, d, player, () -> new PlayerServer(tokens));
        server.tell(new Rally.Peer(receiver.address()));
        receiver.tell(new Rally.Peer(server.address()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.release();
    }

    /** Plays one rally of {@code rounds} round trips and waits for its end. */
    void rally(int rounds) {
        CountDownLatch done = new CountDownLatch(1);
        server.tell(new Rally.Serve(rounds, inFlight, done));
        Target.await(done, "a rally of " + rounds + " round trips");
    }
}
