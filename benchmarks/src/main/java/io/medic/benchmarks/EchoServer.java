package io.medic.benchmarks;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;

/** A GenServer that answers every call with its request at once: what a call costs, not its handler. */
final class EchoServer extends GenServer<Void> {
    @Override
    protected Init<Void> init() {
        return ok(null);
    }

    @Override
    protected Result<Void> handleCall(Object request, From from, Void state) {
        return reply(request, state);
    }
}
