package io.medic.introspection;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes: tests wait for effects, never sleep for them. */
final class Await {
    private Await() {
    }

    static void until(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000);
        }
    }

    /** Polls {@code value} until {@code accept} holds and returns the accepted value. */
    static <T> T value(Duration timeout, String what, Supplier<T> value, java.util.function.Predicate<T> accept) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = value.get();
        while (!accept.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + "; last value: " + last);
            }
            LockSupport.parkNanos(2_000_000);
            last = value.get();
        }
        return last;
    }
}
