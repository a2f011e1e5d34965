package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.CompletableFuture;

/**
 * INTERNAL API. {@code medic top --cluster}: the cluster's top processes, {@code recon:rpc} of
 * {@code proc_count} ({@code GET /medic/cluster/processes?sort=}) or, in window mode, of
 * {@code proc_window} ({@code /medic/cluster/processes/window?attr=}, measured on every member at once for
 * the interval), merged by the node asked, under its members and their stats
 * ({@code GET /medic/cluster/nodes}). Each member is given the same timeout ({@code --timeout}, else the
 * node's default); the members that did not answer are named, and the frame is made of the others.
 */
final class ClusterTopView implements TopView {
    private final MedicClient client;
    /** Each member's timeout, or null for the node's default. */
    private final Duration perNode;
    private JsonNode index;
    /** How many members the last frame showed (they size the process table). */
    private volatile int members;

    ClusterTopView(MedicClient client, Duration perNode) {
        this.client = client;
        this.perNode = perNode;
    }

    @Override
    public void prepare() {
        members = ClusterApi.nodes(client, perNode).path("nodes").size(); // first: a node outside a cluster says so
        index = client.get("/medic");
    }

    @Override
    public int processRows(int lines) {
        return ClusterFrame.processRows(lines, members);
    }

    @Override
    public Measuring measure(TopSettings s, int rows) {
        CompletableFuture<JsonNode> window = s.window()
                ? ClusterApi.get(client, "/medic/cluster/processes/window?attr=" + s.sort().wireName() + "&limit=" + rows
                        + "&window_ms=" + s.interval().toMillis() + ClusterApi.query("&", perNode), answerTimeout(s.interval()))
                : null;
        return new Measuring(window == null ? CompletableFuture.completedFuture(null) : window,
                now -> fetch(window == null && !now.window() ? now : s, rows, window));
    }

    /** The members' stats and, in absolute mode, the ranking by the sort chosen now. */
    private CompletableFuture<Snapshot> fetch(TopSettings s, int rows, CompletableFuture<JsonNode> window) {
        CompletableFuture<JsonNode> nodes = ClusterApi.get(client, "/medic/cluster/nodes" + ClusterApi.query("?", perNode),
                answerTimeout(Duration.ZERO));
        CompletableFuture<JsonNode> ranking = window != null ? window : ClusterApi.get(client, "/medic/cluster/processes?sort="
                + s.sort().wireName() + "&limit=" + rows + ClusterApi.query("&", perNode), answerTimeout(Duration.ZERO));
        return nodes.thenCombine(ranking, (n, r) -> {
            members = n.path("nodes").size();
            return new ClusterTopSnapshot(index, n, r, s, LocalTime.now());
        });
    }

    /** How long to wait for an answer that first measures {@code window}, then waits for the members. */
    private Duration answerTimeout(Duration window) {
        return window.plus(ClusterApi.orZero(perNode)).plus(MedicClient.ANSWER_TIMEOUT);
    }
}
