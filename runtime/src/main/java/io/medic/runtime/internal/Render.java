package io.medic.runtime.internal;

/**
 * INTERNAL API
 *
 * <p>Renders user values (messages, replies, states, ids) for logs, sys events and error messages:
 * bounded, safe and on one line. A value's {@code toString} is user code: if it throws, the rendering
 * says so instead (the failure is not the process's crash). Control characters (CR, LF, NUL...) are
 * escaped, so a rendered value cannot forge log lines. Stateless; thread-safe.
 */
public final class Render {
    private Render() {
    }

    /** {@code String.valueOf(value)}, control characters escaped, cut after {@code maxChars} characters. */
    public static String bounded(Object value, int maxChars) {
        return cut(escape(safeToString(value)), maxChars);
    }

    /**
     * Like {@link #bounded}, but a string is shown in double quotes (so {@code "42"} and {@code 42}
     * differ): {@code "gett"}.
     */
    public static String quoted(Object value, int maxChars) {
        if (value instanceof CharSequence s) {
            String escaped = escape(s.toString()).replace("\"", "\\\"");
            return "\"" + cut(escaped, maxChars) + "\"";
        }
        return bounded(value, maxChars);
    }

    /** Escapes control characters: {@code \n}, {@code \r}, {@code \t}, others as {@code \\uXXXX}. */
    public static String escape(String s) {
        int i = 0;
        while (i < s.length() && !Character.isISOControl(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
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
