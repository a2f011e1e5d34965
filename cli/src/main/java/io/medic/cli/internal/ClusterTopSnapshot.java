package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.LocalTime;
import java.util.List;

/**
 * INTERNAL API. What one refresh of {@code medic top --cluster} read from the node it asks.
 *
 * @param index    {@code GET /medic}: the asked node's name and version
 * @param nodes    {@code GET /medic/cluster/nodes}: the members and their stats, with its bad nodes
 * @param ranking  {@code GET /medic/cluster/processes?sort=} or {@code /medic/cluster/processes/window?attr=}:
 *                 the merged ranking, with its bad nodes
 * @param settings what was asked
 * @param at       when the refresh ended (local time)
 */
record ClusterTopSnapshot(JsonNode index, JsonNode nodes, JsonNode ranking, TopSettings settings, LocalTime at)
        implements TopView.Snapshot {

    @Override
    public List<Screen.Line> render(URI base, Terminal.Size size, String status) {
        return ClusterFrame.render(this, base, size, status);
    }
}
