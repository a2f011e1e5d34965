package io.medic.introspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.LogText;
import io.medic.runtime.Pid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>The one parser of the {@code /medic} routes' arguments — query parameters ({@code limit},
 * {@code window_ms}, {@code timeout_ms}, {@code sort} / {@code attr}, {@code after}), path segments
 * ({@code {pid}}) and the fields of a JSON body — named by the JSON naming rule (snake_case, the unit in
 * the name; the older {@code ms} and {@code timeoutMs} stay accepted), with one set of messages: {@code <name>: bad value <value>, expected <what>}, as a 400 whose code
 * names the parameter ({@code bad_limit}, {@code bad_ms}, {@code bad_timeout}, {@code bad_attribute},
 * {@code bad_body}). Values are bounded by {@code medic.http.limits}, never clamped; user input is cut
 * to 200 characters before it is echoed. Stateless but for the settings; thread-safe.
 */
final class Params {
    /** A pid as a cursor: {@code <0.N.0>}, {@code 0.N.0} or its number {@code N}. */
    static final Pattern PID_CURSOR = Pattern.compile("<0\\.(\\d{1,18})\\.0>|0\\.(\\d{1,18})\\.0|(\\d{1,18})");
    /** A port as a cursor: {@code #Port<0.N>}, {@code <0.N>} or its number {@code N}. */
    static final Pattern PORT_CURSOR = Pattern.compile("#Port<0\\.(\\d{1,18})>|<0\\.(\\d{1,18})>|(\\d{1,18})");

    /** The code of a 400 about each parameter the routes read, by its name; {@code bad_parameter} for others. */
    private static final Map<String, String> CODES = Map.ofEntries(Map.entry("pid", "bad_pid"),
            Map.entry("owner", "bad_pid"), Map.entry("id", "bad_port"), Map.entry("limit", "bad_limit"),
            Map.entry("window_ms", "bad_ms"), Map.entry("ms", "bad_ms"), Map.entry("timeout_ms", "bad_timeout"),
            Map.entry("timeoutMs", "bad_timeout"), Map.entry("sort", "bad_attribute"), Map.entry("attr", "bad_attribute"),
            Map.entry("after", "bad_after"), Map.entry("type", "bad_type"), Map.entry("since", "bad_since"),
            Map.entry("before", "bad_before"), Map.entry("report", "bad_report"));

    private final Introspection services;
    private final HttpSettings settings;

    Params(Introspection services) {
        this.services = services;
        this.settings = services.settings;
    }

    /** The live process {@code ref} names; 400 {@code bad_pid} for a bad form, 404 {@code noproc} for no such process. */
    Pid pid(String ref) {
        return services.node.processes().lookup(ref)
                .orElseThrow(() -> HttpError.notFound("noproc", "no such process: " + cut(ref)));
    }

    /** {@code limit} of a top-N route: default {@code medic.http.limits.default-limit}. */
    int limit(Map<String, String> p) {
        String v = p.get("limit");
        if (v == null) {
            return settings.defaultLimit();
        }
        return (int) integer(v, "limit", "bad_limit", 1, settings.maxLimit());
    }

    /** {@code window_ms} (or {@code ms}) of a window route: default {@code medic.http.limits.default-window}. */
    Duration window(Map<String, String> p) {
        Map.Entry<String, String> v = named(p, "window_ms", "ms", "bad_ms");
        if (v == null) {
            return settings.defaultWindow();
        }
        return Duration.ofMillis(integer(v.getValue(), v.getKey(), "bad_ms", 1, settings.maxWindow().toMillis()));
    }

    /**
     * {@code timeout_ms} (or {@code timeoutMs}) of a route that asks the process: default
     * {@code medic.http.limits.default-timeout}.
     */
    Duration timeout(Map<String, String> p) {
        Map.Entry<String, String> v = named(p, "timeout_ms", "timeoutMs", "bad_timeout");
        if (v == null) {
            return settings.defaultTimeout();
        }
        return Duration.ofMillis(integer(v.getValue(), v.getKey(), "bad_timeout", 1, settings.maxTimeout().toMillis()));
    }

    /**
     * A parameter given by its name or by its older alias, with the name it was given by; null when
     * neither is given; 400 {@code code} naming both when both are.
     */
    private static Map.Entry<String, String> named(Map<String, String> p, String name, String alias, String code) {
        String v = p.get(name);
        String a = p.get(alias);
        if (v != null && a != null) {
            throw HttpError.badRequest(code, name + ", " + alias + ": both given ('" + cut(v) + "', '" + cut(a)
                    + "'), expected one of them (" + alias + " is the older name of " + name + ")");
        }
        return v != null ? Map.entry(name, v) : a != null ? Map.entry(alias, a) : null;
    }

