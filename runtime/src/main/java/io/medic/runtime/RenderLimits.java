package io.medic.runtime;

/**
 * The bounds of one {@link Rendered} value: nesting depth, elements per collection, characters per
 * string and bytes of JSON in all. The analog of the bounds OTP's logger puts on the terms of a report
 * ({@code logger_formatter}'s {@code depth}, {@code chars_limit} and {@code max_size}; the {@code ~P}
 * format's depth): a state or a message is shown, never allowed to flood a log line, an HTTP answer or
 * a crash report. Immutable; {@code withX} returns a copy.
 *
 * @param maxDepth        nesting levels rendered (1 to {@value #MAX_DEPTH}); deeper values are a
 *                        {@code "...(depth limit)"} marker
 * @param maxElements     elements rendered per collection, map or array (at least 1); the rest are a
 *                        {@code "...(N more)"} marker
 * @param maxStringLength characters rendered per string, a value's {@code toString} included (at least
 *                        {@value #MIN_STRING_LENGTH}); the rest are cut with {@code "...(N more chars)"}
 * @param maxBytes        about how many bytes of JSON the whole rendering may take (at least
 *                        {@value #MIN_BYTES}); it stops with a {@code "...(byte limit)"} marker once
 *                        reached, so it may pass the bound by one element
 */
public record RenderLimits(int maxDepth, int maxElements, int maxStringLength, int maxBytes) {
    /** The deepest nesting a rendering may be given. */
    public static final int MAX_DEPTH = 100;
    /** The shortest string bound. */
    public static final int MIN_STRING_LENGTH = 16;
    /** The smallest byte bound. */
    public static final int MIN_BYTES = 256;

    /**
     * The bounds of {@code medic.http.state} by default: depth 8, 100 elements, 1000 characters per
     * string, 64 KiB.
     */
    public static final RenderLimits DEFAULT = new RenderLimits(8, 100, 1000, 64 * 1024);

    /**
     * @throws IllegalArgumentException naming the first bound out of its range, its value and the range
     */
    public RenderLimits {
        check("maxDepth", maxDepth, 1, MAX_DEPTH);
        check("maxElements", maxElements, 1, Integer.MAX_VALUE);
        check("maxStringLength", maxStringLength, MIN_STRING_LENGTH, Integer.MAX_VALUE);
        check("maxBytes", maxBytes, MIN_BYTES, Integer.MAX_VALUE);
    }

    public RenderLimits withMaxDepth(int maxDepth) {
        return new RenderLimits(maxDepth, maxElements, maxStringLength, maxBytes);
    }

    public RenderLimits withMaxElements(int maxElements) {
        return new RenderLimits(maxDepth, maxElements, maxStringLength, maxBytes);
    }

    public RenderLimits withMaxStringLength(int maxStringLength) {
        return new RenderLimits(maxDepth, maxElements, maxStringLength, maxBytes);
    }

    public RenderLimits withMaxBytes(int maxBytes) {
        return new RenderLimits(maxDepth, maxElements, maxStringLength, maxBytes);
    }

    /**
     * Reads the four bounds under {@code path} of a configuration section ({@code max-depth},
     * {@code max-elements}, {@code max-string-length}, {@code max-bytes}), each checked against its
     * range by {@code reader}, which collects the bad values: the one reading of these bounds that every
     * module's settings share ({@code medic.http.state}, {@code medic.crash.render}).
     */
    public static RenderLimits read(SettingsReader reader, String path) {
        return new RenderLimits(
                reader.integer(path + ".max-depth", 1, MAX_DEPTH),
                reader.integer(path + ".max-elements", 1, 1_000_000),
                reader.integer(path + ".max-string-length", MIN_STRING_LENGTH, 10_000_000),
                (int) reader.bytes(path + ".max-bytes", MIN_BYTES, 1L << 30));
    }

    private static void check(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": bad value " + value + ", expected " + min
                    + (max == Integer.MAX_VALUE ? " or more" : " to " + max));
        }
    }
}
