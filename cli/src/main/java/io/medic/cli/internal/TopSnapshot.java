package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API. What one refresh of {@code medic top} read from the node. A part the node could not give
 * this time (another client's window running: {@code 429 busy}; a route an older node lacks) is null, with
 * a note saying why; the next refresh asks again.
 *
 * @param index           {@code GET /medic}: node name, version, routes
 * @param node            {@code GET /medic/node}
 * @param schedulers      {@code GET /medic/node/schedulers?window_ms=}, or null
 * @param schedulersNote  why {@code schedulers} is null
 * @param ranking         {@code GET /medic/processes?sort=} or {@code /medic/processes/window?attr=}, or null
 * @param rankingNote     why {@code ranking} is null
 * @param infos           {@code GET /medic/processes/{pid}} of each ranked pid; a pid whose process exited
 *                        in between is missing
 * @param settings        what was asked
 * @param at              when the refresh ended (local time)
 */
public record TopSnapshot(JsonNode index, JsonNode node, JsonNode schedulers, String schedulersNote, JsonNode ranking,
                          String rankingNote, Map<String, JsonNode> infos, TopSettings settings, LocalTime at)
        implements TopView.Snapshot {
    public TopSnapshot {
        infos = Map.copyOf(infos);
    }

    @Override
    public List<Screen.Line> render(URI base, Terminal.Size size, String status) {
        return TopFrame.render(this, base, size, status);
    }

    /** How many dispatchers the header shows (it sizes the process table). */
    public int dispatchers() {
        return node.path("dispatchers").size();
    }
}
