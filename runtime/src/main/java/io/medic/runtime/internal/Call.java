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

    /**
     * Completes the caller's wait. A reply delivered is a message sent by whoever replies: it counts in
     * the {@code messages_out} of the handler running on this thread, if any (the server's, when it
     * replies from its handler), as {@code gen_server:reply/2} is a send.
     */
    @Override
    public boolean reply(Object reply) {
        boolean delivered = future.complete(reply);
        if (delivered) {
            Running.countSend();
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
