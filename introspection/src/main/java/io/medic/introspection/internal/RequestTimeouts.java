package io.medic.introspection.internal;

import akka.http.javadsl.TimeoutAccess;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import scala.concurrent.duration.FiniteDuration;

/**
 * INTERNAL API
 *
 * <p>Akka HTTP's request timeout ({@code akka.http.server.request-timeout}, 20 s by default) for the
 * routes that wait: a route whose answer may take up to {@code longest} by its documented bounds (a
 * window of {@code max-window}, a sys request of {@code max-timeout}, a supervision walk) gets
 * {@code longest} plus {@link #MARGIN}, when that is more than the server's timeout; and a request that
 * does time out gets Medic's JSON, {@code 503 request_timeout}, instead of Akka's plain text. Both act
 * on the request's {@code Timeout-Access} header, which Akka HTTP adds only when the timeout is finite:
 * with {@code request-timeout = infinite} there is nothing to extend or answer, and nothing is done
 * (Akka's {@code withRequestTimeout} directive would log a warning per request instead). Stateless.
 */
final class RequestTimeouts {
    /** Added to a route's longest wait: time to render and send its answer. */
    static final Duration MARGIN = Duration.ofSeconds(5);

    private RequestTimeouts() {
    }

    /** A request that times out gets Medic's JSON {@link #timedOut} answer. */
    static void answerInJson(HttpRequest request) {
        access(request).ifPresent(t -> t.updateHandler(r -> timedOut(t)));
    }

    /**
     * Raises the request's timeout to {@code longest} + {@link #MARGIN} if it is shorter (never lowers
     * it), and answers a timeout with Medic's JSON.
     */
    static void cover(HttpRequest request, Duration longest) {
        access(request).ifPresent(t -> {
            long needed = longest.plus(MARGIN).toMillis();
            if (t.getTimeout().isFinite() && t.getTimeout().toMillis() < needed) {
                t.update(FiniteDuration.create(needed, TimeUnit.MILLISECONDS), r -> timedOut(t));
            } else {
                t.updateHandler(r -> timedOut(t));
            }
        });
    }

    /**
     * The idle timeout a server needs so that no connection is cut while its longest route works:
     * Akka HTTP closes a connection on which no byte moved for {@code idle-timeout}, a request in
     * progress included. {@code configured} when it is already longer, or infinite (null).
     */
    static Duration idleTimeout(Duration configured, Duration longestRoute) {
        Duration needed = longestRoute.plus(MARGIN).plus(MARGIN);
        return configured == null || configured.compareTo(needed) >= 0 ? configured : needed;
    }

    /**
     * {@code 503 request_timeout}, naming the timeout that passed (Akka HTTP hands the handler the
     * request without its {@code Timeout-Access} header: the access is the one the handler was set on).
     */
    private static HttpResponse timedOut(TimeoutAccess access) {
        String after = access.getTimeout().isFinite() ? access.getTimeout().toMillis() + " ms" : "its timeout";
        return Json.error(StatusCodes.SERVICE_UNAVAILABLE, "request_timeout", "no answer within " + after
                + " (akka.http.server.request-timeout; a /medic route that waits gets its longest wait plus "
                + MARGIN.toSeconds() + " s, see docs/introspection.md#timeouts); what the request asked for may "
                + "still happen on the node");
    }

    private static Optional<TimeoutAccess> access(HttpRequest request) {
        return request.getHeader(akka.http.javadsl.model.headers.TimeoutAccess.class)
                .map(akka.http.javadsl.model.headers.TimeoutAccess::timeoutAccess);
    }
}
