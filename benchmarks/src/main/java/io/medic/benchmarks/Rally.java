package io.medic.benchmarks;

import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The state of one ping-pong player, shared by the plain and the GenServer implementation so that
 * both run exactly the same logic per message. Confined to its actor.
 *
 * <p>The server keeps {@code inFlight} balls in the air: it sends that many, returns one for each that
 * comes back until {@code rounds} have been sent, and counts the latch down when the last returns.
 * The other player only returns balls. Every received ball costs {@code workTokens} of
 * {@link Blackhole#consumeCPU} (0 = a trivial handler).
 */
final class Rally {
    /** Starts a rally: sent to the serving player. */
    record Serve(int rounds, int inFlight, CountDownLatch done) {
    }

    /** Tells a player whom to play with (an ActorRef or a Pid). */
    record Peer(Object peer) {
    }

    private final long workTokens;
    private int unsent;
    private int unreturned;
    private CountDownLatch done;

    Rally(long workTokens) {
        this.workTokens = workTokens;
    }

    /** Starts serving; returns how many balls to send now. */
    int serve(Serve s) {
        int first = Math.min(s.inFlight(), s.rounds());
        unsent = s.rounds() - first;
        unreturned = s.rounds();
        done = s.done();
        return first;
    }

    /** Handles one ball; returns true if a ball must be sent to the peer. */
    boolean onBall() {
        if (workTokens > 0) {
            Blackhole.consumeCPU(workTokens);
        }
        CountDownLatch d = done;
        if (d == null) {
            return true; // the receiving player returns every ball
        }
        boolean send = unsent > 0;
        if (send) {
            unsent--;
        }
        if (--unreturned == 0) {
            done = null;
            d.countDown();
        }
        return send;
    }
}
