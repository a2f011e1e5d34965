package io.medic.supervision.internal;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.supervision.SupervisionHistory;
import io.medic.supervision.SupervisorEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * INTERNAL API
 *
 * <p>The ring behind {@link SupervisionHistory}: the node's last {@code medic.supervision.node-history}
 * supervisor events (first starts left out), one per node (an Akka extension). Guarded by its own lock,
 * held for one add or one copy.
 */
public final class NodeSupervisionLog implements Extension {
    private static final Id ID = new Id();

    private static final class Id extends AbstractExtensionId<NodeSupervisionLog> {
        @Override
        public NodeSupervisionLog createExtension(ExtendedActorSystem system) {
            return new NodeSupervisionLog(SupervisionSettings.of(Node.get(system)).nodeHistory);
        }
    }

    private final int capacity;
    private final ArrayDeque<SupervisionHistory.Entry> ring = new ArrayDeque<>();

    private NodeSupervisionLog(int capacity) {
        this.capacity = capacity;
    }

    public static NodeSupervisionLog of(Node node) {
        return ID.get(node.classicSystem());
    }

    /** Keeps {@code event} of {@code supervisor}, unless it is a child's first start, or the ring is off. */
    void add(Pid supervisor, String name, SupervisorEvent event) {
        if (capacity == 0 || event instanceof SupervisorEvent.ChildStarted s && s.restarts() == 0) {
            return;
        }
        SupervisionHistory.Entry e = new SupervisionHistory.Entry(supervisor, name, event);
        synchronized (ring) {
            if (ring.size() >= capacity) {
                ring.pollFirst();
            }
            ring.addLast(e);
        }
    }

    public List<SupervisionHistory.Entry> recent(int limit) {
        synchronized (ring) {
            List<SupervisionHistory.Entry> out = new ArrayList<>(Math.min(limit, ring.size()));
            for (Iterator<SupervisionHistory.Entry> it = ring.descendingIterator(); it.hasNext() && out.size() < limit; ) {
                out.add(it.next());
            }
            return out;
        }
    }

    public int capacity() {
        return capacity;
    }
}
