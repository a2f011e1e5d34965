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
        if (future.isDone()) {
            return;
        }
        ExitReason reason = target.exitReasonOrNull();
        if (reason == null) {
            reason = ExitReason.KILLED; // stopping right now, reason not published yet
        }
        fail(new ProcessExitException(target.pid(), reason));
    }
}
