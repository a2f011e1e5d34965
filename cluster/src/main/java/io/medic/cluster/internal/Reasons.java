package io.medic.cluster.internal;

import io.medic.cluster.RemoteException;
import io.medic.runtime.ExitReason;

/**
 * INTERNAL API
 *
 * <p>Exit reasons across nodes: a kind and a text. {@code normal}, {@code shutdown} and {@code killed}
 * arrive as themselves; {@code {shutdown, Info}} and a custom reason arrive with the text of their term
 * (the term itself is not sent: it need not be serializable); a crash arrives as
 * {@link ExitReason#exception} of a {@link RemoteException} naming the original exception's class and
 * message. Stateless.
 */
final class Reasons {
    static final byte NORMAL = 0;
    static final byte SHUTDOWN = 1;
    static final byte SHUTDOWN_INFO = 2;
    static final byte KILLED = 3;
    static final byte EXCEPTION = 4;
    static final byte CUSTOM = 5;

    /** Reasons that are not an exit of the process itself: {@code noproc}, {@code noconnection}. */
    static final ExitReason NOPROC = ExitReason.custom("noproc");
    static final ExitReason NOCONNECTION = ExitReason.custom("noconnection");

    private Reasons() {
    }

    /** A reason as it travels. */
    record Wire(byte kind, String text) {
    }

    static Wire encode(ExitReason r) {
        if (r instanceof ExitReason.Normal) {
            return new Wire(NORMAL, "");
        }
        if (r instanceof ExitReason.Shutdown) {
            return new Wire(SHUTDOWN, "");
        }
        if (r instanceof ExitReason.ShutdownWithInfo s) {
            return new Wire(SHUTDOWN_INFO, String.valueOf(s.info()));
        }
        if (r instanceof ExitReason.Killed) {
            return new Wire(KILLED, "");
        }
        if (r instanceof ExitReason.Exception e) {
            return new Wire(EXCEPTION, RemoteException.describe(e.cause()));
        }
        return new Wire(CUSTOM, String.valueOf(((ExitReason.Custom) r).reason()));
    }

    static ExitReason decode(byte kind, String text, String node) {
        return switch (kind) {
            case NORMAL -> ExitReason.NORMAL;
            case SHUTDOWN -> ExitReason.SHUTDOWN;
            case SHUTDOWN_INFO -> ExitReason.shutdown(text);
            case KILLED -> ExitReason.KILLED;
            case EXCEPTION -> ExitReason.exception(new RemoteException("exit", text, node));
            case CUSTOM -> "noproc".equals(text) ? NOPROC : "noconnection".equals(text) ? NOCONNECTION : ExitReason.custom(text);
            default -> ExitReason.custom("unknown exit reason kind " + kind + ": " + text);
        };
    }
}
