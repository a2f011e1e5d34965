package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.CastCounter;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §2, the counting mailbox: the message queue length is enqueued − dequeued, read in O(1), and
 * exact under concurrent senders.
 */
class MailboxQueueLengthTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(10);
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 5_000;

    @Test
    void queueLengthIsExactUnderConcurrentSendersToABlockedProcess() throws Exception {
        Pid pid = GenServer.startSync(node, new CastCounter(), SpawnOptions.DEFAULT, T);
        ProcessEntry entry = pid.entry();
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        long inBefore = entry.messagesIn();
        long handledBefore = entry.messagesHandled();
        assertEquals(0, entry.messageQueueLen());

        // a reader watches the length while the senders run: never negative, never above the total,
        // never decreasing (nothing is dequeued while the process is blocked)
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicReference<String> readerProblem = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long last = 0;
            while (sending.get()) {
                long len = entry.messageQueueLen();
                if (len < last || len > (long) SENDERS * PER_SENDER) {
                    readerProblem.compareAndSet(null, "queue length went from " + last + " to " + len);
                }
                last = len;
                Thread.yield();
            }
        }, "queue-length-reader");
        reader.start();

        runConcurrently(SENDERS, () -> {
            for (int i = 0; i < PER_SENDER; i++) {
                GenServer.cast(pid, i);
            }
        });
        sending.set(false);
        reader.join(T.toMillis());

        assertNull(readerProblem.get());
        assertEquals((long) SENDERS * PER_SENDER, entry.messageQueueLen(), "queue length after all senders finished");
        assertEquals(inBefore + (long) SENDERS * PER_SENDER, entry.messagesIn(), "messages in");
        assertEquals(handledBefore, entry.messagesHandled());

        gate.open();
        Await.until("all " + SENDERS * PER_SENDER + " messages to be handled",
                () -> entry.messagesHandled() == handledBefore + 1 + (long) SENDERS * PER_SENDER);
        Await.until("the queue to be empty", () -> entry.messageQueueLen() == 0);
        assertEquals((long) SENDERS * PER_SENDER, (Long) GenServer.call(pid, "count", T));
    }

    @Test
    void queueLengthReturnsToZeroAfterConcurrentSendersRaceTheConsumer() throws Exception {
        Pid pid = GenServer.startSync(node, new CastCounter(), SpawnOptions.DEFAULT, T);
        ProcessEntry entry = pid.entry();
        long handledBefore = entry.messagesHandled();

        runConcurrently(SENDERS, () -> {
            for (int i = 0; i < PER_SENDER; i++) {
                GenServer.cast(pid, i);
            }
        });

        Await.until("all messages to be handled",
                () -> entry.messagesHandled() == handledBefore + (long) SENDERS * PER_SENDER);
        Await.until("the queue to be empty", () -> entry.messageQueueLen() == 0);
        assertEquals((long) SENDERS * PER_SENDER, (Long) GenServer.call(pid, "count", T));
        assertEquals(0, entry.messageQueueLen(), "no counter drift after the consumer raced the producers");
    }

    /** Runs {@code work} on {@code threads} threads released together by one latch; waits for all. */
    static void runConcurrently(int threads, Runnable work) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                ready.countDown();
                try {
                    go.await();
                    work.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "sender-" + t);
            thread.start();
            started.add(thread);
        }
        assertTrue(ready.await(10, TimeUnit.SECONDS), "senders ready");
        go.countDown();
        assertTrue(done.await(30, TimeUnit.SECONDS), "senders finished");
        assertNull(failure.get(), () -> "a sender failed: " + failure.get());
    }
}
