package io.medic.introspection.internal;

import io.medic.introspection.MedicHttpException;
import io.medic.runtime.ProcessAttribute;
import java.time.Duration;
import java.util.Map;

/**
 * INTERNAL API
 *
 * <p>{@link Params} for {@link io.medic.introspection.MedicParams}: the same parsing, its
 * {@link HttpError}s turned into the public {@link MedicHttpException}s extensions may see. Thread-safe.
 */
public final class RouteParams {
    private final Params params;
    private final HttpSettings settings;

    public RouteParams(Introspection services) {
        this.params = new Params(services);
        this.settings = services.settings;
    }

    public int limit(Map<String, String> p) {
        return translated(() -> params.limit(p));
    }

    public Duration window(Map<String, String> p) {
        return translated(() -> params.window(p));
    }

    public Duration timeout(Map<String, String> p) {
        return translated(() -> params.timeout(p));
    }

    public Duration maxWindow() {
        return settings.maxWindow();
    }

    public Duration maxTimeout() {
        return settings.maxTimeout();
    }

    public ProcessAttribute attribute(Map<String, String> p, String name) {
        return translated(() -> Params.attribute(p, name, Attributes::parse, Attributes.wireNames()));
    }

    public static String wireName(ProcessAttribute a) {
        return Attributes.wireName(a);
    }

    private static <T> T translated(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (HttpError e) {
            throw new MedicHttpException(e.status().intValue(), e.code(), e.getMessage());
        }
    }
}
