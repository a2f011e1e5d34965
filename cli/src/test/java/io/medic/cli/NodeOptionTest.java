package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.cli.internal.ExitCode;
import io.medic.cluster.MedicCluster;
import io.medic.council.CouncilDemo;
import io.medic.council.Options;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import org.junit.jupiter.api.Test;

/**
 * {@code --node}: a command sent to another member of the {@code --url} node's cluster (the council on two
 * nodes: Alfa and Charlie on the first, Bravo and Delta on the second), found by its base_url in
 * {@code GET /medic/cluster/nodes}.
 */
@ExpectLog(level = "WARN", logger = "akka.stream.Materializer") // the first node's link to the second, closed first
class NodeOptionTest {

    @Test
    void aCommandGoesToTheMemberNamedAndAnUnknownMemberIsAUsageError() {
        try (CouncilDemo.Running demo = CouncilDemo.start(Options.parse("--nodes", "2", "--members", "4", "--seed", "42",
                "--port", "0", "--artery-port", "0"))) {
            Await.until("two members up", () -> MedicCluster.get(demo.node()).members().stream()
                    .filter(m -> m.status().equals("up")).count() == 2);
            String url = "--url=" + demo.urls().get(0);
            String second = MedicCluster.get(demo.nodes().get(1)).nodeName();

            assertNotEquals(ExitCode.OK, new Cli().run("info", "Bravo", url).exit(), "Bravo is not on the first node");
            Cli.Result there = new Cli().run("info", "Bravo", url, "--node", second).assertOk();
            assertTrue(there.out().contains("Bravo"), there.out());

            new Cli().run("info", "Bravo", url, "--node", "127.0.0.1:1")
                    .assertError(ExitCode.USAGE, "--node: bad value '127.0.0.1:1'", second);
        }
    }
}
