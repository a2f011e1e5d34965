package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * INTERNAL API. The CLI's requests to a node's {@code /medic/cluster} routes (docs/cluster.md,
 * cluster-wide introspection: {@code recon:rpc} over HTTP), with one answer for a node that is not in a
 * cluster — {@code 404 not_clustered} from a node with the cluster module outside a cluster, or
 * {@code 404 not_found} from a node without the module — : a {@link CliException} with
 * {@link ExitCode#NOT_CLUSTERED} saying so.
 */
final class ClusterApi {
    /** The longest per-node timeout {@code --timeout} gives (the node caps its own). */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);

    private ClusterApi() {
    }

    /** {@code GET /medic/cluster/nodes}: the members and their node stats, each node given {@code perNode} (null: the node's default). */
    static JsonNode nodes(MedicClient client, Duration perNode) {
        try {
            return get(client, "/medic/cluster/nodes" + query("?", perNode), MedicClient.ANSWER_TIMEOUT.plus(orZero(perNode)))
                    .join();
        } catch (CompletionException e) {
            throw CliException.of(e);
        }
    }

    /**
     * GET {@code target}, one of the {@code /medic/cluster} routes, waiting {@code timeout}; a node not in a
     * cluster fails the stage with {@link ExitCode#NOT_CLUSTERED}.
     */
    static CompletableFuture<JsonNode> get(MedicClient client, String target, Duration timeout) {
        return client.getAsync(target, timeout).exceptionally(failure -> {
            CliException e = CliException.of(failure);
            if ("not_clustered".equals(e.code())) {
                throw new CliException(ExitCode.NOT_CLUSTERED, e.code(), "this node is not in a cluster (" + client.base()
                        + " answered " + e.getMessage() + "); medic nodes, top --cluster and --node need a node of a "
                        + "cluster (docs/cluster.md)");
            }
            if ("not_found".equals(e.code())) {
                throw new CliException(ExitCode.NOT_CLUSTERED, e.code(), "this node is not in a cluster (no cluster module: "
                        + client.base() + " serves no /medic/cluster routes); medic nodes, top --cluster and --node need a "
                        + "node of a cluster, with the medic-cluster module (docs/cluster.md)");
            }
            throw e;
        });
    }

    /** {@code &timeout_ms=N} after {@code separator}, or nothing when {@code perNode} is null. */
    static String query(String separator, Duration perNode) {
        return perNode == null ? "" : separator + "timeout_ms=" + perNode.toMillis();
    }

    static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }

    /**
     * The members that did not answer, named in each of {@code answers}' {@code bad_nodes}, with why:
     * {@code not answering: 127.0.0.1:25521 (timeout after 300 ms)}; {@code every member answered} when none.
     */
    static String notAnswering(JsonNode... answers) {
        Map<String, String> bad = new LinkedHashMap<>();
        for (JsonNode answer : answers) {
            if (answer == null) {
                continue;
            }
            for (JsonNode b : answer.path("bad_nodes")) {
                bad.putIfAbsent(Text.clean(b.path("node").asText()), Text.clean(b.path("reason").asText()));
            }
        }
        if (bad.isEmpty()) {
            return "every member answered";
        }
        StringBuilder s = new StringBuilder("not answering: ");
        String sep = "";
        for (Map.Entry<String, String> e : bad.entrySet()) {
            s.append(sep).append(e.getKey()).append(" (").append(e.getValue()).append(')');
            sep = ", ";
        }
        return s.toString();
    }
}
