package io.medic.introspection.internal;

import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RetryAfter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API
 *
 * <p>The dump route: {@code POST /medic/dump} writes a crash dump of the node now and answers its file
 * name; it stops nothing. Mutating (absent in read-only mode, admin only, audited as {@code dump}) and
 * rate-limited: within {@code medic.dump.http-min-interval} of the last one it is refused with
 * {@code 429 rate_limited} and {@code Retry-After}. The dump is written on the dumps' own thread.
 */
final class DumpRoutes {
    private DumpRoutes() {
    }

    /** The answer: the file's name (in {@code medic.dump.dir}) and what it holds. */
    record Dumped(String file, long bytes, int processes, int processesWritten, String slogan) {
    }

    static List<Endpoint> endpoints(RouteSupport routes, Introspection services) {
        return List.of(routes.post("dump", "introspection.md#dump", "dump", r -> dump(services, r)));
    }

    private static CompletionStage<?> dump(Introspection services, Endpoint.Request r) {
        Dumps dumps = Dumps.get(services.node);
        try {
            return dumps.requested("user " + r.caller().principal().name() + " from " + r.caller().remote())
                    .thenApply(w -> new Dumped(w.file().getFileName().toString(), w.bytes(), w.processes(),
                            w.processesWritten(), w.slogan()));
        } catch (Dumps.TooSoon e) {
            return CompletableFuture.completedFuture(Json.error(StatusCodes.TOO_MANY_REQUESTS, "rate_limited", e.getMessage())
                    .addHeader(RetryAfter.create(e.retryAfterSeconds)));
        }
    }
}
