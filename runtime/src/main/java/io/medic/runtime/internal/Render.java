package io.medic.runtime.internal;

import io.medic.runtime.LogText;

/**
 * INTERNAL API
 *
 * <p>Renders user values (messages, replies, states, ids) for logs, sys events and error messages:
 * bounded, safe and on one line. A value's {@code toString} is user code: if it throws, the rendering
 * says so instead (the failure is not the process's crash). Control characters (CR, LF, NUL...) are
 * escaped as {@link LogText} escapes them, so a rendered value cannot forge log lines. Stateless; thread-safe.
 */
public final class Render {
    private Render() {
    }

    /** {@code String.valueOf(value)}, control characters escaped, cut after {@code maxChars} characters. */
    public static String bounded(Object value, int maxChars) {
        return cut(LogText.escaped(safeToString(value)), maxChars);
    }

    /**
     * Like {@link #bounded}, but a string is shown in double quotes (so {@code "42"} and {@code 42}
     * differ): {@code "gett"}.
     */
    public static String quoted(Object value, int maxChars) {
        if (value instanceof CharSequence s) {
            return "\"" + cut(LogText.escaped(s.toString()).replace("\"", "\\\""), maxChars) + "\"";
        }
        return bounded(value, maxChars);
    }

    private static String safeToString(Object value) {
        try {
            return String.valueOf(value);
        } catch (Throwable e) {
            UserCode.rethrowIfFatal(e);
            return value.getClass().getName() + " (toString failed: " + e.getClass().getName() + ")";
        }
    }

    private static String cut(String s, int maxChars) {
        return s.length() <= maxChars ? s : s.substring(0, maxChars) + "...(" + s.length() + " chars)";
    }
}
