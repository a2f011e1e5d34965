package io.medic.supervision.internal;

import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.supervision.SupervisorSpec;

/** INTERNAL API — work in progress: the supervisor engine. */
public final class SupervisorServer extends GenServer<Object> {
    public static final String KIND = "supervisor";

    public enum Op { START_CHILD, START_CHILD_ARGS, TERMINATE_CHILD, TERMINATE_CHILD_PID, RESTART_CHILD, DELETE_CHILD,
        WHICH_CHILDREN, COUNT_CHILDREN, REPORT }

    public record Request(Op op, Object arg, Pid pid) {
    }

    private final SupervisorSpec spec;

    public SupervisorServer(SupervisorSpec spec) {
        this.spec = spec;
    }

    @Override
    protected Init<Object> init() {
        throw new UnsupportedOperationException("supervisor engine not implemented yet: " + spec);
    }

    @Override
    protected String processKind() {
        return KIND;
    }
}
