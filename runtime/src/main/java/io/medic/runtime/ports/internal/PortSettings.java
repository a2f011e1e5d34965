package io.medic.runtime.ports.internal;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * INTERNAL API
 *
 * <p>The port table's settings, read from the node's configuration when present:
 * {@code medic.ports.send-timeout} (default 5 s, 1 ms to 1 h) and {@code medic.ports.read-buffer-size}
 * (default 64 KiB, 1 KiB to 16 MiB).
 *
 * @param sendTimeout    how long a send waits for the peer to make room, and for another sender
 * @param readBufferSize the most bytes one read takes from one socket (and one {@code TcpData} holds)
 */
record PortSettings(Duration sendTimeout, int readBufferSize) {
    static final Duration DEFAULT_SEND_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MAX_SEND_TIMEOUT = Duration.ofHours(1);
    static final int DEFAULT_READ_BUFFER_SIZE = 64 * 1024;
    static final int MIN_READ_BUFFER_SIZE = 1024;
    static final int MAX_READ_BUFFER_SIZE = 16 * 1024 * 1024;

    PortSettings {
        checkSendTimeout("medic.ports.send-timeout", sendTimeout);
        if (readBufferSize < MIN_READ_BUFFER_SIZE || readBufferSize > MAX_READ_BUFFER_SIZE) {
            throw new IllegalArgumentException("medic.ports.read-buffer-size: expected " + MIN_READ_BUFFER_SIZE
                    + " ≤ bytes ≤ " + MAX_READ_BUFFER_SIZE + ", got " + readBufferSize);
        }
    }

    static PortSettings fromConfig(Config config) {
        Duration send = config.hasPath("medic.ports.send-timeout")
                ? config.getDuration("medic.ports.send-timeout") : DEFAULT_SEND_TIMEOUT;
        int read = config.hasPath("medic.ports.read-buffer-size")
                ? (int) Math.min(Integer.MAX_VALUE, config.getBytes("medic.ports.read-buffer-size"))
                : DEFAULT_READ_BUFFER_SIZE;
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
