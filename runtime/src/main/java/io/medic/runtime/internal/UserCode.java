package io.medic.runtime.internal;

import io.medic.runtime.ContainedErrorException;
import scala.util.control.NonFatal;

/**
 * INTERNAL API
 *
 * <p>The one policy for a {@link Throwable} out of user code (a callback, a behaviour's handler, a
 * function given to a Medic API): it is a crash of the process with that throwable as its reason,
 * whatever its class — an {@link Error} included. Two things are decided here:
 *
 * <ul>
 *   <li>{@link #isFatal}: a {@link VirtualMachineError} other than {@link StackOverflowError}
 *       ({@link OutOfMemoryError}, {@link InternalError}, {@link UnknownError}) says the JVM itself is
 *       in trouble. Medic still records the crash (the process exits with it, callers and monitors
 *       are told), then rethrows it to Akka, which treats it as fatal: with Akka's default
 *       {@code akka.jvm-exit-on-fatal-error = on} the JVM exits; with it off, the ActorSystem
 *       terminates. A stack overflow has unwound by the time it is caught and is contained like any
 *       other error.</li>
 *   <li>{@link #forAkka}: what a plain behaviour's wrapper throws up to Akka so that the failure keeps
 *       Akka's semantics (its parent sees {@code ChildFailed} with the cause). Akka treats a
 *       {@link LinkageError} (and {@code ThreadDeath}) as fatal to the whole JVM; such an error is
 *       wrapped in a {@link ContainedErrorException} so that only its process fails.</li>
 * </ul>
 */
public final class UserCode {
    private UserCode() {
    }

    /** True for the errors Medic does not contain: see the class comment. */
    public static boolean isFatal(Throwable t) {
        return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
    }

    /** Rethrows {@code t} if it {@link #isFatal is fatal}; returns otherwise. */
    public static void rethrowIfFatal(Throwable t) {
        if (isFatal(t)) {
            throw (VirtualMachineError) t;
        }
    }

    /**
     * Throws {@code t} to Akka as the failure of a plain behaviour: itself, unless Akka would take the
     * whole JVM down for it, then wrapped. Declared to return an exception so callers can write
     * {@code throw UserCode.forAkka(t)}; it never returns.
     */
    public static RuntimeException forAkka(Throwable t) {
        if (isFatal(t) || NonFatal.apply(t) || t instanceof InterruptedException) {
            throw UserCode.<RuntimeException>sneaky(t);
        }
        throw new ContainedErrorException(t);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
