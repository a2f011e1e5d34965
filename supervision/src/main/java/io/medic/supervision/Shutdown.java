package io.medic.supervision;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a supervisor stops a child: OTP's {@code shutdown} child spec field. Immutable.
 *
 * <ul>
 *   <li>{@link #brutalKill()}: stopped out of band, without running {@code terminate}
 *       ({@code brutal_kill});</li>
 *   <li>{@link #timeout(Duration)}: asked to stop in mailbox order (its {@code terminate} runs), then
 *       killed if it has not stopped within the timeout;</li>
 *   <li>{@link #infinity()}: asked to stop, waited for without limit (the default for supervisors).</li>
 * </ul>
 *
 * <p>The JVM cannot pre-empt a running handler: a child stuck inside a handler cannot be killed. After
 * the timeout (or at once for brutalKill) the supervisor stops waiting, reports the child as killed,
 * releases its registered name and goes on; the stuck actor stops by itself when its handler returns.
 * See docs/supervision.md.
 */
public final class Shutdown {
    /** The default for workers: 5 seconds. */
    public static final Duration DEFAULT_WORKER_TIMEOUT = Duration.ofSeconds(5);

    private static final Shutdown BRUTAL = new Shutdown(Kind.BRUTAL_KILL, null);
    private static final Shutdown INFINITY = new Shutdown(Kind.INFINITY, null);

    /** The three forms. */
    public enum Kind { BRUTAL_KILL, TIMEOUT, INFINITY }

    private final Kind kind;
    private final Duration timeout;

    private Shutdown(Kind kind, Duration timeout) {
        this.kind = kind;
        this.timeout = timeout;
    }

    /** {@code brutal_kill}. */
    public static Shutdown brutalKill() {
        return BRUTAL;
    }

    /** {@code infinity}. */
    public static Shutdown infinity() {
        return INFINITY;
    }

    /**
     * A timeout (OTP's integer milliseconds). Validated by {@link ChildSpec#check()}: it must be 0 or more;
     * 0 asks the child to stop and kills it at once if it has not stopped by then.
     */
    public static Shutdown timeout(Duration timeout) {
        return new Shutdown(Kind.TIMEOUT, Objects.requireNonNull(timeout, "timeout"));
    }

    public Kind kind() {
        return kind;
    }

    /** The timeout, for {@link Kind#TIMEOUT}. */
    public Optional<Duration> timeoutDuration() {
        return Optional.ofNullable(timeout);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shutdown s && s.kind == kind && Objects.equals(s.timeout, timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, timeout);
    }

    /** {@code brutal_kill}, {@code infinity} or the timeout in milliseconds, as OTP writes them. */
    @Override
    public String toString() {
        return switch (kind) {
            case BRUTAL_KILL -> "brutal_kill";
            case INFINITY -> "infinity";
            case TIMEOUT -> timeout.toMillis() + "ms";
        };
    }
}
