package io.medic.runtime.internal;

import akka.actor.DeadLetterSuppression;
import io.medic.runtime.ExitReason;
import io.medic.runtime.ProcessExitException;
import java.util.concurrent.CompletableFuture;

/**
 * INTERNAL API
 *
 * <p>A message that expects an answer: a {@code call} or a sys request. The answer completes a future
 * directly (Medic processes are local), so no temporary actor is needed; if the process stops with
 * the request pending or queued, the request fails at once with the exit reason.
 */
public abstract class Request<R> implements DeadLetterSuppression {
    protected final CompletableFuture<R> future = new CompletableFuture<>();
    /** The process asked. */
    protected final ProcessRecord target;

    protected Request(ProcessRecord target) {
        this.target = target;
    }

    /**
     * Set by the process when it has taken this request and answers it once it has exited (sys
     * terminate): a sender that sees the process dead just after its send must not fail it first.
     * Volatile: written before the process's status says it exited, read after a sender read that status.
     */
    private volatile boolean answeredAfterExit;

    /** The process will answer this request after it has exited (see {@link #failBecauseDead}). */
    public void answerAfterExit() {
        answeredAfterExit = true;
    }

    public CompletableFuture<R> future() {
        return future;
    }

    public boolean complete(R value) {
        return future.complete(value);
    }

    public boolean fail(Throwable error) {
        return future.completeExceptionally(error);
    }

    /** Fails this request because its target stopped (with its exit reason, once published). */
    public void failBecauseDead() {
        if (future.isDone() || answeredAfterExit) {
            return;
        }
        ExitReason reason = target.exitReasonOrNull();
        if (reason == null) {
            reason = ExitReason.KILLED; // stopping right now, reason not published yet
        }
        fail(new ProcessExitException(target.pid(), reason));
    }
}
