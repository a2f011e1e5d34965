package io.medic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.introspection.Recon;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * GET /medic/cluster/...: every member asked, the answers merged, the members that did not answer named
 * with why (recon:rpc's bad nodes), the parameters checked as Medic's own routes check them.
 */
class ClusterRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static TestCluster cluster;
    private static URI base;

    @BeforeAll
    static void start() {
        cluster = new TestCluster();
        cluster.add(ConfigFactory.parseString("akka.management.http.hostname = \"127.0.0.1\""), 0, List.of());
        cluster.add(ConfigFactory.empty(), 0, List.of());
        // node 2 answers queries on one thread, which a test can hold
        cluster.add(ConfigFactory.parseString("medic.http.dispatcher { executor = \"thread-pool-executor\"\n"
                + "thread-pool-executor.fixed-pool-size = 1 }"), 0, List.of());
        cluster.awaitUp();
        base = MedicManagement.start(cluster.node(0));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @AfterEach
    void openGates() {
        Gate.openAll();
    }

    /** A process of {@code node} held in its handler with {@code queued} messages behind it. */
    private static Pid drowning(int node, int queued) {
        Pid p = GenServer.startSync(cluster.node(node), new Recorder(), SpawnOptions.DEFAULT, T);
        Gate gate = new Gate();
        GenServer.cast(p, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < queued; i++) {
            GenServer.cast(p, "m" + i);
        }
        return p;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    private static Set<String> allNodes() {
        return new TreeSet<>(List.of(cluster.name(0), cluster.name(1), cluster.name(2)));
    }

    @Test
    void theRankingMergesEveryMembersTopNEachProcessWithItsNode() {
        Pid five = drowning(1, 5);
        Pid seven = drowning(2, 7);
        Http.Response r = Http.get(base, "/medic/cluster/processes?sort=message_queue_len&limit=2&timeout_ms=5000");
        assertEquals(200, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals("message_queue_len", j.path("attribute").asText());
        assertEquals(2, j.path("limit").asInt());
        assertEquals(5000, j.path("timeout_ms").asLong());
        assertEquals(List.of(seven + "@" + cluster.name(2), five + "@" + cluster.name(1)),
                texts(j.path("processes"), "pid"), r.body());
        assertEquals(List.of(cluster.name(2), cluster.name(1)), texts(j.path("processes"), "node"));
        assertEquals(List.of("7", "5"), texts(j.path("processes"), "value"));
        assertEquals(allNodes(), new TreeSet<>(texts(j.path("nodes"), null)));
        assertEquals(0, j.path("bad_nodes").size(), r.body());
        // the pid as printed is a pid every node parses back to that process
        assertEquals(seven.number(), cluster.node(0).pid(j.path("processes").get(0).path("pid").asText()).number());
    }

    @Test
    void aMemberThatDoesNotAnswerInTimeIsNamedAndTheOthersAreMerged() {
        Pid three = drowning(1, 3);
        drowning(2, 9); // the cluster's largest queue, on the node that will not answer
        Gate held = new Gate();
        cluster.node(2).classicSystem().dispatchers().lookup("medic.http.dispatcher").execute(() -> {
            try {
                held.pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        held.awaitEntered();

        Http.Response r = Http.get(base, "/medic/cluster/processes?sort=message_queue_len&limit=1&timeout_ms=300");
        assertEquals(200, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals(List.of(three + "@" + cluster.name(1)), texts(j.path("processes"), "pid"), r.body());
        assertEquals(List.of(cluster.name(2)), texts(j.path("bad_nodes"), "node"));
        assertEquals("timeout after 300 ms", j.path("bad_nodes").get(0).path("reason").asText());
        assertEquals(new TreeSet<>(List.of(cluster.name(0), cluster.name(1))), new TreeSet<>(texts(j.path("nodes"), null)));

        Http.Response stats = Http.get(base, "/medic/cluster/nodes?timeout_ms=300");
        assertEquals(200, stats.status(), stats.toString());
        assertEquals(List.of(cluster.name(2)), texts(stats.json().path("bad_nodes"), "node"), stats.body());
        for (JsonNode n : stats.json().path("nodes")) {
            assertEquals(n.path("node").asText().equals(cluster.name(2)), n.path("stats").isNull(), n.toString());
        }
        held.open();
        Await.untilAsserted(() -> assertEquals(0, Http.get(base, "/medic/cluster/nodes").json().path("bad_nodes").size()));
    }

    @Test
    void theWindowFormSamplesEveryMemberAtOnceAndABusyMemberIsABadNode() {
        Http.Response r = Http.get(base, "/medic/cluster/processes/window?attr=reductions&limit=3&window_ms=50&timeout_ms=5000");
        assertEquals(200, r.status(), r.toString());
        assertEquals(50, r.json().path("window_ms").asLong());
        assertEquals("reductions", r.json().path("attribute").asText());
        assertEquals(allNodes(), new TreeSet<>(texts(r.json().path("nodes"), null)), r.body());

        // node 1 is sampling a window of its own: one window per node at a time
        CompletionStage<?> own = Recon.of(cluster.node(1)).procWindow(ProcessAttribute.REDUCTIONS, 3, Duration.ofSeconds(3));
        Http.Response busy = Http.get(base, "/medic/cluster/processes/window?attr=reductions&limit=3&window_ms=50&timeout_ms=2000");
        assertEquals(200, busy.status(), busy.toString());
        assertEquals(List.of(cluster.name(1)), texts(busy.json().path("bad_nodes"), "node"), busy.body());
        assertTrue(busy.json().path("bad_nodes").get(0).path("reason").asText().startsWith("busy: "), busy.body());
        Await.result(own);
    }

    @Test
    void theMembersWithTheirStatsAndWhereEachServesItsApi() {
        Http.Response r = Http.get(base, "/medic/cluster/nodes");
        assertEquals(200, r.status(), r.toString());
        JsonNode j = r.json();
        assertEquals(cluster.name(0), j.path("node").asText());
        assertEquals(3, j.path("nodes").size(), r.body());
        for (JsonNode n : j.path("nodes")) {
            boolean self = n.path("node").asText().equals(cluster.name(0));
            assertEquals("up", n.path("status").asText());
            assertTrue(n.path("reachable").asBoolean());
            assertEquals(self, n.path("self").asBoolean());
            if (self) {
                assertEquals(base.toString().replaceAll("/$", ""), n.path("base_url").asText().replaceAll("/$", ""));
            } else {
                assertTrue(n.path("base_url").isNull(), "no HTTP server there: " + n);
            }
            assertTrue(n.path("stats").has("process_count"), n.toString());
        }
        assertEquals(1, texts(j.path("nodes"), "oldest").stream().filter("true"::equals).count());
    }

    @Test
    void globalNamesAreListedWithTheirHoldersNodes() {
        Pid usher = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, T);
        cluster.cluster(1).global().registerName("route-usher", usher);
        Await.untilAsserted(() -> assertEquals(usher + "@" + cluster.name(1),
                Http.get(base, "/medic/cluster/global").json().path("names").path("route-usher").asText()));
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        Http.Response sort = Http.get(base, "/medic/cluster/processes?sort=bogus");
        assertEquals(400, sort.status(), sort.toString());
        assertEquals("bad_attribute", sort.json().path("error").asText());
        assertTrue(sort.json().path("message").asText().contains("'bogus'"), sort.body());
        assertEquals("bad_limit", Http.get(base, "/medic/cluster/processes?sort=memory&limit=0").json().path("error").asText());
        assertEquals("bad_timeout", Http.get(base, "/medic/cluster/nodes?timeout_ms=x").json().path("error").asText());
        assertEquals("bad_after", Http.get(base, "/medic/cluster/processes?sort=memory&after=5").json().path("error").asText());
        assertEquals("bad_attribute", Http.get(base, "/medic/cluster/processes/window?limit=3").json().path("error").asText());
    }

    @Test
    @ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "clear-text password")
    void aNodeOutsideAClusterAnswersNotClusteredBehindTheSameAuthentication() {
        try (Node plain = Node.start("plain", ConfigFactory.parseString(String.join("\n",
                "akka.management.http.hostname = \"127.0.0.1\"", "akka.management.http.port = 0",
                "medic.http.auth.users { viewer { password = \"viewer-secret\", roles = [] } }")))) {
            assertFalse(MedicCluster.isClustered(plain));
            URI uri = MedicManagement.start(plain);
            assertEquals(401, Http.get(uri, "/medic/cluster/nodes").status());
            Http.Response r = Http.get(uri, "/medic/cluster/nodes", "Authorization", Http.basic("viewer", "viewer-secret"));
            assertEquals(404, r.status(), r.toString());
            assertEquals("not_clustered", r.json().path("error").asText());
            // the module's stand-ins for Akka Management's cluster entries: no cluster routes, and ready
            assertEquals(404, Http.get(uri, "/cluster/members").status());
            assertEquals(200, Http.get(uri, "/ready").status());
        }
    }

    @Test
    @ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "clear-text password")
    void leaveIsAnAuditedAdminRowAndAkkasUnauthenticatedClusterRoutesAreOff() {
        try (TestCluster secured = TestCluster.start(2, ConfigFactory.parseString(String.join("\n",
                "akka.management.http.hostname = \"127.0.0.1\"",
                "akka.management.http.route-providers-read-only = false",
                "medic.http.auth.users {",
                "  root { password = \"root-secret\", roles = [\"admin\"] }",
                "  viewer { password = \"viewer-secret\", roles = [] }",
                "}")))) {
            URI uri = MedicManagement.start(secured.node(0));
            String root = Http.basic("root", "root-secret");
            // Akka Management's /cluster/members is outside /medic and its authentication: not served
            assertEquals(404, Http.get(uri, "/cluster/members", "Authorization", root).status());
            assertEquals(401, Http.get(uri, "/medic/cluster/nodes").status());

            String leave = "/medic/cluster/members/" + secured.name(1) + "/leave";
            assertEquals(401, Http.post(uri, leave).status());
            assertEquals(403, Http.post(uri, leave, "Authorization", Http.basic("viewer", "viewer-secret")).status());
            Http.Response unknown = Http.post(uri, "/medic/cluster/members/127.0.0.1:1/leave", "Authorization", root);
            assertEquals(404, unknown.status(), unknown.toString());
            assertEquals("no_member", unknown.json().path("error").asText());
            assertEquals(2, secured.cluster(0).members().size(), "nothing has left yet");

            Http.Response r = Http.post(uri, leave, "Authorization", root);
            assertEquals(200, r.status(), r.toString());
            assertEquals("leave", r.json().path("action").asText());
            Await.until("node 1 left", () -> secured.cluster(0).members().size() == 1);
            Await.result(secured.node(1).exitStatus());
        }
    }
}
