package io.medic.runtime;

import java.util.Objects;

/**
 * Why a process ended: Erlang's exit reasons, as values.
 *
 * <p>Supervision acts on these exactly as OTP does: {@link #NORMAL}, {@link #SHUTDOWN} and
 * {@link ShutdownWithInfo} are <em>normal</em> exits (a {@code TRANSIENT} child is not restarted after
 * them); {@link Exception}, {@link #KILLED} and {@link Custom} are <em>abnormal</em>.
 *
 * <table>
 *   <caption>Erlang correspondence</caption>
 *   <tr><th>Medic</th><th>Erlang</th></tr>
 *   <tr><td>{@link #NORMAL}</td><td>{@code normal}</td></tr>
 *   <tr><td>{@link #SHUTDOWN}</td><td>{@code shutdown}</td></tr>
 *   <tr><td>{@link #shutdown(Object)}</td><td>{@code {shutdown, Info}}</td></tr>
 *   <tr><td>{@link #exception(Throwable)}</td><td>{@code {Class, Reason, Stacktrace}} of a crash</td></tr>
 *   <tr><td>{@link #KILLED}</td><td>{@code killed} (after {@code exit(Pid, kill)} or a brutal kill)</td></tr>
 *   <tr><td>{@link #custom(Object)}</td><td>any other term given to {@code {stop, Reason, State}}</td></tr>
 * </table>
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface ExitReason {

    /** The process finished its work: {@code normal}. */
    ExitReason NORMAL = new Normal();
    /** Its supervisor (or an operator) asked it to stop: {@code shutdown}. */
    ExitReason SHUTDOWN = new Shutdown();
    /** It was stopped without running {@code terminate}: {@code killed}. */
    ExitReason KILLED = new Killed();

    /** {@code {shutdown, Info}}: a normal stop that carries a description. */
    static ExitReason shutdown(Object info) {
        return new ShutdownWithInfo(Objects.requireNonNull(info, "info"));
    }

    /** A crash: the callback threw {@code cause}. */
    static ExitReason exception(Throwable cause) {
        return new Exception(Objects.requireNonNull(cause, "cause"));
    }

    /** Any other stop reason: abnormal, like an arbitrary Erlang term. */
    static ExitReason custom(Object reason) {
        return new Custom(Objects.requireNonNull(reason, "reason"));
    }

    /**
     * True for {@code normal}, {@code shutdown} and {@code {shutdown, _}}: the reasons after which a
     * {@code TRANSIENT} child is not restarted and for which no crash report is logged.
     */
    boolean isNormal();

    /** The negation of {@link #isNormal()}. */
    default boolean isAbnormal() {
        return !isNormal();
    }

    /** {@code normal}. */
    record Normal() implements ExitReason {
        @Override public boolean isNormal() { return true; }
        @Override public String toString() { return "normal"; }
    }

    /** {@code shutdown}. */
    record Shutdown() implements ExitReason {
        @Override public boolean isNormal() { return true; }
        @Override public String toString() { return "shutdown"; }
    }

    /** {@code {shutdown, Info}}. */
    record ShutdownWithInfo(Object info) implements ExitReason {
        @Override public boolean isNormal() { return true; }
        @Override public String toString() { return "{shutdown, " + info + "}"; }
    }

    /** A crash caused by {@code cause}. */
    record Exception(Throwable cause) implements ExitReason {
        @Override public boolean isNormal() { return false; }
        @Override public String toString() { return "{exception, " + cause + "}"; }
    }

    /** {@code killed}. */
    record Killed() implements ExitReason {
        @Override public boolean isNormal() { return false; }
        @Override public String toString() { return "killed"; }
    }

    /** Any other, abnormal, reason. */
    record Custom(Object reason) implements ExitReason {
        @Override public boolean isNormal() { return false; }
        @Override public String toString() { return String.valueOf(reason); }
    }
}
