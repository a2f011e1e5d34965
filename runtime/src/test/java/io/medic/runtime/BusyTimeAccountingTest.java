package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.medic.runtime.internal.NodeServices;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Busy time of a process that handles few messages is timed exactly, not estimated with the coarse
 * clock: with a 1 ms tick, a microsecond handler would read as 0 µs nearly every time and as a whole
 * tick now and then.
 *
 * <p>The tests send each message only after the previous one was handled and a gap has passed (a
 * spin on {@code System.nanoTime}, not a sleep), so the process is slow by construction however
 * loaded the machine is: messages cannot bunch up behind a late dispatcher thread and make the
 * process look hot. What a loaded machine can still do is preempt a thread between Medic's clock
 * reads and the handler's own: that only ever adds time, so the lower bound is checked on every
 * message and the upper bound on the median. The handler hands its measurement over without waking
 * anyone (a non-blocking queue the test polls, yielding): a blocking queue's wake-up of the test thread
 * is a system call inside Medic's timing of the handler, tens of microseconds on a loaded machine, and
 * made the median overhead flaky.
 */
class BusyTimeAccountingTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(30);
    /** Above Medic's 100 µs-per-message threshold for exact timing, by a margin. */
    private static final long GAP_NANOS = 250_000;

    /** Spins for {@code micros} on every info and hands back how long it spun, in ns. */
    static final class Spinner extends GenServer<Void> {
        private final int micros;
        /** Non-blocking: adding wakes no thread (see the class comment). */
        final Queue<Long> spun = new ConcurrentLinkedQueue<>();

        Spinner(int micros) {
            this.micros = micros;
        }

        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleInfo(Object message, Void s) {
            long begin = System.nanoTime();
            long until = begin + micros * 1000L;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            spun.add(System.nanoTime() - begin);
            return noreply(s);
        }
    }

    /**
     * Sends one info and returns once the process has finished with it: its handler reported (which
     * happens after the process set itself running) and the status is back to waiting (which the
     * process sets after adding the handler's time). Returns the handler's own measurement in ns.
     */
    private static long sendAndAwait(Pid pid, Spinner spinner) throws InterruptedException {
        Medic.send(pid, "work");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Long spun;
        while ((spun = spinner.spun.poll()) == null) {
            if (System.nanoTime() - deadline > 0) {
                fail("the spinner did not handle its message within 30 s");
            }
            Thread.yield();
        }
        while (pid.entry().status() != ProcessStatus.WAITING) {
            Thread.onSpinWait();
        }
        return spun;
    }

    private static void gap() {
        long until = System.nanoTime() + GAP_NANOS;
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
    }

    /** Per message: {busy time Medic added in µs, µs the handler measured itself spinning}. */
    private static long[][] perMessage(int count, int micros) throws Exception {
        Spinner spinner = new Spinner(micros);
        Pid pid = GenServer.startSync(node, spinner, SpawnOptions.DEFAULT, T);
        long[][] out = new long[count][];
        long before = pid.entry().busyTimeMicros(); // init is work too, but not what is measured here
        for (int i = 0; i < count; i++) {
            gap();
            long self = sendAndAwait(pid, spinner) / 1000;
            long after = pid.entry().busyTimeMicros();
            out[i] = new long[] {after - before, self};
            before = after;
        }
        assertEquals(count, pid.entry().messagesHandled());
        return out;
    }

    @Test
    void aSlowTrickleOfShortHandlersIsTimedExactly() throws Exception {
        perMessage(200, 2); // warm-up: the JIT compiles the paths measured below
        long[][] messages = perMessage(200, 3);
        long[] overhead = new long[messages.length];
        for (int i = 0; i < messages.length; i++) {
            long medic = messages[i][0];
            long self = messages[i][1];
            // Medic's clock reads bracket the handler's: never less (1 µs for rounding to whole µs)
            assertTrue(medic >= self - 1, "message " + i + ": busy time grew by " + medic
                    + " µs for a handler that measured itself at " + self + " µs");
            overhead[i] = medic - self;
        }
        Arrays.sort(overhead);
        long median = overhead[overhead.length / 2];
        assertTrue(median <= 20, "median busy time beyond the handler's own: " + median
                + " µs per message (sorted: " + Arrays.toString(overhead) + ")");
    }

    /**
     * A thread preempted for a few milliseconds inside the light server's handler would make it look
     * heavy once on a loaded machine (the busy time is wall time): up to three attempts, of which one
     * must rank them right. With the coarse clock alone, 20 handlers of 10 µs read as 0 or 1000 µs each.
     */
    @Test
    void theProcessDoingMoreWorkHasMoreReductionsEvenOverAFewMessages() throws Exception {
        perMessage(200, 2);
        StringBuilder attempts = new StringBuilder();
        for (int attempt = 0; attempt < 3; attempt++) {
            long heavy = reductionsOf(20, 100);
            long light = reductionsOf(20, 10);
            if (heavy > 4 * light) {
                return;
            }
            attempts.append(" / 20 messages of 100 µs (").append(heavy).append(" reductions) vs 20 of 10 µs (")
                    .append(light).append(')');
        }
        fail("the heavier server did not have 4x the reductions in any attempt:" + attempts);
    }

    private static long reductionsOf(int count, int micros) throws Exception {
        Spinner spinner = new Spinner(micros);
        Pid pid = GenServer.startSync(node, spinner, SpawnOptions.DEFAULT, T);
        settled(); // its init's CPU time credited before the window opens
        long before = pid.entry().reductions();
        for (int i = 0; i < count; i++) {
            gap();
            sendAndAwait(pid, spinner);
        }
        settled(); // and its last handlers' before it closes
        return pid.entry().reductions() - before;
    }

    /**
     * Waits for two of the node's CPU sampling rounds (a condition, not a sleep): the CPU time of every
     * handler that has ended is then credited in full (reductions count CPU time, credited by the sampler
     * after each interval: docs/runtime.md, "CPU time").
     */
    private static void settled() {
        NodeServices services = NodeServices.get(node.classicSystem());
        long round = services.samplerRounds();
        Await.until("two CPU sampling rounds", () -> services.samplerRounds() >= round + 2);
    }
}
