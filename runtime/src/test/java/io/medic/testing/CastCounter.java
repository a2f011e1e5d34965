package io.medic.testing;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;

/**
 * The plainest test GenServer: counts the casts and infos it handles (its state, a {@code Long}), so
 * it can also own ports and take what they deliver ({@code TcpData}, {@code TcpClosed}) without a
 * word; any call answers the count; a {@link Block}, cast or called, waits at its gate instead (and is
 * not counted). Handling is immediate otherwise, so whatever a test measures is Medic's, not the
 * server's.
 */
public final class CastCounter extends GenServer<Long> {
    @Override
    protected Init<Long> init() {
        return ok(0L);
    }

    @Override
    protected Result<Long> handleCast(Object message, Long count) throws Exception {
        if (message instanceof Block b) {
            b.gate().pass();
            return noreply(count);
        }
        return noreply(count + 1);
    }

    @Override
    protected Result<Long> handleInfo(Object message, Long count) {
        return noreply(count + 1);
    }

    @Override
    protected Result<Long> handleCall(Object request, From from, Long count) throws Exception {
        if (request instanceof Block b) {
            b.gate().pass();
        }
        return reply(count, count);
    }
}
