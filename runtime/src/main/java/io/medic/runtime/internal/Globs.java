package io.medic.runtime.internal;

import io.medic.runtime.LogText;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>Globs on names and class names, as trace specs use them: {@code *} stands for any run of
 * characters (none included), {@code ?} for exactly one, everything else for itself; a glob matches a
 * whole name. And the check of a name or pattern a user typed: not empty, at most {@value #MAX_LENGTH}
 * characters, no control character and no whitespace at either end — refused naming the field, the bad
 * value and what was expected. Stateless; thread-safe.
 */
public final class Globs {
    /** Longest name or pattern accepted. */
    public static final int MAX_LENGTH = 255;

    private Globs() {
    }

    /** True if {@code pattern} has a wildcard ({@code *} or {@code ?}). */
    public static boolean isGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** True if {@code pattern} is made of wildcards and dots only: it matches (nearly) anything. */
    public static boolean matchesAnything(String pattern) {
        return pattern.chars().allMatch(c -> c == '*' || c == '?' || c == '.');
    }

    /** The pattern as a regular expression matching whole names. */
    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder(glob.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    re.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            re.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /**
     * Checks a name or pattern given for {@code field}: not null, not empty, at most {@value #MAX_LENGTH}
     * characters, no control character, no whitespace at either end.
     *
     * @throws IllegalArgumentException naming the field, the bad value and what was expected
     */
    public static String requireText(String field, String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": bad value null, expected " + article(what));
        }
        String problem = null;
        if (value.isEmpty()) {
            problem = "a non-empty " + what;
        } else if (value.length() > MAX_LENGTH) {
            problem = article(what) + " of at most " + MAX_LENGTH + " characters";
        } else if (value.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
            problem = article(what) + " without control characters";
        } else if (Character.isWhitespace(value.charAt(0)) || Character.isWhitespace(value.charAt(value.length() - 1))) {
            problem = article(what) + " without leading or trailing whitespace (values are never trimmed)";
        }
        if (problem != null) {
            throw new IllegalArgumentException(field + ": bad value " + LogText.quoted(value, 100) + ", expected " + problem);
        }
        return value;
    }

    private static String article(String what) {
        return ("aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ") + what;
    }
}
