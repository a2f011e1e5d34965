package io.medic.runtime.ports.internal;

import com.typesafe.config.Config;
import io.medic.runtime.SettingsReader;
import java.time.Duration;
import java.util.Objects;

/**
 * INTERNAL API
 *
 * <p>The port table's settings, {@code medic.ports} in the node's configuration (defaults in the
 * runtime's {@code reference.conf}): {@code send-timeout} (5 s, 1 ms to 1 h) and
 * {@code read-buffer-size} (64 KiB, 1 KiB to 16 MiB), validated like every other Medic section.
 *
 * @param sendTimeout    how long a send waits for the peer to make room, and for another sender
 * @param readBufferSize the most bytes one read takes from one socket (and one {@code TcpData} holds)
 */
record PortSettings(Duration sendTimeout, int readBufferSize) {
    static final Duration MAX_SEND_TIMEOUT = Duration.ofHours(1);
    static final int MIN_READ_BUFFER_SIZE = 1024;
    static final int MAX_READ_BUFFER_SIZE = 16 * 1024 * 1024;

    static PortSettings fromConfig(Config config) {
        SettingsReader r = new SettingsReader(config, "medic.ports");
        Duration send = r.duration("send-timeout", Duration.ofMillis(1), MAX_SEND_TIMEOUT);
        int read = (int) r.bytes("read-buffer-size", MIN_READ_BUFFER_SIZE, MAX_READ_BUFFER_SIZE);
        r.throwIfInvalid("Medic ports configuration");
        return new PortSettings(send, read);
    }

    /** Checks a send timeout: 1 ms ≤ timeout ≤ 1 h; the error names {@code field} and the bad value. */
    static Duration checkSendTimeout(String field, Duration timeout) {
        Objects.requireNonNull(timeout, field);
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(MAX_SEND_TIMEOUT) > 0) {
            throw new IllegalArgumentException(field + ": expected 1 ms ≤ timeout ≤ 1 h, got " + PortTable.show(timeout));
        }
        return timeout;
    }
}
