package io.medic.runtime.internal;

/**
 * INTERNAL API
 *
 * <p>A sys request ({@code sys:get_state}, {@code sys:suspend} ...): handled by every Medic process
 * outside its user protocol, even while it is suspended.
 */
public final class SysRequest extends Request<Object> {

    public enum Op {
        GET_STATE, GET_STATUS, REPLACE_STATE, SUSPEND, RESUME, TERMINATE,
        STATISTICS_ON, STATISTICS_OFF, STATISTICS_GET,
        LOG_ON, LOG_OFF, LOG_GET, TRACE_ON, TRACE_OFF,
        INSTALL, REMOVE, NO_DEBUG
    }

    /** The argument of {@link Op#INSTALL}. */
    public record Install(Object id, io.medic.runtime.SysDebugFunction<?> fn, Object state) {
    }

    public final Op op;
    public final Object arg;

    public SysRequest(Op op, Object arg, ProcessRecord target) {
        super(target);
        this.op = op;
        this.arg = arg;
    }

    @Override
    public String toString() {
        return "SysRequest(" + op + ")";
    }
}
