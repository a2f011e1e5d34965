package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.cli.internal.Screen.Line;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * INTERNAL API. The refresh loop of {@code medic top}, observer_cli's home and process top over HTTP.
 *
 * <p>One refresh: the scheduler usage window ({@code GET /medic/node/schedulers?window_ms=} with the
 * refresh interval, recon's {@code scheduler_usage/1}) and, in window mode, the process window
 * ({@code /medic/processes/window}, recon's {@code proc_window/3}) run together for the interval; then the
 * node's stats, the ranking in absolute mode ({@code /medic/processes?sort=}, recon's
 * {@code proc_count/2}) and each ranked process's {@code recon:info/1} (as observer_cli asks
 * {@code process_info} for each row: the ranking carries only the ranked value), at most
 * {@link #INFO_LANES} at a time, while the next refresh's windows run. So frames come one interval apart,
 * and their numbers are as fresh as their window's end.
 * A window another client holds ({@code 429 busy}) leaves that part out of this frame, with a note, and
 * the next refresh asks again; any other failure ends {@code top} with its message.
 *
 * <p>Interactively, keys arrive as events between refreshes: a sort key or {@code w} redraws the last frame
 * at once with what the next refresh will show (a window being measured is not cut short: another would
 * be refused until it ends), {@code q} or Ctrl-C quits.
 */
public final class Top {
    /** At most this many {@code recon:info/1} requests of one refresh run at once. */
    static final int INFO_LANES = 8;
    private static final int CTRL_C = 3;
    private static final int CTRL_D = 4;

    private sealed interface Event permits Key, Refreshed {
    }

    private record Key(int code) implements Event {
    }

    private record Refreshed(TopSnapshot snapshot, Throwable failure) implements Event {
    }

    private final MedicClient client;
    private final Env env;
    private final SizeOptions size;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile TopSettings settings;
    private JsonNode index;
    private boolean schedulersServed;
    private volatile int dispatchers;
    /** Frames to print, or null: until quit. */
    private Integer wanted;
    /** Refreshes started. */
    private int measured;
    /** The data of the last refresh started: the next one's is fetched after it, so frames come in order. */
    private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
    private volatile boolean stopped;

    public Top(MedicClient client, Env env, SizeOptions size, TopSettings settings) {
        this.client = client;
        this.env = env;
        this.size = size;
        this.settings = settings;
    }

    /**
     * Runs until {@code iterations} frames were printed (plain output, for scripts), or, with null
     * iterations, until quit: on a terminal, full screen with keys; otherwise frames printed until Ctrl-C.
     */
    public int run(Integer iterations) {
        index = client.get("/medic");
        schedulersServed = served(index, "/medic/node/schedulers");
        dispatchers = client.get("/medic/node").path("dispatchers").size();
        Terminal terminal = env.terminal();
        if (iterations != null || !terminal.interactive()) {
            try (Screen screen = Screen.plain(env.out())) {
                return loop(screen, iterations, false, false);
            }
        }
        Screen screen = Screen.fullScreen(env.out());
        Thread giveBack = new Thread(() -> {
            screen.close();
            terminal.restore();
        }, "medic-terminal-restore");
        Runtime.getRuntime().addShutdownHook(giveBack); // Ctrl-C: the JVM exits through its hooks
        try {
            boolean keys = terminal.startKeys(k -> events.add(new Key(k)));
            screen.show(List.of(Line.plain("medic top: measuring the first " + Units.millis(settings.interval().toMillis())
                    + " at " + client.base() + (keys ? " (q quits)" : " (Ctrl-C quits)"))));
            return loop(screen, null, true, keys);
        } finally {
            screen.close();
            terminal.restore();
            try {
                Runtime.getRuntime().removeShutdownHook(giveBack);
            } catch (IllegalStateException e) {
                // the JVM is exiting: the hook runs anyway
            }
        }
    }

    /** {@code full}: redrawn in place (frames fit the height); {@code keys}: keys arrive. */
    private int loop(Screen screen, Integer iterations, boolean full, boolean keys) {
        wanted = iterations;
        try {
            return frames(screen, iterations, full, keys);
        } finally {
            stopped = true;
        }
    }

    private int frames(Screen screen, Integer iterations, boolean full, boolean keys) {
        measure();
        TopSnapshot last = null;
        int shown = 0;
        while (true) {
            Event e = take();
            if (e instanceof Key k) {
                int code = k.code();
                if (code == 'q' || code == 'Q' || code == CTRL_C || code == CTRL_D) {
                    return ExitCode.OK;
                }
                TopSettings before = settings;
                settings = apply(before, code);
                if (!settings.equals(before) && last != null) {
                    String next = "next refresh: by " + settings.describe() + "    ";
                    screen.show(frame(last, next + TopFrame.keys(settings, columns() - next.length()), full));
                }
            } else if (e instanceof Refreshed r) {
                if (r.failure() != null) {
                    throw CliException.of(r.failure());
                }
                last = r.snapshot();
                dispatchers = last.dispatchers();
                shown++;
                String status = !full ? status(shown, iterations)
                        : keys ? TopFrame.keys(settings, columns()) : "no keys here (no stty): Ctrl-C quits";
                screen.show(frame(last, status, full));
                if (iterations != null && shown >= iterations) {
                    return ExitCode.OK;
                }
            }
        }
    }

    /** The settings after {@code key}: a sort key, or {@code w} toggling window mode; others change nothing. */
    static TopSettings apply(TopSettings current, int key) {
        if (key == 'w' || key == 'W') {
            return current.withWindow(!current.window());
        }
        ProcessAttribute a = ProcessAttribute.forKey(key);
        return a == null ? current : current.withSort(a);
    }

    private String status(int shown, Integer iterations) {
        return "frame " + shown + (iterations == null ? "" : " of " + iterations) + " every "
                + Units.millis(settings.interval().toMillis()) + " (on a terminal: " + ProcessAttribute.keys()
                + " sort, w window, q quit)";
    }

    private int columns() {
        return size.resolve(env).columns();
    }

    /** The frame for the current size; on a full screen, cut to its height (the status line kept). */
    private List<Line> frame(TopSnapshot s, String status, boolean full) {
        Terminal.Size screen = size.resolve(env);
        List<Line> lines = TopFrame.render(s, client.base(), screen, status);
        if (full && lines.size() > screen.rows()) {
            List<Line> fitted = new ArrayList<>(lines.subList(0, screen.rows() - 1));
            fitted.add(lines.get(lines.size() - 1)); // the status line stays
            return fitted;
        }
        return lines;
    }

    private Event take() {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.NODE_ERROR, "interrupted");
        }
    }

    // ------------------------------------------------------------------ one refresh

    /**
     * Starts measuring one refresh (its windows, one interval long) unless enough were started or top
     * quit. Its data is fetched when its windows end and the previous refresh's data is in, and the next
     * refresh is measured meanwhile, so frames come one interval apart however long the data takes (as
     * observer_cli subtracts its collection time from its interval) — with at most one refresh's data in
     * flight behind the one being measured.
     */
    private synchronized void measure() {
        if (stopped || (wanted != null && measured >= wanted)) {
            return;
        }
        measured++;
        TopSettings s = settings;
        int rows = s.limit() != null ? s.limit() : TopFrame.processRows(size.resolve(env).rows(), dispatchers);
        long ms = s.interval().toMillis();
        Duration windowed = s.interval().plus(MedicClient.ANSWER_TIMEOUT);
        CompletableFuture<Part> schedulers = schedulersServed
                ? part(() -> client.getAsync("/medic/node/schedulers?window_ms=" + ms, windowed), true)
                : CompletableFuture.completedFuture(new Part(null, "not served by this node"));
        CompletableFuture<Part> window = s.window()
                ? part(() -> client.getAsync("/medic/processes/window?attr=" + s.sort().wireName() + "&limit=" + rows
                        + "&window_ms=" + ms, windowed), false)
                : null;
        CompletableFuture<Void> paced = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS));
        CompletableFuture<Void> windows = window == null ? CompletableFuture.allOf(schedulers, paced)
                : CompletableFuture.allOf(schedulers, window, paced);
        CompletableFuture<Void> ready = CompletableFuture.allOf(windows, previous.handle((x, t) -> null));
        previous = ready.thenCompose(v -> fetch(s, rows, schedulers.join(), window))
                .whenComplete((snapshot, failure) -> events.add(new Refreshed(snapshot, failure)));
        ready.thenRun(this::measure);
    }

    /**
     * The rest of a refresh, once its windows ended: the node's stats, the ranking (asked now in absolute
     * mode, by the sort chosen now) and recon:info/1 of each ranked process.
     */
    private CompletableFuture<TopSnapshot> fetch(TopSettings measuredWith, int rows, Part schedulers,
                                                 CompletableFuture<Part> window) {
        TopSettings now = settings;
        TopSettings s = window == null && !now.window() ? now : measuredWith;
        CompletableFuture<JsonNode> node = client.getAsync("/medic/node", MedicClient.ANSWER_TIMEOUT);
        CompletableFuture<Part> ranking = window != null ? window : part(() -> client.getAsync(
                "/medic/processes?sort=" + s.sort().wireName() + "&limit=" + rows, MedicClient.ANSWER_TIMEOUT), false);
        CompletableFuture<Map<String, JsonNode>> infos = ranking.thenCompose(this::infos);
        return node.thenCombine(infos, (n, i) -> new TopSnapshot(index, n, schedulers.json(), schedulers.note(),
                ranking.join().json(), ranking.join().note(), i, s, LocalTime.now()));
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
