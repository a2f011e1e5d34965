package io.medic.runtime;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Two facts about the JVM that Medic's modules share, with no Erlang counterpart: which classes are the
 * platform's, and what failure a future really carried. One home, so that the runtime (its size estimate,
 * its clients) and introspection (its state renderer, its HTTP errors) cannot drift apart. Stateless;
 * thread-safe.
 */
public final class Jvm {
    private Jvm() {
    }

    /**
     * Whether {@code type} belongs to the platform a Medic node runs on — the JDK ({@code java.},
     * {@code javax.}, {@code jdk.}, {@code sun.}, {@code com.sun.}), Scala or Akka — rather than to the
     * application. Medic never reflects into a platform class's fields (Java 17 forbids it for the JDK,
     * and the others are not the application's data): it reads such an object through its public
     * interface ({@code Map}, {@code Collection} ...) or its {@code toString()}.
     */
    public static boolean isPlatformClass(Class<?> type) {
        String n = type.getName();
        return n.startsWith("java.") || n.startsWith("javax.") || n.startsWith("jdk.") || n.startsWith("sun.")
                || n.startsWith("com.sun.") || n.startsWith("scala.") || n.startsWith("akka.");
    }

    /**
     * The failure a {@code CompletionStage} or {@code Future} carried: {@code failure} without the
     * {@link CompletionException} and {@link ExecutionException} layers that the JDK wraps around it
     * (a wrapper without a cause is returned as is).
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
