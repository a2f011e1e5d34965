package io.medic.council;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.cluster.MedicCluster;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.RemotePid;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code --nodes 3}: the council as a cluster of three nodes in one JVM — its members spread over them
 * and talking across nodes (by their global names), the chair (a failover application) on one node,
 * failing over when that node is downed.
 */
@ExpectLog(level = "WARN", logger = "io.medic.introspection.MedicRouteProvider", message = "mutating /medic routes")
@ExpectLog(level = "WARN", logger = "akka") // the downed node: Akka Cluster's and Artery's warnings
class CouncilClusterTest {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void membersSpreadAndTalkAcrossNodesAndTheChairFailsOverWhenItsNodeIsDowned() throws Exception {
        try (CouncilDemo.Running demo = CouncilDemo.start(Options.parse("--nodes", "3", "--members", "6", "--seed", "7",
                "--port", "0", "--artery-port", "0", "--read-only", "false"))) {
            List<Node> nodes = demo.nodes();
            assertEquals(3, nodes.size());
            Await.until("three members up", () -> MedicCluster.get(nodes.get(0)).members().stream()
                    .filter(m -> m.status().equals("up")).count() == 3);
            List<String> names = demo.council().names();
            for (int j = 0; j < names.size(); j++) {
                for (int i = 0; i < 3; i++) {
                    assertEquals(j % 3 == i, nodes.get(i).whereis(names.get(j)).isPresent(), names.get(j) + " on node " + i);
                }
            }
            // every member is found from every node by its global name
            for (String name : names) {
                Await.until(name + " registered globally", () -> MedicCluster.get(nodes.get(0)).global().whereisName(name).isPresent());
            }

            // the chair runs on one node, and hears members of the other nodes
            Pid chair = Await.value("the chair registered", () -> MedicCluster.get(nodes.get(0)).global().whereisName(Council.CHAIR),
                    Optional::isPresent).orElseThrow();
            String chairNode = nodeOf(nodes.get(0), chair);
            Await.untilAsserted(() -> {
                Chair.Minutes m = GenServer.call(chair, "minutes", T);
                assertEquals(chairNode, m.node());
                assertTrue(m.speakers().stream().anyMatch(s -> !runsOn(nodes, names, s).equals(chairNode)),
                        "a speech from another node: " + m);
            });

            // its node is downed (as the Split Brain Resolver would a crashed one): the chair starts on another
            int k = indexOf(nodes, chairNode);
            int other = (k + 1) % 3;
            HttpResponse<String> down = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(demo.urls().get(other) + "/medic/cluster/members/" + chairNode + "/down"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, down.statusCode(), down.body());
            Pid next = Await.value("the chair on another node",
                    () -> MedicCluster.get(nodes.get(other)).global().whereisName(Council.CHAIR),
                    p -> p.isPresent() && !nodeOf(nodes.get(other), p.get()).equals(chairNode)).orElseThrow();
            Chair.Minutes after = GenServer.call(next, "minutes", T);
            assertNotEquals(chairNode, after.node());
            Await.result(nodes.get(k).exitStatus());
        }
    }

    private static String nodeOf(Node from, Pid pid) {
        return pid instanceof RemotePid r ? r.node() : MedicCluster.get(from).nodeName();
    }

    private static int indexOf(List<Node> nodes, String name) {
        for (int i = 0; i < nodes.size(); i++) {
            if (MedicCluster.get(nodes.get(i)).nodeName().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no node " + name);
    }

    /** The node a member runs on: its position modulo the nodes. */
    private static String runsOn(List<Node> nodes, List<String> names, String member) {
        return MedicCluster.get(nodes.get(names.indexOf(member) % nodes.size())).nodeName();
    }
}
