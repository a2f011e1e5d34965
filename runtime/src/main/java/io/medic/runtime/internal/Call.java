package io.medic.runtime.internal;

import io.medic.runtime.From;

/**
 * INTERNAL API
 *
 * <p>A {@code gen_server:call} request; it is its own {@link From}.
 */
public final class Call extends Request<Object> implements From {
    public final Object request;

    public Call(Object request, ProcessRecord server) {
        super(server);
        this.request = request;
    }

    @Override
    public boolean reply(Object reply) {
        // counted before the caller can see the reply, so a caller never sees messages_out behind
        target.addOut(1);
        boolean delivered = future.complete(reply);
        if (!delivered) {
            target.addOut(-1); // too late: the caller already got an answer or gave up
        }
        return delivered;
    }

    @Override
    public boolean isDone() {
        return future.isDone();
    }

    @Override
    public String toString() {
        return "Call(" + request.getClass().getName() + ")";
    }
}
