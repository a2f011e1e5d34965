package io.medic.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way Medic's tests wait: poll until an assertion holds or a condition is true, or wait for a
 * stage, and fail after one default deadline with what was awaited (Akka's
 * {@code TestProbe.awaitAssert}, without needing a probe or an actor system). Tests never sleep to
 * wait for an effect.
 *
 * <p>The deadline is a hang guard for a loaded build machine, never a performance assertion: a passing
 * test does not come near it. Polling starts at 0.1 ms and backs off to 10 ms, so a condition that
 * holds quickly is seen quickly and a long wait does not burn a core.
 *
 * <p>Only an {@link AssertionError} (what JUnit's assertions throw) means "not yet" to
 * {@link #untilAsserted}; any other exception from the polled code is a bug and propagates at once.
 */
public final class Await {
    /** The one default deadline of every wait in the tests. */
    public static final Duration DEADLINE = Duration.ofSeconds(30);

    private static final long FIRST_PAUSE_NANOS = 100_000;
    private static final long MAX_PAUSE_NANOS = 10_000_000;

    private Await() {
    }

    /** Code that may fail an assertion, polled by {@link #untilAsserted}. */
    @FunctionalInterface
    public interface Assertion {
        void check() throws Exception;
    }

    /** Polls {@code assertion} until it passes; after {@link #DEADLINE} fails with its last failure. */
    public static void untilAsserted(Assertion assertion) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            AssertionError last;
            try {
                assertion.check();
                return;
            } catch (AssertionError e) {
                last = e;
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new AssertionError("the awaited assertion threw " + e, e);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still failing after " + DEADLINE.toMillis() + " ms: " + last.getMessage(),
                        last);
            }
            pause = park(pause);
        }
    }

    /** Polls {@code condition} until it is true; after {@link #DEADLINE} fails naming {@code what}. */
    public static void until(String what, BooleanSupplier condition) {
        until(() -> what, condition);
    }

    /** As {@link #until(String, BooleanSupplier)}, with a description computed only on failure. */
    public static void until(Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + DEADLINE.toMillis() + " ms waiting for " + what.get());
            }
            pause = park(pause);
        }
    }

    /**
     * Polls {@code value} until {@code accept} holds and returns the accepted value; after
     * {@link #DEADLINE} fails naming {@code what} and the last value seen.
     */
    public static <T> T value(String what, Supplier<T> value, Predicate<? super T> accept) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        T last = value.get();
        while (!accept.test(last)) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + DEADLINE.toMillis() + " ms waiting for " + what
                        + "; last value: " + last);
            }
            pause = park(pause);
            last = value.get();
        }
        return last;
    }

    /** The stage's value; fails if the stage failed or did not complete within {@link #DEADLINE}. */
    public static <T> T result(CompletionStage<T> stage) {
        return result(stage, DEADLINE);
    }

    /**
     * The stage's value within {@code within}: only for a stage that carries a timeout of its own longer
     * than {@link #DEADLINE} (a stop with a 30 s shutdown), so that its own timeout answers first.
     */
    public static <T> T result(CompletionStage<T> stage, Duration within) {
        try {
            return stage.toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected a value but the stage failed with " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("the stage did not complete within " + within.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The stage's failure, whatever its type; fails if the stage succeeded or did not complete in time. */
    public static Throwable failure(CompletionStage<?> stage) {
        return failure(Throwable.class, stage, DEADLINE);
    }

    /** The stage's failure, which must be a {@code type}; fails if it succeeded or did not complete in time. */
    public static <X extends Throwable> X failure(Class<X> type, CompletionStage<?> stage) {
        return failure(type, stage, DEADLINE);
    }

    /**
     * The stage's failure within {@code within}: for a test that shows something fails <em>before</em>
     * a longer timeout of its own (a held call failing when its server exits, not when its 30 s pass).
     */
    public static <X extends Throwable> X failure(Class<X> type, CompletionStage<?> stage, Duration within) {
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

    private static long park(long pause) {
        LockSupport.parkNanos(pause);
        return Math.min(pause * 2, MAX_PAUSE_NANOS);
    }
}
