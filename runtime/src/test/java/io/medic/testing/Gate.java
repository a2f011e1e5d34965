package io.medic.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds a process inside a handler until the test opens it: the process calls {@link #pass()} (a
 * {@link Block} message does it), the test waits for {@link #awaitEntered()}, inspects, then calls
 * {@link #open()}. Every gate ever made is opened by {@link #openAll()} (tests call it after each test),
 * so a failing test never leaves a process stuck and stalls the node's shutdown; a gate nobody opens
 * lets its process go after {@link #HOLD_SECONDS} anyway.
 */
public final class Gate {
    /** The longest a process is held: longer than any {@link Await#DEADLINE} a test waits with it. */
    public static final long HOLD_SECONDS = 60;

    private static final Queue<Gate> ALL = new ConcurrentLinkedQueue<>();

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    public Gate() {
        ALL.add(this);
    }

    /** Called by the process: signals it is inside, then blocks (on CountDownLatch.await) until opened. */
    public void pass() throws InterruptedException {
        entered.countDown();
        if (!released.await(HOLD_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("gate was never opened");
        }
    }

    /** Waits (up to {@link Await#DEADLINE}) until a process is inside the gate. */
    public void awaitEntered() {
        try {
            assertTrue(entered.await(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS),
                    "the process never reached the gate");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Whether a process has reached the gate. */
    public boolean entered() {
        return entered.getCount() == 0;
    }

    public void open() {
        released.countDown();
    }

    /** Opens every gate made so far. */
    public static void openAll() {
        Gate g;
        while ((g = ALL.poll()) != null) {
            g.open();
        }
    }
}
