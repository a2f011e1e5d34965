package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a process inside a handler until the test opens it: the process calls {@link #pass()}, the
 * test waits for {@link #awaitEntered()}, inspects, then calls {@link #open()}. Every gate ever made is
 * opened by {@link #openAll()} after each test, so a failing test never leaves a process stuck (which
 * would stall the node's shutdown).
 */
final class Gate {
    private static final Queue<Gate> ALL = new ConcurrentLinkedQueue<>();

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    Gate() {
        ALL.add(this);
    }

    /** Called by the process: signals it is inside, then blocks (on CountDownLatch.await) until opened. */
    void pass() throws InterruptedException {
        entered.countDown();
        if (!released.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate was never opened");
        }
    }

    void awaitEntered() {
        try {
            assertTrue(entered.await(Await.DEFAULT.toMillis(), TimeUnit.MILLISECONDS),
                    "the process never reached the gate");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    void open() {
        released.countDown();
    }

    static void openAll() {
        Gate g;
        while ((g = ALL.poll()) != null) {
            g.open();
        }
    }
}
