package io.medic.runtime;

import io.medic.testing.Await;
import io.medic.testing.Gate;
import java.util.ArrayList;
import java.util.List;

/** Test isolation: what one test leaves running must not disturb the next test's counts. */
final class Cleanup {
    private Cleanup() {
    }

    /** Opens every gate, kills every process of the node and waits until all have exited. */
    static void killAll(Node node) {
        Gate.openAll();
        List<Pid> pids = new ArrayList<>();
        node.processes().entries().forEach(e -> pids.add(e.pid()));
        for (Pid pid : pids) {
            Medic.exit(pid, ExitReason.KILLED);
        }
        for (Pid pid : pids) {
            Await.result(Medic.whenExited(pid));
        }
        Await.until("the process table of " + node.name() + " to be empty", () -> node.processes().size() == 0);
    }
}
