package io.medic.introspection;

import io.medic.introspection.internal.Introspection;
import io.medic.introspection.internal.ManagementServer;
import io.medic.runtime.Node;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts the Akka Management HTTP server of a node — {@code /medic}, {@code /ready}, {@code /alive}
 * and every other registered route provider — so that it keeps answering when the node is in trouble.
 *
 * <pre>{@code
 * Node node = Node.start("shop");
 * URI uri = MedicManagement.start(node);   // http://127.0.0.1:8558
 * }</pre>
 *
 * <p>Use this instead of {@code AkkaManagement.get(system).start()}: Akka Management runs its server
 * and its routes on the node's default dispatcher, so a node whose default dispatcher is saturated by
 * busy actors would not answer. This server runs its connection streams and route futures on
 * {@code medic.http.dispatcher}. It binds where Akka Management is configured to
 * ({@code akka.management.http.hostname}, {@code port}, {@code bind-hostname}, {@code bind-port};
 * a Medic node defaults the hostname to {@code 127.0.0.1}). Beyond loopback it refuses to start
 * without TLS ({@code medic.http.tls}) and authentication ({@code medic.http.auth.users}) unless
 * {@code medic.http.allow-insecure-remote = on}; it rate-limits failed logins and keeps credentials
 * out of its logs (docs/introspection.md, "Security"). It is unbound when the node shuts down. Do not
 * call both this and {@code AkkaManagement.start()} on the same port. Thread-safe; starting twice returns the first binding.
 */
public final class MedicManagement {
    /** How long {@link #start(Node)} waits for the binding. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private MedicManagement() {
    }

    /** Starts the server and completes with its base URI (e.g. {@code http://127.0.0.1:8558}). */
    public static CompletionStage<URI> startAsync(Node node) {
        Objects.requireNonNull(node, "node");
        return ManagementServer.start(Introspection.get(node));
    }

    /**
     * Starts the server and waits for it (at most {@link #START_TIMEOUT}).
     *
     * @return the base URI, e.g. {@code http://127.0.0.1:8558}
     * @throws IllegalStateException if binding failed (the port is taken ...) or timed out
     */
    public static URI start(Node node) {
        try {
            return startAsync(node).toCompletableFuture().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Medic management HTTP endpoint of node " + node.name()
                    + " failed to start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Medic management HTTP endpoint of node " + node.name()
                    + " did not bind within " + START_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Medic management HTTP endpoint", e);
        }
    }
}
