package io.medic.introspection.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * INTERNAL API
 *
 * <p>The bounds of every recon function, processes and ports alike, and the one way their arguments are
 * checked and refused: {@code <field>: bad value <value>, expected <what>}. The HTTP parameters are
 * bounded again, within these, by {@code medic.http.limits}. Stateless.
 */
public final class Limits {
    /** Largest {@code n} of a top-N function (and of {@code medic.http.limits.max-limit}). */
    public static final int MAX_N = 1000;
    /** Shortest window. */
    public static final Duration MIN_WINDOW = Duration.ofMillis(1);
    /** Longest window (and of {@code medic.http.limits.max-window}). */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(60);

    private Limits() {
    }

    /** Checks {@code n} of a top-N function: 1 to {@value #MAX_N}. */
    public static int n(int n) {
        if (n < 1 || n > MAX_N) {
            throw new IllegalArgumentException("n: bad value " + n + ", expected 1 to " + MAX_N);
        }
        return n;
    }

    /** Checks a sampling window: {@link #MIN_WINDOW} to {@link #MAX_WINDOW}, a whole number of milliseconds or not. */
    public static Duration window(Duration window) {
        String expected = "expected " + MIN_WINDOW.toMillis() + " to " + MAX_WINDOW.toMillis() + " ms";
        if (window == null) {
            throw new NullPointerException("window: bad value null, " + expected);
        }
        if (window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window: bad value " + show(window) + ", " + expected);
        }
        return window;
    }

    /** Checks the attribute of a ranking: not null; {@code wireNames} lists the accepted ones. */
    public static <A> A attribute(A attribute, String wireNames) {
        if (attribute == null) {
            throw new NullPointerException("attribute: bad value null, expected one of " + wireNames);
        }
        return attribute;
    }

    /** A duration as a bad value: {@code 250 ms}, or its ISO form when it is not a whole number of ms. */
    static String show(Duration d) {
        Objects.requireNonNull(d);
        if (d.getNano() % 1_000_000 == 0 && d.getSeconds() >= 0 && d.getSeconds() < Long.MAX_VALUE / 1000) {
            return d.toMillis() + " ms";
        }
        return d.toString();
    }
}
