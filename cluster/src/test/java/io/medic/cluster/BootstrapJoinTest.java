package io.medic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.Node;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code medic.cluster.join = bootstrap}: two nodes that know no seed node find each other through Akka
 * Management's Cluster Bootstrap (Akka Discovery's {@code config} method lists their management
 * endpoints), the lowest contact point forms the cluster and the other joins it; each node's readiness
 * check ({@code GET /ready}) answers 200 once it is Up.
 */
// the first node probes the second's contact point before its HTTP server is up: connection refused
@ExpectLog(level = "WARN", logger = "akka.management.cluster.bootstrap", message = "Probing")
class BootstrapJoinTest {
    private static final String SERVICE = "medic-boot";

    private static Config config(int port, int[] ports) {
        StringBuilder endpoints = new StringBuilder();
        for (int p : ports) {
            endpoints.append(endpoints.length() == 0 ? "" : ", ").append("{host = \"127.0.0.1\", port = ").append(p).append('}');
        }
        return ConfigFactory.parseString(String.join("\n",
                "medic.cluster.join = bootstrap",
                "akka.management.http.hostname = \"127.0.0.1\"",
                "akka.management.http.port = " + port,
                "akka.discovery.config.services." + SERVICE + ".endpoints = [" + endpoints + "]",
                "akka.management.cluster.bootstrap.contact-point-discovery {",
                "  service-name = " + SERVICE,
                "  discovery-method = config",
                "  required-contact-point-nr = " + ports.length,
                "  stable-margin = 500ms",
                "  interval = 200ms",
                "}",
                // both endpoints are on 127.0.0.1: keep the other port, not only this node's own
                "akka.management.cluster.bootstrap.contact-point.filter-on-fallback-port = false",
                "akka.management.cluster.bootstrap.contact-point.probe-interval = 200ms"))
                .withFallback(MedicCluster.config(SERVICE, "127.0.0.1", 0, List.of()))
                .withFallback(TestCluster.defaults());
    }

    @Test
    void nodesWithoutSeedsFormAClusterThroughClusterBootstrap() {
        int[] ports = {TestCluster.freePort(), TestCluster.freePort()};
        List<Node> nodes = new ArrayList<>();
        try {
            List<URI> bases = new ArrayList<>();
            for (int port : ports) {
                Node node = Node.start(SERVICE, config(port, ports));
                nodes.add(node);
                bases.add(MedicManagement.start(node));
            }
            for (Node node : nodes) {
                MedicCluster c = MedicCluster.get(node);
                Await.until(() -> c.nodeName() + " sees " + c.members(), () -> c.members().size() == 2
                        && c.members().stream().allMatch(m -> m.status().equals("up")));
            }
            for (URI base : bases) {
                Http.Response ready = Http.get(base, "/ready");
                assertEquals(200, ready.status(), ready.body());
            }
            // one cluster: both nodes name the same members
            assertEquals(MedicCluster.get(nodes.get(0)).members().stream().map(ClusterMember::node).sorted().toList(),
                    MedicCluster.get(nodes.get(1)).members().stream().map(ClusterMember::node).sorted().toList());
            assertTrue(MedicCluster.get(nodes.get(0)).members().stream().anyMatch(ClusterMember::self));
        } finally {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                nodes.get(i).close();
            }
        }
    }
}