    /**
     * {@code after}, the cursor of a listing: the number of the last pid or port of the previous page in
     * one of the forms {@code forms} accepts, or null for the first page; 400 {@code bad_after} otherwise.
     */
    static Long after(Map<String, String> p, Pattern forms, String expected) {
        String v = p.get("after");
        if (v == null) {
            return null;
        }
        Matcher m = forms.matcher(v);
        if (!m.matches()) {
            throw HttpError.badRequest("bad_after", "after: bad value '" + cut(v) + "', expected " + expected);
        }
        for (int g = 1; g <= m.groupCount(); g++) {
            if (m.group(g) != null) {
                return Long.parseLong(m.group(g));
            }
        }
        throw new IllegalStateException("a cursor pattern without a number: " + forms);
    }

    /**
     * A crash report id given as {@code name} ({@code since}, {@code before}, the {@code {report}} of a
     * path): an integer from 0 up, or {@code absent} when not given; 400 {@code bad_<name>} otherwise.
     */
    static long reportId(Map<String, String> p, String name, long absent) {
        String v = p.get(name);
        return v == null ? absent : reportId(v, name);
    }

    /** A crash report id: an integer from 0 up; 400 {@code bad_<name>} otherwise. */
    static long reportId(String v, String name) {
        return integer(v, name, CODES.getOrDefault(name, "bad_parameter"), 0, Long.MAX_VALUE);
    }

    /**
     * The attribute parameter {@code name} ({@code sort} or {@code attr}), parsed by {@code parse}; 400
     * {@code bad_attribute} naming the accepted {@code wireNames} when it is missing or names none.
     */
    static <T> T attribute(Map<String, String> p, String name, Function<String, Optional<T>> parse, String wireNames) {
        String v = p.get(name);
        if (v == null) {
            throw HttpError.badRequest("bad_attribute", name + ": missing, expected one of " + wireNames);
        }
        return parse.apply(v).orElseThrow(() -> HttpError.badRequest("bad_attribute",
                name + ": bad value '" + cut(v) + "', expected one of " + wireNames));
    }

    /** An integer parameter from {@code min} to {@code max}; 400 {@code code} otherwise. */
    static long integer(String v, String name, String code, long min, long max) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(code, name + ": bad value '" + cut(v) + "', expected an integer from "
                    + min + " to " + max);
        }
        if (n < min || n > max) {
            throw HttpError.badRequest(code, name + ": bad value " + n + ", expected an integer from " + min + " to " + max);
        }
        return n;
    }

    /**
     * Every path argument ({@code names}, {@code values}) and query parameter of a request, before
     * anything reads them: a control character anywhere (C0 and C1, DEL; NUL, CR, LF and tab included)
     * or whitespace at either end of a value is a 400 naming the parameter, with the parameter's own
     * code ({@code bad_pid}, {@code bad_limit} ...; {@code bad_parameter} for a parameter no route
     * reads). Nothing is ever trimmed: {@code %20Alfa} is not {@code Alfa}.
     */
    static void checkRequest(List<String> names, List<String> values, Map<String, String> query) {
        for (int i = 0; i < values.size(); i++) {
            check(names.get(i), values.get(i));
        }
        for (Map.Entry<String, String> p : query.entrySet()) {
            String control = controlCharacter(p.getKey());
            if (control != null) {
                throw HttpError.badRequest("bad_parameter", "parameter name: bad value " + LogText.quoted(p.getKey())
                        + ", expected " + control);
            }
            check(p.getKey(), p.getValue());
        }
    }

    /** Where {@code s} has a control character, as {@code no control character (U+000A at index 4)}; null if nowhere. */
    static String controlCharacter(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c)) {
                return String.format("no control character (U+%04X at index %d)", (int) c, i);
            }
        }
        return null;
    }

    private static void check(String name, String value) {
        String problem = controlCharacter(value);
        if (problem == null && !value.isEmpty() && (blank(value.charAt(0)) || blank(value.charAt(value.length() - 1)))) {
            problem = "no leading or trailing whitespace (values are never trimmed)";
        }
        if (problem != null) {
            throw HttpError.badRequest(CODES.getOrDefault(name, "bad_parameter"), name + ": bad value "
                    + LogText.quoted(value) + ", expected " + problem);
        }
    }

    private static boolean blank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    /** The boolean {@code field} of a JSON body; 400 {@code bad_body} when it is missing or not a boolean. */
    static boolean requiredBoolean(JsonNode body, String field) {
        if (!body.isObject()) {
            throw HttpError.badRequest("bad_body", "body: bad value " + cut(body.toString())
                    + ", expected an object such as {\"" + field + "\": true}");
        }
        JsonNode v = body.get(field);
        if (v == null || !v.isBoolean()) {
            throw HttpError.badRequest("bad_body", field + ": " + (v == null ? "missing" : "bad value " + cut(v.toString()))
                    + ", expected true or false, as in {\"" + field + "\": true}");
        }
        return v.booleanValue();
    }

    /**
     * The optional integer {@code field} of a JSON body, {@code absent} when missing or null; 400
     * {@code bad_body} when it is not an integer. Its range is the callee's to check.
     */
    static int optionalInteger(JsonNode body, String field, int absent) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw HttpError.badRequest("bad_body", field + ": bad value " + cut(v.toString()) + ", expected an integer");
        }
        return v.intValue();
    }

    /** User input as it may be echoed: at most 200 characters. */
    static String cut(String s) {
        return s == null ? null : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
