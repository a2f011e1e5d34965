package io.medic.runtime.internal;

import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;

/**
 * INTERNAL API
 *
 * <p>The control messages every Medic process understands, outside its user protocol.
 */
public final class Messages {
    private Messages() {
    }

    /** {@code gen_server:cast}: wrapped so the server can tell it from an info message. */
    public record Cast(Object message) {
    }

    /**
     * An exit signal delivered in order, like {@code {'EXIT', From, Reason}} to a process that traps
     * exits: the process runs its {@code terminate} and stops with {@code reason}.
     */
    public record ExitSignal(ExitReason reason, Pid from) implements akka.actor.DeadLetterSuppression {
    }

    /** Idle timeout of a GenServer result ({@code {noreply, State, Timeout}}). */
    public record IdleTimeout(int generation) {
    }
}
