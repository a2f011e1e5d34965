package io.medic.runtime.internal;

import akka.actor.DeadLetterSuppression;
import io.medic.runtime.ExitReason;
import io.medic.runtime.NoProcessException;
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

    public CompletableFuture<R> future() {
        return future;
    }

    public boolean complete(R value) {
        return future.complete(value);
    }

    public boolean fail(Throwable error) {
        return future.completeExceptionally(error);
    }

    /** Fails this request because its target stopped (or never existed, if {@code record} is null). */
    public void failBecauseDead(ProcessRecord record) {
        if (future.isDone()) {
            return;
        }
        fail(deadError(record));
    }

    public static Throwable deadError(ProcessRecord record) {
        if (record == null) {
            return new NoProcessException("unknown process");
        }
        ExitReason reason = record.exitReasonOrNull();
        if (reason == null) {
            reason = ExitReason.KILLED; // stopping right now, reason not published yet
        }
        return new ProcessExitException(record.pid(), reason);
    }
}
