package io.medic.runtime.ports;

import java.util.Objects;

/**
 * How a {@link TcpSocket} is read: gen_tcp's {@code {active, true | once | false | N}} option
 * ({@code inet:setopts/2}). Set it with {@link TcpSocket#setActive}, or when the socket is made
 * ({@link Ports#connect(io.medic.runtime.Pid, java.net.InetSocketAddress, java.time.Duration, Active)},
 * {@link TcpListener#accept(io.medic.runtime.Pid, java.time.Duration, Active)}). Immutable.
 *
 * <table>
 *   <caption>Modes</caption>
 *   <tr><td>{@link #TRUE}</td><td>read whenever bytes arrive and send each chunk to the owner as a
 *       {@link TcpData}: no flow control (the default, and the only mode before)</td></tr>
 *   <tr><td>{@link #ONCE}</td><td>read one chunk, send it, then stop reading until the owner sets a mode
 *       again: the owner reads only when it asks, and a fast peer is held back by TCP itself</td></tr>
 *   <tr><td>{@link #n(int)}</td><td>read {@code N} more chunks, then stop reading and send a
 *       {@link TcpPassive}; {@code N} is added to what is left of a previous {@code {active, N}}</td></tr>
 *   <tr><td>{@link #FALSE}</td><td>do not read: the bytes wait in the kernel's buffer, and once it is
 *       full the peer's sends block (its TCP window is closed)</td></tr>
 * </table>
 */
public final class Active {
    /** What the mode is. */
    public enum Mode {
        /** {@code {active, true}}. */
        TRUE,
        /** {@code {active, once}}. */
        ONCE,
        /** {@code {active, false}}. */
        FALSE,
        /** {@code {active, N}}: {@link #n()} chunks. */
        COUNT
    }

    /** Smallest {@code N} of {@link #n(int)}, as gen_tcp's. */
    public static final int MIN_N = -32768;
    /** Largest {@code N} of {@link #n(int)}, and the largest count a socket holds, as gen_tcp's. */
    public static final int MAX_N = 32767;

    /** {@code {active, true}}: read everything as it arrives. */
    public static final Active TRUE = new Active(Mode.TRUE, 0);
    /** {@code {active, once}}: one chunk, then passive. */
    public static final Active ONCE = new Active(Mode.ONCE, 0);
    /** {@code {active, false}}: passive, no reading. */
    public static final Active FALSE = new Active(Mode.FALSE, 0);

    private final Mode mode;
    private final int n;

    private Active(Mode mode, int n) {
        this.mode = mode;
        this.n = n;
    }

    /**
     * {@code {active, N}}: adds {@code n} to the socket's count of chunks to deliver (starting from 0
     * unless the socket is already in {@code {active, N}}); when the count reaches 0 — by deliveries, or
     * at once if the sum is 0 or less — the socket stops reading and its owner gets a {@link TcpPassive}.
     *
     * @throws IllegalArgumentException if {@code n} is outside {@value #MIN_N} to {@value #MAX_N}
     */
    public static Active n(int n) {
        if (n < MIN_N || n > MAX_N) {
            throw new IllegalArgumentException("n: expected " + MIN_N + " to " + MAX_N + " (gen_tcp's {active, N}), got " + n);
        }
        return new Active(Mode.COUNT, n);
    }

    public Mode mode() {
        return mode;
    }

    /** {@code N} of {@code {active, N}}; 0 for the other modes. */
    public int n() {
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Active a && a.mode == mode && a.n == n;
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, n);
    }

    /** {@code {active, true}}, {@code {active, once}}, {@code {active, false}} or {@code {active, 5}}. */
    @Override
    public String toString() {
        return "{active, " + (mode == Mode.COUNT ? String.valueOf(n) : mode.name().toLowerCase(java.util.Locale.ROOT)) + "}";
    }
}
