package io.medic.cluster;

import io.medic.runtime.Pid;
import java.util.List;

/** The messages the cluster tests send between nodes: Jackson through {@link ClusterMessage}. */
final class Messages {
    private Messages() {
    }

    record Echo(String text) implements ClusterMessage {
    }

    record Received(List<String> items) implements ClusterMessage {
    }

    /** Carries a pid to another node and back. */
    record WhoAmI(Pid pid) implements ClusterMessage {
    }

    /** Has no serializer: cannot leave its node. */
    record Local(String text) {
    }
}
