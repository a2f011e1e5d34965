package io.medic.cli.internal;

import io.medic.cli.internal.Screen.Line;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * INTERNAL API. What one kind of {@code medic top} reads and draws: one node ({@link NodeTopView},
 * observer_cli's home and process top) or the whole cluster ({@link ClusterTopView}, the merged ranking of
 * {@code recon:rpc}). {@link Top} runs the refresh loop, the pacing, the keys and the screen for either.
 */
interface TopView {

    /** Reads what the view needs before the first refresh (the routes the node serves, its header's size). */
    void prepare();

    /** How many process rows fit a screen of {@code lines} lines under the header as last drawn; at least 1. */
    int processRows(int lines);

    /**
     * Starts measuring one refresh with {@code s}, ranking {@code rows} processes: its windows, one
     * interval long, start now.
     */
    Measuring measure(TopSettings s, int rows);

    /**
     * A refresh being measured.
     *
     * @param windows completes when its windows end (already complete when it has none)
     * @param fetch   reads the rest of the refresh, once its windows ended, with the settings chosen by then
     *                (a sort key pressed meanwhile applies in absolute mode)
     */
    record Measuring(CompletableFuture<?> windows, Function<TopSettings, CompletableFuture<Snapshot>> fetch) {
    }

    /** What one refresh read: drawn for a terminal size, with {@code status} as its last line. */
    interface Snapshot {
        List<Line> render(URI base, Terminal.Size size, String status);
    }
}
