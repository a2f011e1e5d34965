package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.RemoteAddress;
import akka.http.javadsl.model.headers.RawHeader;
import com.typesafe.config.ConfigFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/**
 * Where the guard checks a password: a PBKDF2 check is handed to the verification executor (never run
 * on the calling HTTP thread), a remembered or unreadable one is settled at once, and the number waiting
 * is bounded. The executor here runs nothing until the test says so.
 */
class LoginGuardTest {
    private static final String HASH = PasswordHash.hash("secret".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();

    /** An executor that queues its tasks until {@link #runAll}. */
    private static final class Manual implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable r; (r = tasks.poll()) != null; ) {
                r.run();
            }
        }
    }

    private final Manual verifier = new Manual();
    private final BasicAuth auth = BasicAuth.fromConfig(ConfigFactory.parseString(
            "medic.http.auth.users.ops { password-hash = \"" + HASH + "\", roles = [admin] }")
            .withFallback(ConfigFactory.defaultReference()));
    private final LoginGuard guard = new LoginGuard(auth, new LoginLimiter(new LoginLimiter.Settings(5,
            Duration.ofMinutes(1), Duration.ofMinutes(1), 100), System::nanoTime), verifier, 2, "/medic");

    private static HttpRequest request(String path, String authorization) {
        HttpRequest r = HttpRequest.GET(path).addAttribute(AttributeKeys.remoteAddress,
                RemoteAddress.create(new InetSocketAddress("192.0.2.7", 40000)));
        return authorization == null ? r : r.addHeader(RawHeader.create("Authorization", authorization));
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPbkdf2CheckRunsOnTheVerifierAndItsSuccessIsThenSettledAtOnce() {
        CompletableFuture<Optional<HttpResponse>> first = guard.screen(request("/medic/node", basic("ops:secret")))
                .toCompletableFuture();
        assertFalse(first.isDone(), "not checked on the calling thread");
        assertEquals(1, verifier.tasks.size());
        verifier.runAll();
        assertEquals(Optional.empty(), first.join(), "a success goes on to the routes");

        CompletableFuture<Optional<HttpResponse>> second = guard.screen(request("/medic/processes", basic("ops:secret")))
                .toCompletableFuture();
        assertTrue(second.isDone() && second.join().isEmpty(), "remembered: settled at once");
        assertTrue(verifier.tasks.isEmpty());
    }

    @Test
    void aWrongPasswordIsA401AfterItsCheckAndUnreadableCredentialsAreSettledAtOnce() {
        CompletableFuture<Optional<HttpResponse>> wrong = guard.screen(request("/medic/node", basic("ops:nope")))
                .toCompletableFuture();
        assertFalse(wrong.isDone());
        verifier.runAll();
        assertEquals(401, wrong.join().orElseThrow().status().intValue());

        CompletableFuture<Optional<HttpResponse>> malformed = guard.screen(request("/medic/node", "Basic %%%"))
                .toCompletableFuture();
        assertTrue(malformed.isDone(), "no password to check");
        assertEquals(401, malformed.join().orElseThrow().status().intValue());
        assertTrue(verifier.tasks.isEmpty());
    }

    @Test
    void theChecksWaitingAreBounded() {
        CompletableFuture<Optional<HttpResponse>> a = guard.screen(request("/medic/node", basic("ops:x1"))).toCompletableFuture();
        CompletableFuture<Optional<HttpResponse>> b = guard.screen(request("/medic/node", basic("ops:x2"))).toCompletableFuture();
        CompletableFuture<Optional<HttpResponse>> c = guard.screen(request("/medic/node", basic("ops:x3"))).toCompletableFuture();
        assertFalse(a.isDone() || b.isDone());
        HttpResponse busy = c.join().orElseThrow();
        assertEquals(429, busy.status().intValue(), "a third check beyond max-pending = 2 is not queued");
        assertEquals("1", busy.getHeader("Retry-After").orElseThrow().value());
        assertEquals(2, verifier.tasks.size());
        verifier.runAll();
        assertEquals(401, a.join().orElseThrow().status().intValue());
        CompletableFuture<Optional<HttpResponse>> d = guard.screen(request("/medic/node", basic("ops:x4"))).toCompletableFuture();
        assertFalse(d.isDone(), "room again once the checks are done");
        verifier.runAll();
    }

    @Test
    void aCheckThatCannotBeScheduledLeavesNeitherTicketNorPermitBehind() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("verifier shut down");
        };
        LoginGuard g = new LoginGuard(auth, new LoginLimiter(new LoginLimiter.Settings(5, Duration.ofMinutes(1),
                Duration.ofMinutes(1), 100), System::nanoTime), refusing, 2, "/medic");
        for (int i = 0; i < 20; i++) { // more than max-failures (5) and max-pending (2)
            assertThrows(RejectedExecutionException.class, () -> g.screen(request("/medic/node", basic("ops:secret"))),
                    "attempt " + i + " must meet the refusal, not a lock-out or a busy answer left by earlier ones");
        }
    }

    @Test
    void requestsOutsideMedicOrWithoutCredentialsPassUntouched() {
        assertTrue(guard.screen(request("/ready", basic("ops:nope"))).toCompletableFuture().join().isEmpty());
        assertTrue(guard.screen(request("/medic/node", null)).toCompletableFuture().join().isEmpty(),
                "the routes answer a missing header themselves, with no password to check");
        assertTrue(verifier.tasks.isEmpty());
    }
}
