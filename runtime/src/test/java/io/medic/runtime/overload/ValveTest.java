package io.medic.runtime.overload;

import static io.medic.runtime.overload.OverloadTesting.counter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.OverloadedException;
import io.medic.runtime.Pid;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Valves through the public API, on a node whose timers fire only when the test moves time on. */
class ValveTest extends OverloadNodePerClass {
    private final Valves valves = Valves.of(node);

    @Test
    void admitsMaxConcurrentQueuesMaxQueueAndRefusesTheRestAtOnce() {
        Valve v = valves.create(ValveSettings.of("limits", 2, 3, Duration.ofSeconds(1)));
        List<CompletableFuture<String>> work = new ArrayList<>();
        AtomicInteger started = new AtomicInteger();
        List<CompletionStage<String>> jobs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            CompletableFuture<String> w = new CompletableFuture<>();
            work.add(w);
            jobs.add(v.submit(() -> {
                started.incrementAndGet();
                return w;
            }));
        }
        assertEquals(2, started.get(), "two run");
        assertEquals(new ValveStats("limits", 2, 3, 6, 2, 2, 3, 0, 0, 1, 0), v.stats());
        CompletableFuture<String> sixth = jobs.get(5).toCompletableFuture();
        assertTrue(sixth.isDone(), "a full valve refuses at once");
        OverloadedException e = Await.failure(OverloadedException.class, sixth);
        assertEquals("overloaded", e.code());
        assertEquals("queue_full", e.reason());
        assertEquals("valve \"limits\"", e.source());
        assertEquals("valve \"limits\" is full: 2 jobs running and 3 waiting (maxConcurrent 2, maxQueue 3)", e.getMessage());
        assertTrue(e.retryAfter().isEmpty());

