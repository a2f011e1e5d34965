package io.medic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A partition heals with a global name registered on both sides: every node keeps the registration
 * made first, and the loser's node applies the winner's rule — kills it (the default, OTP's
 * random_exit_name), or unregisters and notifies it.
 */
@ExpectLog(level = "WARN", logger = "akka.cluster") // the partition: each side marks the other unreachable
@ExpectLog(level = "WARN", logger = "io.medic.cluster", message = "was registered to both")
class GlobalPartitionTest {
    private static final Duration T = Duration.ofSeconds(10);

    /** Two nodes, no downing (so that the partition can heal), short global writes. */
    private static TestCluster partitionable() {
        return TestCluster.start(2, ConfigFactory.parseString(
                "akka.cluster.downing-provider-class = \"\"\nmedic.cluster.global.write-timeout = 500ms"));
    }

    /** Cuts the two nodes apart and waits until each sees the other unreachable. */
    private static void partition(TestCluster c) {
        c.blackhole(0, 1);
        for (int i = 0; i < 2; i++) {
            int n = i;
            Await.until("node " + n + " to see the other unreachable",
                    () -> c.cluster(n).members().stream().anyMatch(m -> !m.reachable()));
        }
    }

    private static Pid recorder(TestCluster c, int node) {
        return GenServer.startSync(c.node(node), new Recorder(), SpawnOptions.DEFAULT, T);
    }

    @Test
    void theFirstRegistrationWinsAndTheLoserIsKilled() {
        try (TestCluster c = partitionable()) {
            partition(c);
            Pid first = recorder(c, 0);
            c.cluster(0).global().registerName("speaker", first);
            Pid second = recorder(c, 1);
            c.cluster(1).global().registerName("speaker", second); // no majority: stands on its side
            assertEquals(Optional.of(first), c.cluster(0).global().whereisName("speaker"));
            assertEquals(Optional.of(second), c.cluster(1).global().whereisName("speaker"));

            c.heal(0, 1);

            assertEquals(ExitReason.KILLED, Await.result(Medic.whenExited(second)), "the loser is killed");
            for (int i = 0; i < 2; i++) {
                int n = i;
                Await.untilAsserted(() -> assertEquals(List.of(first.number()),
                        c.cluster(n).global().registrations("speaker").stream().map(Pid::number).toList()));
            }
            assertTrue(first.isAlive());
            assertEquals(first + "@" + c.name(0), c.cluster(1).global().whereisName("speaker").orElseThrow().toString());
        }
    }

    @Test
    void withNotifyLoserTheLoserIsUnregisteredAndToldButKeepsRunning() {
        try (TestCluster c = partitionable()) {
            partition(c);
            Pid first = recorder(c, 1);
            c.cluster(1).global().registerName("whip", first, Global.Conflict.NOTIFY_LOSER);
            Pid second = recorder(c, 0);
            c.cluster(0).global().registerName("whip", second, Global.Conflict.NOTIFY_LOSER);

            c.heal(0, 1);

            String told = "info:" + new GlobalNameConflict("whip", c.node(0).pid(first + "@" + c.name(1)));
            Await.untilAsserted(() -> assertEquals(List.of(told),
                    GenServer.<Messages.Received>call(second, "received", T).items()));
            assertTrue(second.isAlive());
            for (int i = 0; i < 2; i++) {
                int n = i;
                Await.untilAsserted(() -> assertEquals(List.of(first.number()),
                        c.cluster(n).global().registrations("whip").stream().map(Pid::number).toList()));
            }
            assertEquals(List.of(), GenServer.<Messages.Received>call(first, "received", T).items(), "the winner is not told");
        }
    }
}
