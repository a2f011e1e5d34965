package io.medic.supervision.internal;

import java.util.EnumSet;
import java.util.Set;

/**
 * INTERNAL API
 *
 * <p>Where a supervisor is in its life, with the legal transitions between phases (the model is
 * resilience4j's {@code CircuitBreaker.StateTransition}: a transition not in the table throws, naming
 * both ends). Erlang's supervisor needs no such thing, since it performs each operation synchronously;
 * on Akka a start or a stop is a chain of messages, and the phase says what the supervisor may do
 * meanwhile:
 *
 * <pre>
 *   STARTING ──► IDLE ◄──► BUSY
 *      │          │
 *      ▼          ▼
 *   ABORTING   SHUTTING_DOWN
 *      │          │
 *      ▼          ▼
 *  START_FAILED  EXITING
 * </pre>
 *
 * Only {@link #IDLE} takes changes: in every other phase, calls that change children, children's exits,
 * exit signals and retries wait, in arrival order, until the supervisor is idle again (or are dropped
 * once it is on its way out). Immutable.
 */
enum SupervisorPhase {
    /** Starting its children in order; its own start is not acknowledged yet. */
    STARTING,
    /** Running, with no operation in progress. */
    IDLE,
    /** An operation (start, terminate or restart children) is in progress. */
    BUSY,
    /** Stopping every child before it exits (an exit signal, the intensity, an automatic shutdown). */
    SHUTTING_DOWN,
    /** A child failed to start: stopping the children already started before the start fails. */
    ABORTING,
    /** Its children are stopped: it exits (terminal). */
    EXITING,
    /** Its children are stopped: its start fails (terminal). */
    START_FAILED;

    /** The phases this one may move to. */
    Set<SupervisorPhase> next() {
        return switch (this) {
            case STARTING -> EnumSet.of(IDLE, ABORTING);
            case IDLE -> EnumSet.of(BUSY, SHUTTING_DOWN);
            case BUSY -> EnumSet.of(IDLE);
            case SHUTTING_DOWN -> EnumSet.of(EXITING);
            case ABORTING -> EnumSet.of(START_FAILED);
            case EXITING, START_FAILED -> EnumSet.noneOf(SupervisorPhase.class);
        };
    }

    /**
     * The move to {@code to}.
     *
     * @param supervisor who moves, for the error
     * @throws IllegalStateException if the move is not a legal transition, naming the supervisor and
     *                               both phases
     */
    SupervisorPhase to(SupervisorPhase to, Object supervisor) {
        if (!next().contains(to)) {
            throw new IllegalStateException("supervisor " + supervisor + ": illegal phase transition " + this
                    + " -> " + to + " (legal from " + this + ": " + next() + ")");
        }
        return to;
    }

    /** True if calls that change children, exits and retries are handled now rather than postponed. */
    boolean takesChanges() {
        return this == IDLE;
    }

    /** True once the supervisor has decided how it ends and stopped its children. */
    boolean terminal() {
        return this == EXITING || this == START_FAILED;
    }
}
