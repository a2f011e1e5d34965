package io.medic.cli.internal;

import java.util.Locale;

/**
 * INTERNAL API. Numbers as an operator reads them: bytes in binary units, durations in the two largest
 * units, ratios in percent. A negative value is the node's "unknown" and shows as {@link Text#NONE}.
 */
public final class Units {
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};

    private Units() {
    }

    /** {@code 512 B}, {@code 7.1 KiB}, {@code 204.5 MiB}. */
    public static String bytes(long n) {
        if (n < 0) {
            return Text.NONE;
        }
        if (n < 1024) {
            return n + " B";
        }
        double v = n;
        int unit = 0;
        while (v >= 1024 && unit < BYTE_UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, BYTE_UNITS[unit]);
    }

    /** A count as it is, {@link Text#NONE} when unknown. */
    public static String count(long n) {
        return n < 0 ? Text.NONE : Long.toString(n);
    }

    /** Microseconds: {@code 850 us}, {@code 12.3 ms}, {@code 4.1 s}, then as {@link #millis}. */
    public static String micros(long us) {
        if (us < 0) {
            return Text.NONE;
        }
        if (us < 1_000) {
            return us + " us";
        }
        if (us < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f ms", us / 1e3);
        }
        if (us < 60_000_000) {
            return String.format(Locale.ROOT, "%.1f s", us / 1e6);
        }
        return millis(us / 1_000);
    }

    /** An uptime or a window: {@code 850 ms}, {@code 17s}, {@code 5m12s}, {@code 2h03m}, {@code 3d04h}. */
    public static String millis(long ms) {
        if (ms < 0) {
            return Text.NONE;
        }
        if (ms < 1_000) {
            return ms + " ms";
        }
        long s = ms / 1_000;
        if (s < 60) {
            return ms % 1_000 == 0 ? s + "s" : String.format(Locale.ROOT, "%.1fs", ms / 1e3);
        }
        long m = s / 60;
        if (m < 60) {
            return String.format(Locale.ROOT, "%dm%02ds", m, s % 60);
        }
        long h = m / 60;
        if (h < 24) {
            return String.format(Locale.ROOT, "%dh%02dm", h, m % 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", h / 24, h % 24);
    }

    /** A ratio from 0.0 to 1.0 in percent: {@code 0.4%}, {@code 42%}. */
    public static String percent(double ratio) {
        if (ratio < 0 || Double.isNaN(ratio)) {
            return Text.NONE;
        }
        double p = ratio * 100;
        return p < 10 ? String.format(Locale.ROOT, "%.1f%%", p) : String.format(Locale.ROOT, "%.0f%%", p);
    }

    /** A bar of {@code width} cells, {@code |} for the used part: {@code [|||       ]}. */
    public static String bar(double ratio, int width) {
        double r = Double.isNaN(ratio) ? 0 : Math.max(0, Math.min(1, ratio));
        int used = (int) Math.round(r * width);
        return "[" + "|".repeat(used) + " ".repeat(width - used) + "]";
    }
}
