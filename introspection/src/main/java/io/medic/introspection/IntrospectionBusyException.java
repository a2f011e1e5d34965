package io.medic.introspection;

import io.medic.runtime.MedicException;

/**
 * A window of the same kind is already being sampled on this node: {@link Recon#procWindow} and
 * {@link Recon#schedulerUsage} each run at most one at a time per node, because each holds a
 * snapshot of the whole process (or thread) table for its window. Retry once it is done. Over HTTP:
 * {@code 429}.
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