        work.get(0).complete("a");
        assertEquals("a", Await.result(jobs.get(0)));
        Await.until(() -> "the first waiting job to start: " + started, () -> started.get() == 3);
        work.get(1).completeExceptionally(new IOException("b failed"));
        assertEquals("b failed", Await.failure(IOException.class, jobs.get(1)).getMessage());
        Await.until(() -> "the second waiting job to start: " + started, () -> started.get() == 4);
        for (int i = 2; i < 5; i++) {
            work.get(i).complete("w" + i);
        }
        Await.until(() -> "all to start: " + started, () -> started.get() == 5);
        for (int i = 2; i < 5; i++) {
            assertEquals("w" + i, Await.result(jobs.get(i)));
        }
        assertEquals(new ValveStats("limits", 2, 3, 6, 5, 0, 0, 4, 1, 1, 0), v.stats());
    }

    @Test
    void waitingJobsStartInTheOrderTheyWereSubmitted() {
        Valve v = valves.create(ValveSettings.of("fifo", 1, 100, Duration.ofSeconds(1)));
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> work = new ArrayList<>();
        List<CompletionStage<Void>> jobs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            CompletableFuture<Void> w = new CompletableFuture<>();
            work.add(w);
            jobs.add(v.submit(() -> {
                order.add(n);
                return w;
            }));
        }
        for (int i = 0; i < 50; i++) {
            int n = i;
            Await.until(() -> "a job to start; started " + order, () -> order.size() == n + 1);
            assertEquals(1, v.stats().running(), "one at a time");
            int running = order.get(i);
            work.get(running).complete(null);
            Await.result(jobs.get(running));
        }
        assertEquals(java.util.stream.IntStream.range(0, 50).boxed().toList(), order);
    }

    @Test
    void aJobThatWaitsMaxQueueTimeIsRefusedWithoutRunningAndLeavesTheQueue() {
        Valve v = valves.create(ValveSettings.of("wait", 1, 5, Duration.ofMillis(100)));
        CompletableFuture<String> running = new CompletableFuture<>();
        CompletionStage<String> first = v.submit(() -> running);
        AtomicInteger ran = new AtomicInteger();
        CompletionStage<String> a = v.submit(() -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture("a");
        });
        time.timePasses(Duration.ofMillis(60));
        CompletionStage<String> b = v.submit(() -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture("b");
        });
        time.timePasses(Duration.ofMillis(39));
        assertFalse(a.toCompletableFuture().isDone(), "a has waited 99 ms");
        time.timePasses(Duration.ofMillis(1));
        QueueTimeoutException e = Await.failure(QueueTimeoutException.class, a);
        assertEquals("timeout", e.code());
        assertEquals("job waited 100 ms in the queue of valve \"wait\" without getting a slot, and was not run", e.getMessage());
        assertEquals(Duration.ofMillis(100), e.waited());
        assertEquals(0, e.getStackTrace().length, "made by the valve's timer: no stack trace");
        assertFalse(b.toCompletableFuture().isDone(), "b has waited 40 ms");
        assertEquals(1, v.stats().queued());

        running.complete("first");
        assertEquals("first", Await.result(first));
        assertEquals("b", Await.result(b), "b gets the slot: a left the queue when it timed out");
        assertEquals(1, ran.get(), "a never ran");
        time.timePasses(Duration.ofMillis(100));
        assertEquals("b", Await.result(b), "b's timer was cancelled when it got its slot");
        assertEquals(new ValveStats("wait", 1, 5, 3, 2, 0, 0, 2, 0, 0, 1), v.stats());
    }

    @Test
    void aJobThatThrowsOrReturnsNullFailsAndFreesItsSlot() {
        Valve v = valves.create(ValveSettings.of("throws", 1, 0, Duration.ofSeconds(1)));
        IllegalStateException bug = new IllegalStateException("bug");
        assertSame(bug, Await.failure(v.submit(() -> {
            throw bug;
        })));
        Throwable npe = Await.failure(v.submit(() -> null));
        assertEquals("a job of valve \"throws\" returned null instead of a CompletionStage", npe.getMessage());
        assertEquals("ok", Await.result(v.submit(() -> CompletableFuture.completedFuture("ok"))));
        assertEquals(new ValveStats("throws", 1, 0, 3, 3, 0, 0, 1, 2, 0, 0), v.stats());
    }

    @Test
    void inFrontOfAGenServerTheWaitingCallsAreNotInItsMailbox() throws Exception {
        Valve v = valves.create(ValveSettings.of("server", 1, 10, Duration.ofSeconds(5)));
        Pid server = counter(node);
        GenServer.cast(server, "one");
        Gate gate = new Gate();
        CompletionStage<Long> blocked = v.callAsync(server, new Block(gate), Duration.ofSeconds(30));
        gate.awaitEntered();
        List<CompletionStage<Long>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(v.callAsync(server, "get", Duration.ofSeconds(30)));
        }
        assertEquals(0, server.entry().messageQueueLen(), "the waiting calls wait in the valve, not in the mailbox");
        assertEquals(10, v.stats().queued());
        Await.failure(OverloadedException.class, v.callAsync(server, "get", Duration.ofSeconds(30)));

        gate.open();
        assertEquals(1L, Await.result(blocked));
        for (CompletionStage<Long> c : calls) {
            assertEquals(1L, Await.result(c));
        }
        assertEquals(1L, (long) v.call(server, "get", Duration.ofSeconds(5)), "the blocking form");

        Medic.exit(server, ExitReason.KILLED);
        Await.result(Medic.whenExited(server));
        assertThrows(NoProcessException.class, () -> v.call(server, "get", Duration.ofSeconds(5)));
        assertEquals(new ValveStats("server", 1, 10, 14, 13, 0, 0, 12, 1, 1, 0), v.stats());
    }

    @Test
    void aLongQueueOfCallsThatFailAtOnceDrainsWithoutDeepeningTheStack() {
        Valve v = valves.create(ValveSettings.of("dead", 1, 100_000, Duration.ofSeconds(5)));
        Pid dead = OverloadTesting.deadServer(node);
        CompletableFuture<String> holder = new CompletableFuture<>();
        v.submit(() -> holder);
        List<CompletionStage<Object>> calls = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            calls.add(v.callAsync(dead, "get", Duration.ofSeconds(1)));
        }
        holder.complete("done"); // each queued call fails at once and hands its slot to the next, on this thread
        for (CompletionStage<Object> c : calls) {
            Await.failure(NoProcessException.class, c);
        }
        ValveStats s = v.stats();
        assertEquals(50_000, s.failed());
        assertEquals(0, s.running() + s.queued());
    }

    /**
     * Many submitters against a small valve whose jobs finish on other threads, succeed or fail at random,
     * while the test moves time on so that some waiting jobs time out: every snapshot conserves jobs,
     * no more than maxConcurrent ever run, and at the end every job is accounted for exactly once.
     */
    @Test
    void manySubmittersNeverLoseOrDoubleCountAJobAndNeverExceedTheLimit() throws Exception {
        int maxConcurrent = 4;
        Valve v = valves.create(ValveSettings.of("stress", maxConcurrent, 16, Duration.ofMillis(5)));
        int submitters = 8;
        int perSubmitter = 2_000;
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        ExecutorService finishers = Executors.newFixedThreadPool(3);
        ExecutorService pool = Executors.newFixedThreadPool(submitters);
        ConcurrentLinkedQueue<CompletionStage<Integer>> all = new ConcurrentLinkedQueue<>();
        AtomicLong okSeen = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        List<String> broken = new CopyOnWriteArrayList<>();
        Thread clock = new Thread(() -> {
            while (!done.get()) {
                time.timePasses(Duration.ofMillis(5));
            }
        });
        Thread auditor = new Thread(() -> {
            while (!done.get()) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000); // a sampling pace, not a wait for a result
                ValveStats s = v.stats();
                if (s.submitted() != s.completed() + s.failed() + s.rejectedFull() + s.rejectedTimeout() + s.running() + s.queued()
                        || s.admitted() != s.completed() + s.failed() + s.running()
                        || s.running() > maxConcurrent || s.queued() > 16) {
                    if (broken.size() >= 10) {
                        return;
                    }
                    broken.add(s.toString());
                }
            }
        });
        try {
            clock.start();
            auditor.start();
            CountDownLatch go = new CountDownLatch(1);
            List<java.util.concurrent.Future<?>> submitted = new ArrayList<>();
            for (int t = 0; t < submitters; t++) {
                submitted.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perSubmitter; i++) {
                        all.add(v.submit(() -> {
                            int now = runningNow.incrementAndGet();
                            mostRunning.accumulateAndGet(now, Math::max);
                            CompletableFuture<Integer> f = new CompletableFuture<>();
                            finishers.execute(() -> {
                                runningNow.decrementAndGet();
                                if (ThreadLocalRandom.current().nextInt(4) == 0) {
                                    f.completeExceptionally(new IOException("job failed"));
                                } else {
                                    f.complete(1);
                                }
                            });
                            return f;
                        }));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (var f : submitted) {
                f.get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
            long failedSeen = 0;
            long fullSeen = 0;
            long timeoutSeen = 0;
            for (CompletionStage<Integer> s : all) {
                Throwable t = s.toCompletableFuture().handle((x, e) -> e).get(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
                if (t == null) {
                    okSeen.incrementAndGet();
                } else if (t instanceof OverloadedException) {
                    fullSeen++;
                } else if (t instanceof QueueTimeoutException) {
                    timeoutSeen++;
                } else {
                    failedSeen++;
                }
            }
            done.set(true);
            clock.join();
            auditor.join();
            ValveStats end = v.stats();
            assertEquals(List.of(), broken, "snapshots that do not conserve jobs");
            assertTrue(mostRunning.get() <= maxConcurrent, "at most " + maxConcurrent + " ran at once: " + mostRunning);
            assertEquals((long) submitters * perSubmitter, end.submitted());
            assertEquals(0, end.running());
            assertEquals(0, end.queued());
            assertEquals(okSeen.get(), end.completed());
            assertEquals(failedSeen, end.failed());
            assertEquals(fullSeen, end.rejectedFull());
            assertEquals(timeoutSeen, end.rejectedTimeout());
            assertEquals(end.submitted(), end.completed() + end.failed() + end.rejectedFull() + end.rejectedTimeout());
            assertTrue(end.rejectedFull() > 0 && end.completed() > 0 && end.failed() > 0, end.toString());
        } finally {
            done.set(true);
            pool.shutdownNow();
            finishers.shutdown();
            assertTrue(finishers.awaitTermination(Await.DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void valvesAreListedByNameAndByOwner() {
        Pid owner = counter(node);
        Valve shared = valves.create(ValveSettings.of("shared", 1, 0, Duration.ofSeconds(1)));
        Valve mine = valves.create(ValveSettings.of("mine", 1, 0, Duration.ofSeconds(1)), owner);
        assertEquals(List.of(mine, shared), valves.list());
        assertEquals(List.of(mine), valves.forOwner(owner));
        assertSame(shared, valves.get("shared").orElseThrow());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> valves.create(ValveSettings.of("shared", 2, 0, Duration.ofSeconds(1))));
        assertEquals("valve name: \"shared\" is already taken on node valve-test: remove it first, or pick another name",
                e.getMessage());
        Medic.exit(owner, ExitReason.KILLED);
        Await.result(Medic.whenExited(owner));
        Await.until("mine unlisted", () -> valves.get("mine").isEmpty());
        assertEquals(List.of(shared), valves.list());
        assertTrue(valves.remove("shared"));
        assertEquals(0, valves.count());
    }

    @Test
    void settingsAreCheckedFieldByField() {
        assertMessage("maxConcurrent: expected 1 to 1000000, got 0", () -> ValveSettings.of("v", 0, 1, Duration.ofSeconds(1)));
        assertMessage("maxQueue: expected 0 to 1000000, got -1", () -> ValveSettings.of("v", 1, -1, Duration.ofSeconds(1)));
        assertMessage("maxQueueTime: expected a duration from 1 ms to 3600 s, got 0 ms",
                () -> ValveSettings.of("v", 1, 1, Duration.ZERO));
        assertMessage("maxQueueTime: expected a duration from 1 ms to 3600 s, got null", () -> ValveSettings.of("v", 1, 1, null));
        assertMessage("name: expected 1 to 128 letters, digits, '.', '_' or '-' starting with a letter or digit, got \"\"",
                () -> ValveSettings.of("", 1, 1, Duration.ofSeconds(1)));
        ValveSettings s = ValveSettings.of("v", 1, 1, Duration.ofSeconds(1)).withMaxConcurrent(3).withMaxQueue(0)
                .withMaxQueueTime(Duration.ofMillis(20));
        assertEquals("ValveSettings(v, maxConcurrent=3, maxQueue=0, maxQueueTime=20 ms)", s.toString());
        Valve v = valves.create(ValveSettings.of("args", 1, 1, Duration.ofSeconds(1)));
        Pid live = counter(node);
        assertMessage("timeout: expected a positive duration, got -1 s", () -> v.callAsync(live, "get", Duration.ofSeconds(-1)));
        assertEquals(0, v.stats().submitted(), "a bad argument is refused before the valve counts a job");
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, code);
        assertEquals(expected, e.getMessage());
    }
}
