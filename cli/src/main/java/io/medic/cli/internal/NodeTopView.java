package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * INTERNAL API. {@code medic top} of one node: observer_cli's home and process top over HTTP.
 *
 * <p>One refresh: the scheduler usage window ({@code GET /medic/node/schedulers?window_ms=} with the
 * refresh interval, recon's {@code scheduler_usage/1}) and, in window mode, the process window
 * ({@code /medic/processes/window}, recon's {@code proc_window/3}) run together for the interval; then the
 * node's stats, the ranking in absolute mode ({@code /medic/processes?sort=}, recon's
 * {@code proc_count/2}) and each ranked process's {@code recon:info/1} (as observer_cli asks
 * {@code process_info} for each row: the ranking carries only the ranked value), at most
 * {@link #INFO_LANES} at a time. A window another client holds ({@code 429 busy}) leaves that part out of
 * this frame, with a note, and the next refresh asks again.
 */
final class NodeTopView implements TopView {
    /** At most this many {@code recon:info/1} requests of one refresh run at once. */
    static final int INFO_LANES = 8;

    private final MedicClient client;
    private JsonNode index;
    private boolean schedulersServed;
    /** How many dispatchers the last header showed (they size the process table). */
    private volatile int dispatchers;

    NodeTopView(MedicClient client) {
        this.client = client;
    }

    @Override
    public void prepare() {
        index = client.get("/medic");
        schedulersServed = served(index, "/medic/node/schedulers");
        dispatchers = client.get("/medic/node").path("dispatchers").size();
    }

    @Override
    public int processRows(int lines) {
        return TopFrame.processRows(lines, dispatchers);
    }

    @Override
    public Measuring measure(TopSettings s, int rows) {
        long ms = s.interval().toMillis();
        Duration windowed = s.interval().plus(MedicClient.ANSWER_TIMEOUT);
        CompletableFuture<Part> schedulers = schedulersServed
                ? part(() -> client.getAsync("/medic/node/schedulers?window_ms=" + ms, windowed), true)
                : CompletableFuture.completedFuture(new Part(null, "not served by this node"));
        CompletableFuture<Part> window = s.window()
                ? part(() -> client.getAsync("/medic/processes/window?attr=" + s.sort().wireName() + "&limit=" + rows
                        + "&window_ms=" + ms, windowed), false)
                : null;
        CompletableFuture<Void> windows = window == null ? CompletableFuture.allOf(schedulers)
                : CompletableFuture.allOf(schedulers, window);
        return new Measuring(windows, now -> fetch(s, now, rows, schedulers.join(), window));
    }

    /**
     * The rest of a refresh, once its windows ended: the node's stats, the ranking (asked now in absolute
     * mode, by the sort chosen now) and recon:info/1 of each ranked process.
     */
    private CompletableFuture<Snapshot> fetch(TopSettings measuredWith, TopSettings now, int rows, Part schedulers,
                                              CompletableFuture<Part> window) {
        TopSettings s = window == null && !now.window() ? now : measuredWith;
        CompletableFuture<JsonNode> node = client.getAsync("/medic/node", MedicClient.ANSWER_TIMEOUT);
        CompletableFuture<Part> ranking = window != null ? window : part(() -> client.getAsync(
                "/medic/processes?sort=" + s.sort().wireName() + "&limit=" + rows, MedicClient.ANSWER_TIMEOUT), false);
        CompletableFuture<Map<String, JsonNode>> infos = ranking.thenCompose(this::infos);
        return node.thenCombine(infos, (n, i) -> {
            TopSnapshot snapshot = new TopSnapshot(index, n, schedulers.json(), schedulers.note(), ranking.join().json(),
                    ranking.join().note(), i, s, LocalTime.now());
            dispatchers = snapshot.dispatchers();
            return snapshot;
        });
    }

    /** A part of a refresh: its answer, or why the node could not give it now ({@code busy}). */
    private record Part(JsonNode json, String note) {
    }

    /**
     * {@code request} as a part: {@code busy} (another client's window) becomes a note, and so does any
     * other error of the node if the part is {@code optional}; failing to reach the node never does.
     */
    private static CompletableFuture<Part> part(Supplier<CompletableFuture<JsonNode>> request, boolean optional) {
        return request.get().handle((json, failure) -> {
            if (failure == null) {
                return new Part(json, null);
            }
            CliException e = CliException.of(failure);
            if ("busy".equals(e.code()) || (optional && e.exitCode() == ExitCode.NODE_ERROR)) {
                return new Part(null, e.getMessage());
            }
            throw e;
        });
    }

    /** recon:info/1 of each ranked pid, {@link #INFO_LANES} requests at a time; a process gone meanwhile is left out. */
    private CompletableFuture<Map<String, JsonNode>> infos(Part ranking) {
        Map<String, JsonNode> out = new ConcurrentHashMap<>();
        if (ranking.json() == null) {
            return CompletableFuture.completedFuture(out);
        }
        List<String> pids = new ArrayList<>();
        ranking.json().path("processes").forEach(p -> pids.add(p.path("pid").asText()));
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < Math.min(INFO_LANES, pids.size()); lane++) {
            CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
            for (int i = lane; i < pids.size(); i += INFO_LANES) {
                String pid = pids.get(i);
                chain = chain.thenCompose(v -> client.getAsync("/medic/processes/" + MedicClient.segment(pid),
                        MedicClient.ANSWER_TIMEOUT).handle((info, failure) -> {
                            if (failure == null) {
                                out.put(pid, info);
                                return null;
                            }
                            CliException e = CliException.of(failure);
                            if (e.exitCode() == ExitCode.NODE_ERROR) {
                                return null; // noproc, exit: it ended between the ranking and now
                            }
                            throw e;
                        }));
            }
            lanes.add(chain);
        }
        return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).thenApply(v -> out);
    }

    private static boolean served(JsonNode index, String path) {
        JsonNode routes = index.path("routes");
        if (!routes.isArray()) {
            return true; // an index without routes: ask, and take what comes
        }
        for (JsonNode r : routes) {
            if (path.equals(r.path("path").asText()) && "GET".equals(r.path("method").asText())) {
                return r.path("enabled").asBoolean(true);
            }
        }
        return false;
    }
}
