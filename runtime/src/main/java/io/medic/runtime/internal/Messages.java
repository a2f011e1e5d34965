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

    /**
     * Idle timeout of a GenServer result ({@code {noreply, State, Timeout}}): the message its timer
     * delivers, and the timer. The server keeps the one armed now and ignores any other (a message
     * arrived since). Used on the server's own thread only.
     */
    public static final class IdleTimeout {
        private akka.actor.Cancellable timer;

        public void arm(akka.actor.Cancellable timer) {
            this.timer = timer;
        }

        public void cancel() {
            if (timer != null) {
                timer.cancel();
            }
        }

        @Override
        public String toString() {
            return "IdleTimeout";
        }
    }
}
