package io.medic.supervision;

import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.supervision.internal.NodeSupervisionLog;
import java.util.List;
import java.util.Objects;

/**
 * The node's recent supervisor events, of every supervisor, living or dead: what OTP's logger holds of
 * the supervisor reports ({@code supervisor_report}: {@code child_terminated},
 * {@code reached_max_restart_intensity} ...) once the supervisor that wrote them is gone. A supervisor's
 * own history ({@link SupervisorReport#events()}) dies with it; this ring keeps the last
 * {@code medic.supervision.node-history} events of the whole node, so that a crash dump written after a
 * supervisor gave up (and took its application down) still names it. A child's first start
 * ({@code child_started} with 0 restarts, OTP's progress report) is routine and not kept here. Thread-safe.
 */
public final class SupervisionHistory {

    /**
     * One event and the supervisor it happened in.
     *
     * @param supervisor     the supervisor
     * @param registeredName its registered name then, or null
     * @param event          what happened
     */
    public record Entry(Pid supervisor, String registeredName, SupervisorEvent event) {
        public Entry {
            Objects.requireNonNull(supervisor, "supervisor");
            Objects.requireNonNull(event, "event");
        }
    }

    private final NodeSupervisionLog log;

    private SupervisionHistory(NodeSupervisionLog log) {
        this.log = log;
    }

    /** The history of {@code node}. Cheap. */
    public static SupervisionHistory of(Node node) {
        return new SupervisionHistory(NodeSupervisionLog.of(Objects.requireNonNull(node, "node")));
    }

    /**
     * The newest events, newest first, at most {@code limit}. Cost: a copy of at most
     * {@code medic.supervision.node-history} references under the ring's lock.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public List<Entry> recent(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: bad value " + limit + ", expected 1 or more");
        }
        return log.recent(limit);
    }

    /** How many events the ring keeps ({@code medic.supervision.node-history}). */
    public int capacity() {
        return log.capacity();
    }
}
