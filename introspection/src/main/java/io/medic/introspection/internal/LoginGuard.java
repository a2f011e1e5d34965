package io.medic.introspection.internal;

import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.RemoteAddress;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.RetryAfter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * INTERNAL API
 *
 * <p>Checks the credentials of every {@code /medic} request that carries an {@code Authorization} header
 * before it reaches the routes, on the server {@link ManagementServer} starts:
 *
 * <ol>
 *   <li>an address locked out by {@link LoginLimiter} gets {@code 429 locked_out} with
 *       {@code Retry-After}, and its password is not checked;</li>
 *   <li>unreadable credentials, a remembered success and a fast (legacy) user are settled at once;</li>
 *   <li>a PBKDF2 check runs on {@code medic.http.auth.verification-dispatcher}, not on the threads that
 *       serve HTTP; at most {@code max-pending-verifications} wait or run at once, beyond which the
 *       request gets {@code 429 busy} unchecked (a remembered success still gets in);</li>
 *   <li>a refused login gets the same 401 as the routes give, is counted against its address and
 *       written to the audit log ({@link Audit}: the claimed user neutralised, never the password); the
 *       failure that locks an address out is logged at WARN.</li>
 * </ol>
 *
 * <p>A request that passes goes on to the routes, whose own check finds the success remembered. A
 * request without the header passes untouched (the routes answer 401 without checking any password), as
 * does every request outside {@code /medic}. Thread-safe.
 */
public final class LoginGuard {
    private final BasicAuth auth;
    private final LoginLimiter limiter;
    private final Executor verifier;
    private final Semaphore pending;
    private final String prefix;

    /**
     * @param prefix     the path whose requests are checked, e.g. {@code /medic} (the management base path
     *                   included)
     * @param verifier   where PBKDF2 checks run
     * @param maxPending PBKDF2 checks waiting or running at most
     */
    public LoginGuard(BasicAuth auth, LoginLimiter limiter, Executor verifier, int maxPending, String prefix) {
        this.auth = auth;
        this.limiter = limiter;
        this.verifier = verifier;
        this.pending = new Semaphore(maxPending);
        this.prefix = prefix;
    }

    /**
     * Screens one request: completes with the answer when the request stops here, empty when it goes on
     * to the routes. Completes at once unless a PBKDF2 check must run.
     */
    public CompletionStage<Optional<HttpResponse>> screen(HttpRequest request) {
        Optional<String> header = request.getHeader("Authorization").map(h -> h.value());
        if (!auth.enabled() || header.isEmpty() || !request.getUri().path().startsWith(prefix)) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<RemoteAddress> remote = request.getAttribute(AttributeKeys.remoteAddress);
        InetAddress address = remote.flatMap(RemoteAddress::getAddress).orElse(null);
        LoginLimiter.Decision decision = limiter.acquire(address);
        if (decision instanceof LoginLimiter.LockedOut out) {
            return done(lockedOut(out));
        }
        LoginLimiter.Ticket ticket = (LoginLimiter.Ticket) decision;
        try {
            return check(ticket, new Login(ticket, Audit.remote(request), request.getUri().path()), header);
        } catch (RuntimeException | Error e) {
            ticket.abandon(); // never leave a ticket open: it would hold the address's budget forever
            throw e;
        }
    }

    /** Settles the login at once when no derivation is due; otherwise hands it to the verifier. */
    private CompletionStage<Optional<HttpResponse>> check(LoginLimiter.Ticket ticket, Login login, Optional<String> header) {
        BasicAuth.Attempt attempt = auth.parse(header);
        Optional<BasicAuth.Result> quick = auth.quick(attempt);
        if (quick.isPresent()) {
            return done(login.settle(quick.get()));
        }
        if (!pending.tryAcquire()) {
            ticket.succeeded(); // not checked: it does not count
            return done(Optional.of(retryAfter(Duration.ofSeconds(1), "busy",
                    "too many logins are being checked at once; retry in 1 s")));
        }
        CompletableFuture<BasicAuth.Result> verified;
        try {
            verified = CompletableFuture.supplyAsync(() -> auth.verify(attempt), verifier);
        } catch (RuntimeException e) {
            pending.release();
            throw e;
        }
        return verified.handle((result, err) -> {
            pending.release();
            if (err != null) {
                ticket.abandon();
                throw new CompletionException(err);
            }
            return login.settle(result);
        });
    }

    /** One login between its ticket and its outcome. */
    private final class Login {
        private final LoginLimiter.Ticket ticket;
        private final String remote;
        private final String path;

        Login(LoginLimiter.Ticket ticket, String remote, String path) {
            this.ticket = ticket;
            this.remote = remote;
            this.path = path;
        }

        /** Empty when the login succeeded; the 401 otherwise, counted and logged. */
        Optional<HttpResponse> settle(BasicAuth.Result result) {
            if (result.ok()) {
                ticket.succeeded();
                return Optional.empty();
            }
            LoginLimiter.Failure f = ticket.failed();
            LoginLimiter.Settings s = limiter.settings();
            Audit.failedLogin(result.user(), remote, path, result.refusal(), f.failures() + "/" + s.maxFailures());
            if (f.lockedOutNow()) {
                Audit.lockedOut(f.key(), f.failures(), s.window().toSeconds(), s.lockout().toSeconds());
            }
            return Optional.of(auth.challenge(result.refusal()));
        }
    }

    private HttpResponse lockedOut(LoginLimiter.LockedOut out) {
        long seconds = seconds(out.retryAfter());
        LoginLimiter.Settings s = limiter.settings();
        return retryAfter(out.retryAfter(), "locked_out", "too many failed logins from this address (at most "
                + s.maxFailures() + " in " + s.window().toSeconds() + " s): retry in " + seconds + " s");
    }

    private static HttpResponse retryAfter(Duration after, String code, String message) {
        return Json.error(StatusCodes.TOO_MANY_REQUESTS, code, message).addHeader(RetryAfter.create(seconds(after)));
    }

    /** Whole seconds, rounded up, at least 1. */
    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static CompletionStage<Optional<HttpResponse>> done(Optional<HttpResponse> answer) {
        return CompletableFuture.completedFuture(answer);
    }

    private static CompletionStage<Optional<HttpResponse>> done(HttpResponse answer) {
        return done(Optional.of(answer));
    }
}
