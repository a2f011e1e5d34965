package io.medic.cli.internal;

import io.medic.cli.internal.Screen.Line;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * INTERNAL API. The refresh loop of {@code medic top}, observer_cli's home and process top over HTTP, for
 * one node or the cluster (a {@link TopView} says what one refresh reads and how it is drawn).
 *
 * <p>One refresh: its windows (the view's: the scheduler usage and, in window mode, the process window)
 * run for the interval; then the rest of its data is read while the next refresh's windows run. So frames
 * come one interval apart, and their numbers are as fresh as their window's end. A failure the view does
 * not turn into a note ends {@code top} with its message.
 *
 * <p>Interactively, keys arrive as events between refreshes: a sort key or {@code w} redraws the last frame
 * at once with what the next refresh will show (a window being measured is not cut short: another would
 * be refused until it ends), {@code q} or Ctrl-C quits.
 */
public final class Top {
    private static final int CTRL_C = 3;
    private static final int CTRL_D = 4;

    private sealed interface Event permits Key, Refreshed {
    }

    private record Key(int code) implements Event {
    }

    private record Refreshed(TopView.Snapshot snapshot, Throwable failure) implements Event {
    }

    private final MedicClient client;
    private final Env env;
    private final SizeOptions size;
    private final TopView view;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile TopSettings settings;
    /** Frames to print, or null: until quit. */
    private Integer wanted;
    /** Refreshes started. */
    private int measured;
    /** The data of the last refresh started: the next one's is fetched after it, so frames come in order. */
    private CompletableFuture<?> previous = CompletableFuture.completedFuture(null);
    private volatile boolean stopped;

    /** {@code view}: what a refresh reads ({@link NodeTopView} or {@link ClusterTopView}) from {@code client}. */
    Top(MedicClient client, Env env, SizeOptions size, TopSettings settings, TopView view) {
        this.client = client;
        this.env = env;
        this.size = size;
        this.settings = settings;
        this.view = view;
    }

    /**
     * Runs until {@code iterations} frames were printed (plain output, for scripts), or, with null
     * iterations, until quit: on a terminal, full screen with keys; otherwise frames printed until Ctrl-C.
     */
    public int run(Integer iterations) {
        view.prepare();
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
        TopView.Snapshot last = null;
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
    private List<Line> frame(TopView.Snapshot s, String status, boolean full) {
        Terminal.Size screen = size.resolve(env);
        List<Line> lines = s.render(client.base(), screen, status);
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
        int rows = s.limit() != null ? s.limit() : view.processRows(size.resolve(env).rows());
        TopView.Measuring m = view.measure(s, rows);
        CompletableFuture<Void> paced = CompletableFuture.runAsync(() -> { },
                CompletableFuture.delayedExecutor(s.interval().toMillis(), TimeUnit.MILLISECONDS));
        CompletableFuture<Void> ready = CompletableFuture.allOf(m.windows(), paced, previous.handle((x, t) -> null));
        previous = ready.thenCompose(v -> m.fetch().apply(settings))
                .whenComplete((snapshot, failure) -> events.add(new Refreshed(snapshot, failure)));
        ready.thenRun(this::measure);
    }
}
