package io.medic.introspection;

import io.medic.runtime.ports.PortEntry;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One row of {@link Recon#inetCount}, {@link Recon#inetWindow}, {@link Recon#portCount} or
 * {@link Recon#portWindow}: recon's {@code {Port, Value, Details}}.
 *
 * @param port    the port (live: its counters keep moving after the sample was taken)
 * @param value   the attribute's value, or its increase over the window
 * @param details the single counters that {@code value} sums, by wire name ({@code {"recv_oct"=.., "send_oct"=..}}
 *                for {@code oct}; one entry otherwise); their increases, for a window. Unmodifiable, in
 *                that order.
 */
public record PortSample(PortEntry port, long value, Map<String, Long> details) {
    public PortSample {
        Objects.requireNonNull(port, "port");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
    }
}
