package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * INTERNAL API. How text from a node reaches the terminal: control characters neutralised (a process
 * name or a message type is the node's data, and an escape sequence in it must not drive the operator's
 * terminal), cut to a width with a visible mark, class names shortened package by package.
 */
public final class Text {
    /** Marks a value cut to fit its column. ASCII, so that it shows in any terminal encoding. */
    public static final char CUT = '~';
    /** Shown for a value the node does not have (JSON null, missing, or -1 for "unknown"). */
    public static final String NONE = "-";

    private Text() {
    }

    /** {@code s} with every control character (C0, DEL, C1) replaced by {@code ?}; null as {@link #NONE}. */
    public static String clean(String s) {
        if (s == null) {
            return NONE;
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(i, '?');
            }
        }
        return b == null ? s : b.toString();
    }

    /** A value of the node's JSON, {@link #clean cleaned}; {@link #NONE} when null or missing. */
    public static String of(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() ? NONE : clean(v.asText());
    }

    /** {@code s} cut to {@code width} characters, its last one replaced by {@link #CUT} if it was cut. */
    public static String cut(String s, int width) {
        if (s.length() <= width) {
            return s;
        }
        if (width <= 0) {
            return "";
        }
        return s.substring(0, width - 1) + CUT;
    }

    /**
     * A class name made to fit {@code width}: packages shortened to their first letter
     * ({@code io.medic.council.CouncilMember} → {@code i.m.council.CouncilMember} → {@code i.m.c.CouncilMember},
     * like logback's {@code %logger{n}}); if that is still too long, the simple name alone, cut if it must be.
     */
    public static String className(String name, int width) {
        if (name.length() <= width) {
            return name;
        }
        String[] parts = name.split("\\.", -1);
        int last = parts.length - 1;
        int length = name.length();
        int shortened = 0; // parts[0..shortened) are one letter
        while (length > width && shortened < last) {
            length -= Math.max(0, parts[shortened].length() - 1);
            shortened++;
        }
        if (length > width) {
            return cut(parts[last], width);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            b.append(i < shortened && !parts[i].isEmpty() ? parts[i].substring(0, 1) : parts[i]);
            if (i < last) {
                b.append('.');
            }
        }
        return b.toString();
    }

    /** {@code s} padded with spaces on the right to {@code width}. */
    public static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    /** {@code s} padded with spaces on the left to {@code width}. */
    public static String padLeft(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }
}
