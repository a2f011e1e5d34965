package io.medic.cluster.internal;

import akka.actor.ActorRef;
import akka.pattern.Patterns;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * INTERNAL API
 *
 * <p>Akka's ask pattern, answered in a plain {@link CompletableFuture} on a thread the caller chooses.
 * Not Akka's Java API ({@code Patterns.ask(..., Duration)}): the {@code CompletionStage} it returns runs
 * every dependent stage asynchronously on {@code ForkJoinPool.commonPool()} — and where that pool has a
 * parallelism of 1 (a JVM that sees two cores or fewer), {@code CompletableFuture} starts a new thread for
 * each dependent. A remote call paid one thread start per call that way (half its round trip, measured by
 * {@code RemoteCallBenchmark}). Here the Scala future of the ask completes our future either on the
 * thread that completed the ask (the transport's inbound thread for another node's answer: only for a
 * caller that blocks for it, so that no user code runs there) or on {@code executor}.
 */
final class Asks {
    private Asks() {
    }

    /**
     * Asks {@code target} the message {@code message} makes of the reply address; the future completes
     * with the answer, or fails with Akka's {@code AskTimeoutException} after {@code timeout}. Its
     * dependents run on {@code executor}, or, if it is null, on the thread that answered (callers that
     * only wait for the value, with cheap dependents).
     */
    static CompletableFuture<Object> ask(ActorRef target, Function<ActorRef, Object> message, Duration timeout,
                                         Executor executor) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        Patterns.askWithReplyTo(target, message::apply, Math.max(1, timeout.toMillis())).onComplete(t -> {
            if (executor == null) {
                complete(f, t);
            } else {
                executor.execute(() -> complete(f, t));
            }
            return null;
        }, scala.concurrent.ExecutionContext.parasitic$.MODULE$);
        return f;
    }

    private static void complete(CompletableFuture<Object> f, scala.util.Try<Object> t) {
        if (t.isSuccess()) {
            f.complete(t.get());
        } else {
            f.completeExceptionally(t.failed().get());
        }
    }
}
