package io.medic.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.ActorSystem;
import akka.dispatch.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lock-free queue behind every Medic mailbox, stressed directly: several producers and one
 * consumer at once, while a reader watches the length. Every message arrives exactly once, in its
 * producer's order; the length stays within bounds while they run and is exact once they are done;
 * the message count survives the wrapping of the queue's int numbers.
 */
@Timeout(120)
class CountingMessageQueueStressTest {
    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 250_000;
    private static ActorSystem system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create("queue-stress");
    }

    @AfterAll
    static void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    record Sent(int producer, int seq) {
    }

    @Test
    void manyProducersOneConsumerLoseNothingAndKeepEachProducersOrder() throws Exception {
        runStress(new CountingMessageQueue(), 0);
    }

    @Test
    void theCountsSurviveTheWrappingOfTheNumbers() throws Exception {
        long start = (1L << 32) - 1_000; // the int numbers wrap a few messages in
        runStress(new CountingMessageQueue(null, start), start);
    }

    private static void runStress(CountingMessageQueue q, long alreadyTaken) throws Exception {
        long total = (long) PRODUCERS * PER_PRODUCER;
        assertEquals(0, q.length());
        assertEquals(alreadyTaken, q.enqueuedCount());
        assertFalse(q.hasMessages());

        CountDownLatch go = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            threads.add(new Thread(() -> {
                await(go);
                for (int i = 0; i < PER_PRODUCER; i++) {
                    q.enqueue(null, Envelope.apply(new Sent(producer, i), system.deadLetters(), system));
                }
            }, "producer-" + p));
        }
        int[] next = new int[PRODUCERS];
        Thread consumer = new Thread(() -> {
            await(go);
            long received = 0;
            while (received < total) {
                Envelope e = q.dequeue();
                if (e == null) {
                    Thread.onSpinWait();
                    continue;
                }
                Sent s = (Sent) e.message();
                if (s.seq() != next[s.producer()]) {
                    failure.compareAndSet(null, new AssertionError("producer " + s.producer() + ": got " + s.seq()
                            + ", expected " + next[s.producer()]));
                    return;
                }
                next[s.producer()]++;
                received++;
            }
        }, "consumer");
        threads.add(consumer);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            await(go);
            while (running.get()) {
                long len = q.length();
                long in = q.enqueuedCount();
                if (len < 0 || len > total || in < alreadyTaken || in > alreadyTaken + total) {
                    failure.compareAndSet(null, new AssertionError("length " + len + ", enqueued " + in));
                    return;
                }
            }
        }, "reader");
        for (Thread t : threads) {
            t.start();
        }
        reader.start();
        go.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(90));
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        running.set(false);
        reader.join();
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        for (int p = 0; p < PRODUCERS; p++) {
            assertEquals(PER_PRODUCER, next[p], "every message of producer " + p);
        }
        assertEquals(0, q.length());
        assertEquals(alreadyTaken + total, q.enqueuedCount());
        assertFalse(q.hasMessages());
        assertNull(q.dequeue());

        // and exact while messages wait
        for (int i = 0; i < 3; i++) {
            q.enqueue(null, Envelope.apply("waiting", system.deadLetters(), system));
        }
        assertEquals(3, q.length());
        assertTrue(q.hasMessages());
        assertEquals(3, q.numberOfMessages());
    }

    private static void await(CountDownLatch go) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
