package io.medic.runtime.overload.internal;

import io.medic.runtime.LogText;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>The overload tools' argument checks: each failure names the field, the bad value and what was
 * expected, e.g. {@code maxFailures: expected 1 or more, got 0}.
 */
public final class Checks {
    /** Longest name of a breaker or valve. */
    public static final int MAX_NAME_LENGTH = 128;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private Checks() {
    }

    /**
     * A breaker's or valve's name: 1 to 128 letters, digits, {@code .}, {@code _} or {@code -}, starting
     * with a letter or digit (it goes into URLs and log lines as it is).
     */
    public static String name(String field, String name) {
        if (name == null) {
            throw new IllegalArgumentException(field + ": expected 1 to " + MAX_NAME_LENGTH
                    + " letters, digits, '.', '_' or '-', got null");
        }
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(field + ": expected 1 to " + MAX_NAME_LENGTH
                    + " letters, digits, '.', '_' or '-' starting with a letter or digit, got " + LogText.quoted(name));
        }
        return name;
    }

    /** {@code min ≤ value ≤ max}. */
    public static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": expected " + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? min + " or more" : min + " to " + max) + ", got " + value);
        }
        return value;
    }

    /** {@code min ≤ value ≤ max}, and not NaN. */
    public static double range(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + ": expected " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    /** {@code min ≤ d ≤ max}. */
    public static Duration duration(String field, Duration d, Duration min, Duration max) {
        if (d == null) {
            throw new IllegalArgumentException(field + ": expected a duration from " + show(min) + " to " + show(max)
                    + ", got null");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + ": expected a duration from " + show(min) + " to " + show(max)
                    + ", got " + show(d));
        }
        return d;
    }

    /** A positive duration, such as a call's timeout. */
    public static Duration positive(String field, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": expected a positive duration, got " + (d == null ? "null" : show(d)));
        }
        return d;
    }

    /** {@code 250 ms}, {@code 30 s}, or ISO-8601 when not a whole number of milliseconds. */
    public static String show(Duration d) {
        if (d.getNano() % 1_000_000 != 0 || Math.abs(d.getSeconds()) >= Long.MAX_VALUE / 1000) {
            return d.toString();
        }
        long ms = d.toMillis();
        return ms % 1000 == 0 && ms != 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
