package io.medic.runtime;

/**
 * Carries an error that Akka treats as fatal to the whole JVM (a {@link LinkageError} such as
 * {@link NoClassDefFoundError}, or {@code ThreadDeath}) out of a plain behaviour spawned through
 * {@link Medic#spawn}, so that only its process fails: Akka would otherwise exit the JVM
 * ({@code akka.jvm-exit-on-fatal-error}). The process's exit reason is the original error
 * ({@link ExitReason#exception}); the parent actor sees this exception in {@code ChildFailed}, with
 * the error as its cause. In Erlang terms: a crash of one process, never of the node.
 */
public final class ContainedErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ContainedErrorException(Throwable error) {
        super("contained to its process: " + error, error);
    }
}
