package io.medic.runtime.overload;

import akka.actor.testkit.typed.javadsl.ManualTime;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.CastCounter;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The overload tests' node and servers. The node runs on Akka's manual scheduler ({@link ManualTime}):
 * call timeouts, reset timeouts and queue timeouts fire only when a test moves time on, on the test's
 * own thread, so a test decides exactly when each timer fires and never waits for one.
 */
final class OverloadTesting {
    static final Duration START = Duration.ofSeconds(10);

    private OverloadTesting() {
    }

    /** A node on the manual scheduler, named after the test class. */
    static Node manualTimeNode(String name) {
        return Node.start(name, ManualTime.config());
    }

    static ManualTime time(Node node) {
        return ManualTime.get(node.system());
    }

    /** A {@link CastCounter}: any call answers its count; a {@code Block} holds it at a gate. */
    static Pid counter(Node node) {
        return GenServer.startSync(node, new CastCounter(), SpawnOptions.DEFAULT, START);
    }

    /** The pid of a server that has stopped: calls to it fail at once with {@code noproc}. */
    static Pid deadServer(Node node) {
        Pid pid = counter(node);
        Medic.exit(pid, ExitReason.KILLED);
        Await.result(Medic.whenExited(pid));
        return pid;
    }

    /** Opens every gate, kills every process, unlists every breaker and valve. */
    static void cleanUp(Node node) {
        Gate.openAll();
        List<Pid> pids = new ArrayList<>();
        node.processes().entries().forEach(e -> pids.add(e.pid()));
        pids.forEach(p -> Medic.exit(p, ExitReason.KILLED));
        pids.forEach(p -> Await.result(Medic.whenExited(p)));
        Breakers.of(node).list().forEach(b -> Breakers.of(node).remove(b.name()));
        Valves.of(node).list().forEach(v -> Valves.of(node).remove(v.name()));
    }
}
