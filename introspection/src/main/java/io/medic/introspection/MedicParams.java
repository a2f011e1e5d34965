package io.medic.introspection;

import io.medic.introspection.internal.Introspection;
import io.medic.introspection.internal.RouteParams;
import io.medic.runtime.Node;
import io.medic.runtime.ProcessAttribute;
import java.time.Duration;
import java.util.Objects;

/**
 * The parameters of Medic's routes, for a {@link MedicRoutesExtension}'s handlers: parsed by the one
 * parser Medic's own routes use, with the same names, defaults, bounds ({@code medic.http.limits}) and
 * errors — a bad value is a {@link MedicHttpException} {@code 400} whose code names the parameter
 * ({@code bad_limit}, {@code bad_ms}, {@code bad_timeout}, {@code bad_attribute}) and whose message
 * names the value and what was expected. The analog of the argument checks at the top of a recon
 * function ({@code recon_lib}'s validation). Thread-safe.
 */
public final class MedicParams {
    private final RouteParams params;

    private MedicParams(RouteParams params) {
        this.params = params;
    }

    /** The parser of {@code node}'s routes. */
    public static MedicParams of(Node node) {
        return new MedicParams(new RouteParams(Introspection.get(Objects.requireNonNull(node, "node"))));
    }

    /** {@code limit} of a top-N route: default {@code medic.http.limits.default-limit}, 1 to {@code max-limit}. */
    public int limit(MedicRequest request) {
        return params.limit(request.params());
    }

    /** {@code window_ms} of a window route: default {@code medic.http.limits.default-window}, at most {@code max-window}. */
    public Duration window(MedicRequest request) {
        return params.window(request.params());
    }

    /** {@code timeout_ms} of a route that asks: default {@code medic.http.limits.default-timeout}, at most {@code max-timeout}. */
    public Duration timeout(MedicRequest request) {
        return params.timeout(request.params());
    }

    /** The longest {@link #window} accepted. */
    public Duration maxWindow() {
        return params.maxWindow();
    }

    /** The longest {@link #timeout} accepted. */
    public Duration maxTimeout() {
        return params.maxTimeout();
    }

    /**
     * The process attribute named by parameter {@code name} ({@code sort} or {@code attr}), by its wire
     * name ({@code message_queue_len}, {@code memory_bytes} ...) or recon's ({@code memory}).
     */
    public ProcessAttribute attribute(MedicRequest request, String name) {
        return params.attribute(request.params(), name);
    }

    /** The wire name of {@code attribute} in answers: {@code memory_bytes}, {@code reductions} ... */
    public static String wireName(ProcessAttribute attribute) {
        return RouteParams.wireName(attribute);
    }
}
