package io.medic.introspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.Pid;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * INTERNAL API
 *
 * <p>The one parser of the {@code /medic} routes' arguments — query parameters ({@code limit}, {@code ms},
 * {@code timeoutMs}, {@code sort} / {@code attr}), path segments ({@code {pid}}) and the fields of a JSON
 * body — with one set of messages: {@code <name>: bad value <value>, expected <what>}, as a 400 whose code
 * names the parameter ({@code bad_limit}, {@code bad_ms}, {@code bad_timeout}, {@code bad_attribute},
 * {@code bad_body}). Values are bounded by {@code medic.http.limits}, never clamped; user input is cut
 * to 200 characters before it is echoed. Stateless but for the settings; thread-safe.
 */
final class Params {
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

    /** {@code ms} of a window route: default {@code medic.http.limits.default-window}. */
    Duration window(Map<String, String> p) {
        String v = p.get("ms");
        if (v == null) {
            return settings.defaultWindow();
        }
        return Duration.ofMillis(integer(v, "ms", "bad_ms", 1, settings.maxWindow().toMillis()));
    }

    /** {@code timeoutMs} of a route that asks the process: default {@code medic.http.limits.default-timeout}. */
    Duration timeout(Map<String, String> p) {
        String v = p.get("timeoutMs");
        if (v == null) {
            return settings.defaultTimeout();
        }
        return Duration.ofMillis(integer(v, "timeoutMs", "bad_timeout", 1, settings.maxTimeout().toMillis()));
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
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(code, name + ": bad value '" + cut(v) + "', expected an integer from "
                    + min + " to " + max);
        }
        if (n < min || n > max) {
            throw HttpError.badRequest(code, name + ": bad value " + n + ", expected an integer from " + min + " to " + max);
        }
        return n;
    }

    /** The boolean {@code field} of a JSON body; 400 {@code bad_body} when it is missing or not a boolean. */
    static boolean requiredBoolean(JsonNode body, String field) {
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
