package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting without sleeping for a result: polls a condition every couple of milliseconds, or waits on a
 * stage, and fails with a message saying what was awaited once the (generous) timeout has passed. The
 * timeouts are hang guards, never performance assertions.
 */
final class Await {
    /** Long enough for a loaded 2-core build machine; only reached when a test fails. */
    static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, condition, DEFAULT);
    }

    static void until(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for: " + what);
            }
            LockSupport.parkNanos(2_000_000L);
        }
    }

    /** The stage's value; fails the test if it failed or did not complete in time. */
    static <T> T result(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a value but the stage failed with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("stage did not complete within " + DEFAULT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The stage's failure, which must be of {@code type}; fails the test if it succeeded or hung. */
    static <X extends Throwable> X failure(Class<X> type, CompletionStage<?> stage) {
        return failure(type, stage, DEFAULT);
    }

    static <X extends Throwable> X failure(Class<X> type, CompletionStage<?> stage, Duration within) {
        Object value;
        try {
            value = stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(type, e.getCause(), "failure of the stage");
        } catch (TimeoutException e) {
            throw new AssertionError("expected the stage to fail with " + type.getSimpleName() + " within "
                    + within.toMillis() + " ms, but it did not complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        throw new AssertionError("expected " + type.getSimpleName() + " but the stage completed with " + value);
    }
}
