package io.medic.runtime.trace;

import io.medic.runtime.MedicException;

/**
 * The node already runs as many trace sessions as it allows ({@code medic.trace.max-sessions}, 1 by
 * default, as recon runs one tracer per node): the message names the running ones, so that their owner
 * can be asked, or they can be cleared ({@link Trace#clear}).
 */
public final class TraceBusyException extends MedicException {
    private static final long serialVersionUID = 1L;

    public TraceBusyException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "busy";
    }
}
