package io.medic.introspection.internal;

/**
 * INTERNAL API
 *
 * <p>User input made safe for one field of a log line: a reader of the log can tell every character the
 * client sent, and the client cannot start a new line, forge another {@code key=value} field or hide text
 * from a terminal. {@link #quoted} wraps the value in double quotes and escapes, Java-style, the
 * backslash, the double quote, CR ({@code \r}), LF ({@code \n}), tab ({@code \t}) and, as a
 * {@code \}{@code u} escape of four hex digits, every other C0 or C1 control character, DEL, the
 * Unicode line and paragraph separators and the invisible format characters (bidirectional overrides,
 * zero-width joiners); the value is cut to {@code max} characters first, marked with {@code ...} after
 * the closing quote. Stateless.
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
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (escaped(c)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
        return cut ? b.append("...").toString() : b.toString();
    }

    private static boolean escaped(char c) {
        if (Character.isISOControl(c)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
    }
}
