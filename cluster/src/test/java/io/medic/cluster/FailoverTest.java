package io.medic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.Node;
import io.medic.supervision.Application;
import io.medic.supervision.ApplicationInfo;
import io.medic.supervision.Applications;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A failover application runs on the first node of its list; when that node crashes it is started on
 * the next (failover); when the first node comes back it moves back there (takeover).
 */
@ExpectLog(level = "WARN", logger = "akka.cluster") // the crashed node: unreachable, downed by the SBR
@ExpectLog(level = "WARN", logger = "akka.remote") // and quarantined
@ExpectLog(level = "WARN", logger = "io.medic.application", message = "type temporary") // the chair stopped with it
class FailoverTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static FailoverApplication chair(List<String> nodes, boolean takeover) {
        SupervisorSpec tree = SupervisorSpec.of(SupervisorFlags.oneForOne(),
                List.of(ChildSpec.worker("clerk", Recorder::new).withName("clerk")));
        // temporary: the crash of a node (its ActorSystem stopped in this JVM) must not stop the node a second time
        return FailoverApplication.of(Application.temporary("chair", tree)).withNodes(nodes).withTakeover(takeover);
    }

    private static boolean runs(Node node) {
        return Applications.of(node).get("chair")
                .map(i -> i.status() == ApplicationInfo.Status.RUNNING).orElse(false);
    }

    /** Which of the cluster's live nodes run the chair (by index). */
    private static List<Integer> runningOn(TestCluster c) {
        return IntStream.range(0, c.nodes.size()).filter(i -> c.isLive(i) && runs(c.node(i))).boxed().toList();
    }

    @Test
    void itFailsOverWhenItsNodeCrashesAndIsTakenBackWhenTheNodeReturns() {
        int port1 = TestCluster.freePort();
        int port2 = TestCluster.freePort();
        List<String> list = List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2);
        try (TestCluster c = new TestCluster()) {
            c.add(ConfigFactory.empty(), 0, List.of(chair(list, true)));      // 0: the oldest, not in the list
            c.add(ConfigFactory.empty(), port1, List.of(chair(list, true)));  // 1: first choice
            c.add(ConfigFactory.empty(), port2, List.of(chair(list, true)));  // 2: second choice
            c.awaitUp();

            Await.untilAsserted(() -> assertEquals(List.of(1), runningOn(c)));
            Await.untilAsserted(() -> assertEquals("127.0.0.1:" + port1 + " running",
                    where(c.cluster(0).failoverApplications(T).toCompletableFuture().join())));

            c.crash(1);
            Await.untilAsserted(() -> assertEquals(List.of(2), runningOn(c)));           // failover

            c.add(ConfigFactory.empty(), port1, List.of(chair(list, true)));  // 3: node 1 again, a new incarnation
            Await.untilAsserted(() -> assertEquals(List.of(3), runningOn(c)));           // takeover
            assertEquals(ApplicationInfo.Status.STOPPED, Applications.of(c.node(2)).get("chair").orElseThrow().status());
        }
    }

    @Test
    void withoutTakeoverItStaysWhereItFailedOverTo() {
        try (TestCluster c = new TestCluster()) {
            c.add(ConfigFactory.empty(), 0, List.of(chair(List.of(), false)));
            c.add(ConfigFactory.empty(), 0, List.of(chair(List.of(), false)));
            c.add(ConfigFactory.empty(), 0, List.of(chair(List.of(), false)));
            c.awaitUp();
            // without a list: the oldest candidate (by Akka's age ordering: where the coordinator runs too)
            int oldest = oldest(c);
            Await.untilAsserted(() -> assertEquals(List.of(oldest), runningOn(c)));
            c.crash(oldest); // the coordinator's node too: the singleton moves, the new one rebuilds from the reports
            int next = oldest(c);
            Await.untilAsserted(() -> assertEquals(List.of(next), runningOn(c)));
            List<Integer> after = List.of(next);
            c.add(ConfigFactory.empty(), 0, List.of(chair(List.of(), false)));
            c.awaitUp();
            Await.untilAsserted(() -> assertEquals(c.name(after.get(0)) + " running",
                    where(c.cluster(3).failoverApplications(T).toCompletableFuture().join())));
            assertEquals(after, runningOn(c), "no takeover: it stays");
        }
    }

    /** The index of the oldest live node, as Akka orders members by age. */
    private static int oldest(TestCluster c) {
        int live = IntStream.range(0, c.nodes.size()).filter(c::isLive).findFirst().orElseThrow();
        long count = IntStream.range(0, c.nodes.size()).filter(c::isLive).count();
        String name = Await.value("a membership of the live nodes only", () -> c.cluster(live).members(),
                m -> m.size() == count && m.stream().allMatch(x -> x.reachable() && x.status().equals("up"))).get(0).node();
        return IntStream.range(0, c.nodes.size()).filter(i -> c.isLive(i) && c.name(i).equals(name)).findFirst().orElseThrow();
    }

    private static String where(List<FailoverStatus> status) {
        assertEquals(1, status.size(), status.toString());
        return status.get(0).node() + " " + status.get(0).phase();
    }
}
