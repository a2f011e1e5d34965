package io.medic.cli.internal;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * INTERNAL API. The terminal size a command lays its output out for: {@code --width} and
 * {@code --height}, else the {@code COLUMNS} and {@code LINES} variables, else what the terminal says,
 * else 80 by 24. Fixing it makes a frame reproducible (tests, captures for the docs).
 */
public final class SizeOptions {
    public static final int MIN_WIDTH = 40;
    public static final int MIN_HEIGHT = 10;
    public static final int MAX = 1000;
    static final Terminal.Size DEFAULT = new Terminal.Size(80, 24);

    @Option(names = "--width", paramLabel = "COLUMNS",
            description = "Lay out for this many columns (default: $COLUMNS, else the terminal's width, else 80).")
    Integer width;

    @Option(names = "--height", paramLabel = "LINES",
            description = "Lay out for this many lines (default: $LINES, else the terminal's height, else 24).")
    Integer height;

    /** The size to lay out for now (the terminal may have been resized since the last call). */
    public Terminal.Size resolve(Env env) {
        int w = width != null ? check("--width", width, MIN_WIDTH) : fromVariable(env, "COLUMNS", MIN_WIDTH).orElse(-1);
        int h = height != null ? check("--height", height, MIN_HEIGHT) : fromVariable(env, "LINES", MIN_HEIGHT).orElse(-1);
        if (w < 0 || h < 0) {
            Terminal.Size t = env.terminal().size().orElse(DEFAULT);
            w = w < 0 ? Math.max(MIN_WIDTH, t.columns()) : w;
            h = h < 0 ? Math.max(MIN_HEIGHT, t.rows()) : h;
        }
        return new Terminal.Size(w, h);
    }

    private static int check(String option, int value, int min) {
        if (value < min || value > MAX) {
            throw new CliException(ExitCode.USAGE, option + ": bad value " + value + ", expected " + min + " to " + MAX);
        }
        return value;
    }

    private static Optional<Integer> fromVariable(Env env, String name, int min) {
        return env.variable(name).map(v -> {
            try {
                return check(name, Integer.parseInt(v.strip()), min);
            } catch (NumberFormatException e) {
                throw new CliException(ExitCode.USAGE, name + ": bad value '" + Text.clean(v) + "', expected an integer from "
                        + min + " to " + MAX);
            }
        });
    }
}
