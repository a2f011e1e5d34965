package io.medic.introspection;

import akka.management.AkkaManagementSettings;
import akka.management.javadsl.AkkaManagement;
import io.medic.introspection.internal.Introspection;
import io.medic.introspection.internal.ManagementServer;
import io.medic.runtime.Jvm;
import io.medic.runtime.Node;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * A port clash stops the node with an error that says how to fix it (see {@link #start(Node)}).
 */
public final class MedicManagement {
    /** How long {@link #start(Node)} waits for the binding. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private MedicManagement() {
    }

    /**
     * Starts the server and completes with its base URI (e.g. {@code http://127.0.0.1:8558}). If it cannot
     * bind, the stage fails with an {@code IllegalStateException} that names the address and says how to
     * choose another; the node is left running (the caller decides: {@link #start(Node)} stops it).
     */
    public static CompletionStage<URI> startAsync(Node node) {
        Objects.requireNonNull(node, "node");
        return ManagementServer.start(Introspection.get(node)).handle((uri, err) -> {
            if (err != null) {
                throw new IllegalStateException(failure(node, Jvm.unwrap(err), ""), Jvm.unwrap(err));
            }
            return uri;
        });
    }

    /**
     * Starts the server and waits for it (at most {@link #START_TIMEOUT}). If it cannot start — most often
     * because the port is taken — the node is stopped before this throws, so that a program whose
     * {@code main} ends here exits instead of hanging with no HTTP: a node nobody can observe is not left
     * running (as a node whose boot fails stops). The message says how to fix it: another port with
     * {@code akka.management.http.port}, or 0 for any free one.
     *
     * @return the base URI, e.g. {@code http://127.0.0.1:8558}
     * @throws IllegalStateException if binding failed (the port is taken ...) or timed out; the node has
     *                               then been stopped
     */
    public static URI start(Node node) {
        Objects.requireNonNull(node, "node");
        try {
            return ManagementServer.start(Introspection.get(node)).toCompletableFuture()
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = Jvm.unwrap(e);
            node.close();
            throw new IllegalStateException(failure(node, cause, "; node " + node.name() + " has been stopped"), cause);
        } catch (TimeoutException e) {
            node.close();
            throw new IllegalStateException("Medic management HTTP endpoint of node " + node.name()
                    + " did not bind within " + START_TIMEOUT.toSeconds() + " s; node " + node.name()
                    + " has been stopped");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the Medic management HTTP endpoint", e);
        }
    }

    /**
     * The base URI of the server {@link #start} bound on this node, if it is bound; empty if it was not
     * started (or has not bound yet, or failed). Starts nothing. The cluster module tells other nodes
     * where a node's {@code /medic} API is with it.
     */
    public static Optional<URI> uri(Node node) {
        CompletionStage<URI> b = Introspection.get(Objects.requireNonNull(node, "node")).binding.get();
        if (b == null) {
            return Optional.empty();
        }
        CompletableFuture<URI> f = b.toCompletableFuture();
        return f.isDone() && !f.isCompletedExceptionally() ? Optional.of(f.join()) : Optional.empty();
    }

    /** What went wrong and how to fix it: a bind failure names the address and the settings to change. */
    private static String failure(Node node, Throwable cause, String aftermath) {
        String address = address(node);
        if (isBindFailure(cause)) {
            return "Medic management HTTP endpoint of node " + node.name() + " could not bind to " + address
                    + " (" + rootMessage(cause) + "): another process holds the port, or the address is not this "
                    + "host's. Choose another port with akka.management.http.port (0 binds any free port; "
                    + "MedicManagement returns the URI it bound) or another address with "
                    + "akka.management.http.hostname" + aftermath;
        }
        return "Medic management HTTP endpoint of node " + node.name() + " failed to start on " + address + ": "
                + cause + aftermath;
    }

    /** host:port as configured (the bind settings, which default to the advertised ones). */
    private static String address(Node node) {
        try {
            AkkaManagementSettings ms = AkkaManagement.get(node.classicSystem()).settings();
            return ms.getHttpEffectiveBindHostname() + ":" + ms.getHttpEffectiveBindPort();
        } catch (RuntimeException e) {
            return "the configured address";
        }
    }

    private static boolean isBindFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BindException || (c.getMessage() != null && c.getMessage().startsWith("Bind failed"))) {
                return true;
            }
        }
        return false;
    }

    /** The innermost cause's message: what the OS said ("Address already in use"). */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

}
