package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.testing.Gate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@code cpu_us}, and so {@code reductions}, count CPU time in handlers, not time blocked, parked or
 * sleeping: the sampler's method (docs/runtime.md, "CPU time") where it matters. The assertions are
 * about behaviour — which process earns CPU, which does not — with bounds an order of magnitude or more
 * away from what is measured; where a test compares Medic's figure with the handler's own CPU clock,
 * the bound is the method's documented error (two sampling intervals per handler) with room to spare,
 * and CPU time, unlike wall time, does not stretch when the machine is loaded.
 */
class CpuAccountingTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(30);
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Spins on the CPU until told to stop. */
    static final class Spinner extends GenServer<Void> {
        final AtomicBoolean stop = new AtomicBoolean();

        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleInfo(Object message, Void s) {
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() & 1; // work the JIT cannot remove
            }
            return noreply(x < 0 ? null : s);
        }
    }

    /** Blocks on a latch in its handler. */
    static final class Blocked extends GenServer<Void> {
        final Gate gate = new Gate();

        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleInfo(Object message, Void s) {
            try {
                gate.pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return noreply(s);
        }
    }

    /** Sleeps in its handler, 20 ms at a time, until told to stop. */
    static final class Sleeper extends GenServer<Void> {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicBoolean asleep = new AtomicBoolean();

        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleInfo(Object message, Void s) {
            asleep.set(true);
            while (!stop.get()) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return noreply(s);
        }
    }

    /** Spins each message for a given amount of its own thread's CPU time, and reports what it used. */
    static final class Burner extends GenServer<Void> {
        final BlockingQueue<Long> used = new LinkedBlockingQueue<>();
        final AtomicLong total = new AtomicLong();

        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleInfo(Object message, Void s) {
            long nanos = (Long) message;
            long start = CPU.getCurrentThreadCpuTime();
            long x = 0;
            if (nanos >= 1_000_000) {
                while (CPU.getCurrentThreadCpuTime() - start < nanos) {
                    x += System.nanoTime() & 1;
                }
            } else {
                long until = System.nanoTime() + nanos;
                while (System.nanoTime() < until) {
                    x += System.nanoTime() & 1;
                }
            }
            long spent = CPU.getCurrentThreadCpuTime() - start;
            total.addAndGet(spent);
            used.add(spent + (x & 0));
            return noreply(s);
        }
    }

    /** CPU nanoseconds used so far by the threads of the node's default dispatcher. */
    static long poolCpu() {
        long sum = 0;
        for (java.lang.management.ThreadInfo t : CPU.getThreadInfo(CPU.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(node.name() + "-akka.actor.default-dispatcher-")) {
                sum += Math.max(0, CPU.getThreadCpuTime(t.getThreadId()));
            }
        }
        return sum;
    }

    @Test
    void aSpinnerEarnsCpuTimeAndReductionsWhileABlockedAndASleepingProcessEarnNone() {
        Spinner spin = new Spinner();
        Blocked blocked = new Blocked();
        Sleeper sleep = new Sleeper();
        Pid spinner = GenServer.startSync(node, spin, SpawnOptions.DEFAULT.withName("spinner"), T);
        Pid blocker = GenServer.startSync(node, blocked, SpawnOptions.DEFAULT.withName("blocked"), T);
        Pid sleeper = GenServer.startSync(node, sleep, SpawnOptions.DEFAULT.withName("sleeper"), T);
        try {
            Medic.send(blocker, "block");
            Medic.send(sleeper, "sleep");
            blocked.gate.awaitEntered();
            Await.until("the sleeper to sleep", sleep.asleep::get);
            Medic.send(spinner, "spin");
            Await.until("the spinner to have used 150 ms of CPU time", () -> spinner.entry().cpuMicros() >= 150_000);

            // all three are inside one handler each, on a thread each: only the spinner uses CPU time
            long spinCpu = spinner.entry().cpuMicros();
            long blockedCpu = blocker.entry().cpuMicros();
            long sleeperCpu = sleeper.entry().cpuMicros();
            assertTrue(spinCpu >= 10 * blockedCpu && spinCpu >= 10 * sleeperCpu, "cpu_us: spinner " + spinCpu
                    + ", blocked " + blockedCpu + ", sleeper " + sleeperCpu);
            // while the blocked one has been in its handler (wall time: busy_time_us) longer than the spinner spun
            assertTrue(blocker.entry().busyTimeMicros() >= spinCpu / 2, "busy_time_us of the blocked process: "
                    + blocker.entry().busyTimeMicros() + ", the spinner's cpu_us " + spinCpu);
            assertTrue(spinner.entry().reductions() >= 10 * Math.max(blocker.entry().reductions(), sleeper.entry().reductions()),
                    "reductions: spinner " + spinner.entry().reductions() + ", blocked " + blocker.entry().reductions()
                            + ", sleeper " + sleeper.entry().reductions());

            // and over a window (proc_window's way): the spinner gains, the others gain next to nothing
            long s0 = spinner.entry().reductions();
            long b0 = blocker.entry().reductions();
            long z0 = sleeper.entry().reductions();
            Await.until("the spinner to use 100 ms more", () -> spinner.entry().reductions() - s0 >= 100_000);
            long ds = spinner.entry().reductions() - s0;
            long db = blocker.entry().reductions() - b0;
            long dz = sleeper.entry().reductions() - z0;
            assertTrue(ds >= 10 * Math.max(db, dz), "reductions gained: spinner " + ds + ", blocked " + db
                    + ", sleeper " + dz);
        } finally {
            spin.stop.set(true);
            sleep.stop.set(true);
            blocked.gate.open();
        }
        Await.until("all three to be done", () -> spinner.entry().status() == ProcessStatus.WAITING
                && blocker.entry().status() == ProcessStatus.WAITING && sleeper.entry().status() == ProcessStatus.WAITING);
        assertTrue(spinner.entry().cpuMicros() <= spinner.entry().busyTimeMicros() + 2_000,
                "cpu_us " + spinner.entry().cpuMicros() + " within busy_time_us " + spinner.entry().busyTimeMicros());
    }

    @Test
    void aLongHandlerIsCreditedItsOwnCpuTimeAndShowsItWhileItRuns() throws Exception {
        Burner burner = new Burner();
        Pid pid = GenServer.startSync(node, burner, SpawnOptions.DEFAULT, T);
        long before = pid.entry().cpuMicros();
        Medic.send(pid, 300_000_000L); // 300 ms of CPU: dozens of sampling intervals
        Await.until("its CPU time to show while it runs", () -> pid.entry().status() == ProcessStatus.RUNNING
                && pid.entry().cpuMicros() - before >= 100_000);
        long own = burner.used.poll(30, TimeUnit.SECONDS) / 1000;
        Await.until("the handler to end", () -> pid.entry().status() == ProcessStatus.WAITING);
        long medic = pid.entry().cpuMicros() - before;
        // the method's error for one handler: its first and last partial sampling intervals (5 ms each)
        assertTrue(Math.abs(medic - own) <= 20_000, "cpu_us grew by " + medic + " µs for a handler whose thread used "
                + own + " µs");
    }

    @Test
    void manyShortHandlersAreCreditedAboutTheirCpuTime() throws Exception {
        Burner burner = new Burner();
        Pid pid = GenServer.startSync(node, burner, SpawnOptions.DEFAULT, T);
        for (int i = 0; i < 200; i++) { // warm-up: the JIT compiles the paths measured below
            Medic.send(pid, 20_000L);
        }
        Await.until("the warm-up to be handled", () -> burner.used.size() == 200);
        long before = pid.entry().cpuMicros();
        long ownBefore = burner.total.get();
        long poolBefore = poolCpu();
        int n = 2000;
        for (int i = 0; i < n; i++) {
            Medic.send(pid, 100_000L); // 100 µs each: far shorter than a sampling interval
        }
        Await.until("the burst to be handled", () -> burner.used.size() == 200 + n
                && pid.entry().status() == ProcessStatus.WAITING);
        long own = (burner.total.get() - ownBefore) / 1000;
        long medic = pid.entry().cpuMicros() - before;
        long pool = (poolCpu() - poolBefore) / 1000;
        assertEquals(200 + n + 0L, pid.entry().messagesHandled());
        // most of what the handlers used, and no more than the dispatcher's threads used in all (the
        // credits of the sampling intervals around the burst's ends may fall just inside or outside it):
        // the threads' CPU time between handlers (Akka's dispatching, the pool's scheduling) is shared
        // among the handlers of each interval, so on a busy thread cpu_us lies between the two
        assertTrue(medic >= own * 7 / 10 && medic <= pool * 12 / 10, "cpu_us grew by " + medic + " µs for "
                + n + " handlers whose thread used " + own + " µs; the dispatcher's threads used " + pool + " µs");
    }
}
