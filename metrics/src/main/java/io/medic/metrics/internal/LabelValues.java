package io.medic.metrics.internal;

/**
 * INTERNAL API
 *
 * <p>Label values made safe and bounded: a registered name, a behaviour class or a supervisor's path is
 * user input and may be long or odd. Control characters (C0, C1, DEL), the Unicode line and paragraph
 * separators and the invisible format characters (bidirectional overrides, zero-width joiners) become
 * {@code ?}; a value longer than the limit keeps its first characters and ends with {@code ...}, cut at a
 * code point boundary. The exposition writer escapes backslashes, quotes and newlines itself. Stateless.
 */
public final class LabelValues {
    /** The behaviour label of the classes folded together by the cardinality guard. */
    public static final String OTHER = "_other";

    private LabelValues() {
    }

    /** {@code raw}, neutralised and cut to at most {@code max} characters ({@code ""} for null); {@code max} at least 4. */
    public static String clean(String raw, int max) {
        if (raw == null) {
            return "";
        }
        boolean cut = raw.codePointCount(0, raw.length()) > max;
        int keep = cut ? max - 3 : max;
        StringBuilder b = new StringBuilder(Math.min(raw.length(), max) + 3);
        for (int i = 0, n = 0; i < raw.length() && n < keep; n++) {
            int cp = raw.codePointAt(i);
            i += Character.charCount(cp);
            b.appendCodePoint(odd(cp) ? '?' : cp);
        }
        return cut ? b.append("...").toString() : b.toString();
    }

    private static boolean odd(int cp) {
        if (Character.isISOControl(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || type == Character.SURROGATE || type == Character.UNASSIGNED || type == Character.PRIVATE_USE;
    }
}
