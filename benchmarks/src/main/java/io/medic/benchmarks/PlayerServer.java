package io.medic.benchmarks;

import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;

/**
 * A ping-pong player as a Medic {@link GenServer} ({@link Kind#MEDIC_GENSERVER}): the same logic as
 * {@link Player}, balls sent with {@code GenServer.cast}. Its state is the mutable {@link Rally}.
 */
final class PlayerServer extends GenServer<Rally> {
    private final long workTokens;
    private Pid peer;

    PlayerServer(long workTokens) {
        this.workTokens = workTokens;
    }

    @Override
    protected Init<Rally> init() {
        return ok(new Rally(workTokens));
    }

    @Override
    protected Result<Rally> handleCast(Object message, Rally rally) {
        if (message == Ball.BALL) {
            if (rally.onBall()) {
                GenServer.cast(peer, Ball.BALL);
            }
        } else if (message instanceof Rally.Serve s) {
            for (int i = rally.serve(s); i > 0; i--) {
                GenServer.cast(peer, Ball.BALL);
            }
        } else if (message instanceof Rally.Peer p) {
            peer = (Pid) p.peer();
        }
        return noreply(rally);
    }
}
