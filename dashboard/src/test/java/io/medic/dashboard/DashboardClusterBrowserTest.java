package io.medic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.cluster.FailoverApplication;
import io.medic.cluster.TestCluster;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.supervision.Application;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster view and the node selector in a real browser against a real cluster: three Medic nodes of
 * one Akka Cluster in this JVM on loopback (medic-cluster's {@link TestCluster}), each serving /medic on
 * a port of its own, a failover application {@code chair} on the oldest, a global name, and processes
 * with queued messages on two of them. The Cluster page lists every member with its stats and a link to
 * its dashboard, ranks the processes of the whole cluster (each row with its node, its pid linking to the
 * process on that node's dashboard), lists the global names and where the chair runs; the selector's
 * links open the same page on each member's own dashboard; a crashed member is named as not answering.
 * The screenshots {@code cluster.png}, {@code cluster-selector.png} and {@code cluster-bad-node.png} are saved
 * for docs/dashboard.md (see {@link DashboardBrowserTest}).
 * The last test crashes a node: the order is fixed.
 */
@ExpectLog(level = "WARN", logger = "akka.cluster") // the crashed node: unreachable
@ExpectLog(level = "WARN", logger = "akka.remote") // and quarantined when downed
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardClusterBrowserTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static TestCluster cluster;
    private static final List<URI> bases = new ArrayList<>();
    private static Browser browser;
    private static Pid five;
    private static Pid seven;

    @BeforeAll
    static void start() {
        Browser.requireChromium();
        Config config = ConfigFactory.parseString(String.join("\n",
                "akka.management.http.hostname = \"127.0.0.1\"",
                // a crashed node stays unreachable (not downed and removed) for the whole test
                "akka.cluster.split-brain-resolver.stable-after = 5m",
                "medic.cluster.failover.sync-timeout = 1s"));
        cluster = new TestCluster();
        try {
            for (int i = 0; i < 3; i++) {
                cluster.add(config, 0, List.of(chair()));
            }
            cluster.awaitUp();
            for (int i = 0; i < 3; i++) {
                bases.add(MedicManagement.start(cluster.node(i)));
            }
            five = drowning(1, 5);
            seven = drowning(2, 7);
            cluster.cluster(1).global().registerName("usher", five);
            browser = Browser.open();
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
    }

    @AfterAll
    static void stop() {
        Gate.openAll();
        if (browser != null) {
            browser.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The failover application {@code chair}: one process for the whole cluster, on the oldest member. */
    private static FailoverApplication chair() {
        return FailoverApplication.of(Application.permanent("chair", SupervisorSpec.of(SupervisorFlags.oneForOne(),
                ChildSpec.worker("speaker", () -> new TestNode.Holder("speaker")).withName("speaker"))));
    }

    /** A process of node {@code i} held in its handler with {@code queued} messages behind it. */
    private static Pid drowning(int i, int queued) {
        Pid p = GenServer.startSync(cluster.node(i), new TestNode.Holder("drowning"), SpawnOptions.DEFAULT, T);
        Gate gate = new Gate();
        GenServer.cast(p, gate);
        gate.awaitEntered();
        for (int k = 0; k < queued; k++) {
            GenServer.cast(p, "m" + k);
        }
        return p;
    }

    /** Node {@code i}'s dashboard at {@code fragment}: base_url + /medic/ui/ + fragment. */
    private static String dashboard(int i, String fragment) {
        return bases.get(i).toString().replaceAll("/$", "") + "/medic/ui/" + fragment;
    }

    private static Set<String> names(int... nodes) {
        Set<String> out = new TreeSet<>();
        for (int i : nodes) {
            out.add(cluster.name(i));
        }
        return out;
    }

    @Test
    @Order(1)
    void theClusterPageListsEveryMemberRanksTheWholeClusterAndNamesGlobalsAndApplications() {
        browser.load(dashboard(0, "#/cluster?sort=message_queue_len&limit=10"));
        browser.awaitUpdates("cluster", 1);
        assertEquals(1, browser.count("#nav-cluster"), "a clustered node has the Cluster page");
        assertEquals("yes", browser.js("return document.body.dataset.cluster"));

        assertEquals(names(0, 1, 2), new TreeSet<>(browser.attributes("#cluster-members tbody tr", "data-node")));
        assertEquals(List.of(cluster.name(0)), browser.attributes("#cluster-members tbody tr[data-self=true]", "data-node"));
        for (int i = 1; i < 3; i++) {
            String row = "#cluster-members tbody tr[data-node='" + cluster.name(i) + "'] ";
            assertEquals(List.of(dashboard(i, "#/")), browser.attributes(row + "a.member-dashboard", "href"));
            assertTrue(browser.text(row).contains("up"), browser.text(row));
            // the stats the route gives: this node's process count is the one its own GET /medic/node says
            assertTrue(Integer.parseInt(browser.attributes(row + "td[data-col=processes]", "data-value").get(0)) > 0);
        }
        assertEquals(0, browser.count("#cluster-bad-nodes li"), "every member answers");

        // the cluster's largest queues, on two other nodes, each row with its node
        Await.untilAsserted(() -> {
            List<String> pids = browser.attributes("#cluster-ranking tbody tr", "data-pid");
            assertTrue(pids.size() >= 2, pids.toString());
            assertEquals(List.of(seven + "@" + cluster.name(2), five + "@" + cluster.name(1)), pids.subList(0, 2));
        });
        assertEquals(List.of(cluster.name(2), cluster.name(1)),
                browser.attributes("#cluster-ranking tbody tr", "data-node").subList(0, 2));
        assertTrue(new TreeSet<>(browser.attributes("#cluster-ranking tbody tr", "data-node")).size() > 1);
        assertEquals(List.of("7", "5"), browser.attributes("#cluster-ranking tbody td[data-col=value]", "data-value").subList(0, 2));
        String fiveOnItsNode = dashboard(1, "#/process/" + URLEncoder.encode(five.toString(), StandardCharsets.UTF_8));
        assertEquals(fiveOnItsNode, browser.attributes("#cluster-ranking tbody tr:nth-child(2) td[data-col=pid] a", "href").get(0));

        Await.untilAsserted(() -> {
            assertTrue(browser.text("#cluster-global").contains("usher"), browser.text("#cluster-global"));
            assertTrue(browser.text("#cluster-applications").contains("running"), browser.text("#cluster-applications"));
        });
        assertEquals(List.of(five + "@" + cluster.name(1)),
                browser.texts("#cluster-global tr[data-name=usher] td[data-col=pid] .pid"));
        assertTrue(browser.text("#cluster-applications tr[data-name=chair]").contains(cluster.name(0)),
                browser.text("#cluster-applications"));

        browser.screenshot(DashboardBrowserTest.SCREENSHOTS, "cluster");

        // the window form and another attribute, kept in the address
        browser.click("#cluster-sort");
        browser.click("#cluster-sort option[value='messages_in']");
        browser.click("#cluster-mode");
        browser.click("#cluster-mode option[value='1000']");
        Await.untilAsserted(() -> assertTrue(browser.text("#cluster-ranking thead").contains("messages in Δ1s"),
                browser.text("#cluster-ranking thead")));
        assertTrue(((String) browser.js("return location.hash")).contains("window_ms=1000"));
        browser.click("#cluster-mode");
        browser.click("#cluster-mode option[value='0']");
        browser.click("#cluster-sort");
        browser.click("#cluster-sort option[value='message_queue_len']");
        Await.untilAsserted(() -> assertEquals(List.of("7", "5"),
                browser.attributes("#cluster-ranking tbody td[data-col=value]", "data-value").subList(0, 2)));
    }

    @Test
    @Order(2)
    void theNodeSelectorOpensTheSamePageOnEachMembersOwnDashboard() {
        browser.load(dashboard(0, "#/processes?sort=memory_bytes"));
        browser.awaitUpdates("processes", 1);
        Await.untilAsserted(() -> assertEquals(1, browser.count("#node-selector")));
        browser.click("#node-selector summary");
        Await.untilAsserted(() -> assertEquals(names(0, 1, 2), new TreeSet<>(browser.attributes("#node-selector-list li", "data-node"))));
        assertEquals(List.of(cluster.name(0)), browser.attributes("#node-selector-list .member.current", "data-node"),
                "the current node is marked, not a link");
        assertTrue(browser.text("#node-selector-list li.current").contains("this node"));
        for (int i = 1; i < 3; i++) {
            assertEquals(List.of(dashboard(i, "#/processes?sort=memory_bytes")),
                    browser.attributes("#node-selector-list a.member[data-node='" + cluster.name(i) + "']", "href"));
        }

        browser.screenshot(DashboardBrowserTest.SCREENSHOTS, "cluster-selector");
        browser.click("#node-selector-list a.member[data-node='" + cluster.name(1) + "']");
        Await.untilAsserted(() -> assertEquals(String.valueOf(bases.get(1).getPort()), browser.js("return location.port")));
        browser.awaitUpdates("processes", 1);
        assertTrue(((String) browser.js("return location.hash")).contains("sort=memory_bytes"), "the same page");
        Await.untilAsserted(() -> assertEquals(List.of(cluster.name(1)),
                browser.attributes("#node-selector-list .member.current", "data-node"), "now on node 1"));

        // a process of the cluster-wide ranking opens on its own node's dashboard
        browser.load(dashboard(0, "#/cluster?sort=message_queue_len"));
        browser.awaitUpdates("cluster", 1);
        browser.click("#cluster-ranking tbody tr[data-pid='" + five + "@" + cluster.name(1) + "'] td[data-col=pid] a");
        Await.untilAsserted(() -> assertEquals(String.valueOf(bases.get(1).getPort()), browser.js("return location.port")));
        browser.awaitUpdates("process", 1);
        Await.untilAsserted(() -> assertTrue(browser.text("#main").contains(five.toString()), browser.text("#main")));
        assertTrue(!browser.text("#main").contains("noproc"), browser.text("#main"));
    }

    @Test
    @Order(3)
    void aCrashedMemberIsNamedAsNotAnsweringAndItsLinkIsDisabled() {
        browser.load(dashboard(0, "#/cluster"));
        browser.awaitUpdates("cluster", 1);
        Gate.openAll(); // a process held in its handler would hold its node's termination
        cluster.crash(2);
        String bad = "#cluster-bad-nodes li[data-node='" + cluster.name(2) + "']";
        Await.untilAsserted(() -> assertTrue(browser.text(bad).contains("did not answer: unreachable"),
                browser.text("#cluster-bad-nodes") + " / " + browser.text("#cluster-members")));
        assertTrue(browser.text("#cluster-members tbody tr[data-node='" + cluster.name(2) + "']").contains("unreachable"));
        Await.untilAsserted(() -> assertEquals(names(0, 1), new TreeSet<>(browser.attributes("#cluster-ranking tbody tr", "data-node"))));
        browser.screenshot(DashboardBrowserTest.SCREENSHOTS, "cluster-bad-node");
        browser.click("#node-selector summary");
        String member = "#node-selector-list .member.disabled[data-node='" + cluster.name(2) + "']";
        Await.untilAsserted(() -> assertEquals(1, browser.count(member)));
        assertEquals(0, browser.count("#node-selector-list a[data-node='" + cluster.name(2) + "']"));
        assertTrue(browser.attributes(member, "title").get(0).contains("did not answer: unreachable"));
        cluster.cluster(0).down(cluster.name(2)); // removed: the others leave the cluster quickly when closed
    }
}
