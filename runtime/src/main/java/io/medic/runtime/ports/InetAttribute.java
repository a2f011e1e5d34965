package io.medic.runtime.ports;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The counters that rank ports: recon's {@code recv_oct | send_oct | oct | recv_cnt | send_cnt | cnt}
 * ({@code recon:inet_count/2}, {@code recon:inet_window/3}, served by the introspection module's
 * {@code Recon}). {@code oct} and {@code cnt} are sums of the received and sent values. Every port keeps
 * these counters, files too (see {@link PortEntry}).
 */
public enum InetAttribute {
    /** Bytes received ({@code recv_oct}). */
    RECV_OCT,
    /** Bytes sent ({@code send_oct}). */
    SEND_OCT,
    /** Bytes received + bytes sent ({@code oct}). */
    OCT,
    /** Packets received: deliveries of {@link TcpData} ({@code recv_cnt}). */
    RECV_CNT,
    /** Packets sent: completed calls of {@link TcpSocket#send} ({@code send_cnt}). */
    SEND_CNT,
    /** Packets received + packets sent ({@code cnt}). */
    CNT;

    /** The wire name: {@code recv_oct}, {@code send_oct}, {@code oct} ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The single-counter attributes this one sums: itself, or the received and the sent one. */
    public List<InetAttribute> parts() {
        return switch (this) {
            case OCT -> List.of(RECV_OCT, SEND_OCT);
            case CNT -> List.of(RECV_CNT, SEND_CNT);
            default -> List.of(this);
        };
    }

    /** Reads this attribute from a port's live counters (a sum for {@code oct} and {@code cnt}). */
    public long read(PortEntry port) {
        return switch (this) {
            case RECV_OCT -> port.recvOct();
            case SEND_OCT -> port.sendOct();
            case OCT -> port.recvOct() + port.sendOct();
            case RECV_CNT -> port.recvCnt();
            case SEND_CNT -> port.sendCnt();
            case CNT -> port.recvCnt() + port.sendCnt();
        };
    }

    /** Parses a wire name ({@code "recv_oct"}, case-insensitive, surrounding blanks ignored); empty if it names none. */
    public static Optional<InetAttribute> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (InetAttribute a : values()) {
            if (a.name().equals(n)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The accepted wire names, comma separated, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(InetAttribute::wireName).collect(Collectors.joining(", "));
    }
}
