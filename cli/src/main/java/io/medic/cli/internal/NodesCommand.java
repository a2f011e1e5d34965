package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * INTERNAL API. {@code medic nodes}: the members of the node's cluster, oldest first, with their status,
 * reachability, roles, HTTP API and node stats — Erlang's {@code [node() | nodes()]} with
 * {@code rpc:call(N, recon, node_stats_list, [1, 0])} of each ({@code GET /medic/cluster/nodes}). The
 * members that did not answer in time are named. A node that is not in a cluster says so, exit status
 * {@link ExitCode#NOT_CLUSTERED}.
 */
@Command(name = "nodes", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The members of the node's cluster and their stats (GET /medic/cluster/nodes; Erlang's nodes()).",
                "Exit status 6 if the node is not in a cluster."})
public final class NodesCommand extends NodeCommand {

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "How long each member has to answer, "
            + "0.001 to 60 (default: the node's, medic.http.limits.default-timeout); those that do not are named.")
    String timeout;

    @Mixin
    JsonOption json;

    @Mixin
    SizeOptions size;

    private Duration perNode;
    private int width;

    @Override
    protected void check() {
        perNode = timeout == null ? null : seconds("--timeout", timeout, ClusterApi.MIN_TIMEOUT, ClusterApi.MAX_TIMEOUT);
        width = size.resolve(env()).columns();
    }

    @Override
    protected int run(MedicClient client) {
        JsonNode answer = ClusterApi.nodes(client, perNode);
        PrintStream out = env().out();
        if (json.printed(answer, out)) {
            return ExitCode.OK;
        }
        int members = answer.path("nodes").size();
        out.println(Text.cut(Text.clean(members + " member" + (members == 1 ? "" : "s") + " of the cluster, as "
                + answer.path("node").asText("?") + " sees them (" + client.base() + ")"), width));
        out.println(Text.cut(ClusterApi.notAnswering(answer), width));
        ClusterFrame.members(answer).render(width).forEach(out::println);
        return ExitCode.OK;
    }
}
