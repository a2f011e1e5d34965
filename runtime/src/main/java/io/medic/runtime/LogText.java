package io.medic.runtime;

/**
 * Text from outside the program made safe for a log line: a reader of the log can tell every character
 * that was sent, and the sender cannot start a new line, forge another {@code key=value} field or hide
 * text from a terminal. It is what Erlang's {@code ~p} does to a string in a log message
 * ({@code io_lib:format("~p", [S])}): printable characters are kept, the others are written as escapes.
 *
 * <p>{@link #quoted} is for one field of a line ({@code target="..."}): the value in double quotes,
 * escaped Java-style — the backslash, the double quote, CR ({@code \r}), LF ({@code \n}), tab
 * ({@code \t}) and, as a {@code \}{@code u} escape of four hex digits, every other C0 or C1 control
 * character, DEL, the Unicode line and paragraph separators and the invisible format characters
 * (bidirectional overrides, zero-width joiners) — and cut to a maximum, marked with {@code ...} after
 * the closing quote. {@link #escaped} is for free text at the end of a line (a traced message): the
 * same escapes, the double quote kept, no quotes around. Stateless.
 */
public final class LogText {
    /** Characters of user input kept in one log field by default. */
    public static final int DEFAULT_MAX = 200;

    private LogText() {
    }

    /** {@code "value"}, escaped and cut at {@link #DEFAULT_MAX}; {@code null} for null. */
    public static String quoted(String value) {
        return quoted(value, DEFAULT_MAX);
    }

    /** {@code "value"}, escaped and cut at {@code max} characters; {@code null} for null. */
    public static String quoted(String value, int max) {
        if (value == null) {
            return "null";
        }
        boolean cut = value.length() > max;
        String v = cut ? value.substring(0, max) : value;
        StringBuilder b = new StringBuilder(v.length() + 8).append('"');
        escape(v, true, b);
        b.append('"');
        return cut ? b.append("...").toString() : b.toString();
    }

    /**
     * {@code value} with the escapes of {@link #quoted} but the double quote, not quoted and not cut:
     * for text that ends a line. {@code null} for null.
     */
    public static String escaped(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(value.length() + 8);
        escape(value, false, b);
        return b.toString();
    }

    private static void escape(String v, boolean quote, StringBuilder b) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c == '"' && quote) {
                        b.append("\\\"");
                    } else if (escapes(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }

    /**
     * Whether {@code c} is written as an escape in a log line: a C0 or C1 control character, DEL, the
     * Unicode line or paragraph separator, or an invisible format character. The one rule of what may
     * not reach a log as it is; Medic's bounded JSON rendering ({@link Rendered}) escapes the same
     * characters, so that a rendering can go into a log line whole.
     */
    public static boolean escapes(char c) {
        if (Character.isISOControl(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
