package io.medic.introspection;

import io.medic.runtime.MedicException;

/**
 * A window of the same kind is already being sampled on this node. Medic's one busy rule: process
 * windows ({@link Recon#procWindow}), port windows ({@link Recon#inetWindow}, {@link Recon#portWindow})
 * and scheduler windows ({@link Recon#schedulerUsage}) each run at most one at a time per node, because
 * each holds a snapshot of a whole table (processes, ports or threads) for its window; a window of
 * another kind is not in the way. The stage of the refused call fails with this at once. Retry once
 * the running window is done. Over HTTP: {@code 429 busy}.
 */
public final class IntrospectionBusyException extends MedicException {
    private static final long serialVersionUID = 1L;

    public IntrospectionBusyException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "busy";
    }
}
