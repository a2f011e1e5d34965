package io.medic.runtime;

import io.medic.runtime.internal.JsonRender;
import java.util.Objects;

/**
 * A value — a process's state, a message — rendered as JSON text within {@link RenderLimits}: what
 * Medic shows of a term wherever it shows one (the state routes, crash reports), the analog of a term
 * printed with OTP's bounded formats ({@code ~P}, the logger's {@code depth} and {@code chars_limit}).
 * What does not fit is cut, with a marker string in its place ({@code "...(37 more)"},
 * {@code "...(depth limit)"}, {@code "...(byte limit)"}, {@code "...(cycle: com.shop.Node)"},
 * {@code "...(12 more chars)"}), and {@link #truncated()} says so.
 *
 * <ul>
 *   <li>application classes and records: their instance fields (records: their components), superclass
 *       fields first, synthetic fields left out, read by reflection;</li>
 *   <li>any {@code Map}, {@code Collection}, array, {@code Optional}: through their public interface;
 *       map keys become strings;</li>
 *   <li>strings, numbers, booleans, characters, enums (their name), pids ({@code <0.N.0>}), and a
 *       {@code Rendered} met inside the value (its JSON, as it is);</li>
 *   <li>every other JDK, Scala or Akka type, lambdas and proxies: {@code toString()}, cut to the string
 *       bound — an {@code ActorRef} shows its path, never its mailbox.</li>
 * </ul>
 *
 * <p>The text is always well-formed JSON, on one line: in strings, quotes, backslashes and every
 * character a log line escapes ({@link LogText#escapes}: control characters, line separators,
 * invisible format characters) are written as JSON escapes, so a rendering can be put into a log line
 * or an HTTP answer as it is. Immutable.
 *
 * @param type      the class of the rendered value, or null for null
 * @param json      the rendering: one JSON value
 * @param truncated whether a bound cut something
 */
public record Rendered(String type, String json, boolean truncated) {

    public Rendered {
        Objects.requireNonNull(json, "json");
    }

    /**
     * Renders {@code value} within {@code limits}, on the calling thread. Reading a value that another
     * thread is changing is safe: a collection that changes under the walk is cut with a marker
     * ({@code "...(changed while read: ...)"}); a {@code toString} that throws shows as
     * {@code "<toString failed: ...>"}. Thread-safe.
     *
     * <p>Cost: bounded by the limits — at most about {@code maxBytes} of output and a few field reads
     * per byte.
     */
    public static Rendered of(Object value, RenderLimits limits) {
        return JsonRender.render(value, Objects.requireNonNull(limits, "limits"));
    }
}
