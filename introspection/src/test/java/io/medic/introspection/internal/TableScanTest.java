package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Spawned;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The parallel pass behind proc_count: every element scanned exactly once, whatever the executor does. */
@Timeout(60)
class TableScanTest {
    private ExecutorService pool;

    @BeforeEach
    void startPool() {
        pool = Executors.newFixedThreadPool(3);
    }

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static List<Integer> numbers(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    /** Scans into one list per part and checks that, together, they are the collection, each once. */
    private static List<List<Integer>> scanAndCheck(List<Integer> all, int parallelism, int minPerPart,
                                                    java.util.concurrent.Executor executor) {
        List<List<Integer>> parts = TableScan.scan(new ArrayList<>(all), parallelism, minPerPart, executor,
                ArrayList::new, List::add);
        List<Integer> seen = new ArrayList<>();
        parts.forEach(seen::addAll);
        assertEquals(all.size(), seen.size(), "elements scanned");
        assertEquals(new HashSet<>(all), new HashSet<>(seen), "each element once");
        return parts;
    }

    @Test
    void splitsIntoAtMostParallelismPartsOfAtLeastMinPerPart() {
        assertEquals(4, scanAndCheck(numbers(10_000), 4, 100, pool).size());
        assertEquals(2, scanAndCheck(numbers(250), 4, 100, pool).size(), "250 / 100 -> 2 parts");
        assertEquals(1, scanAndCheck(numbers(99), 4, 100, pool).size(), "too small to split");
        assertEquals(1, scanAndCheck(numbers(10_000), 1, 100, pool).size(), "parallelism 1");
        assertEquals(1, scanAndCheck(List.of(), 4, 100, pool).size(), "empty");
    }

    @Test
    void aRejectingExecutorLeavesEveryPartToTheCaller() {
        Thread caller = Thread.currentThread();
        Set<Thread> scanners = new HashSet<>();
        List<List<Integer>> parts = TableScan.scan(new ArrayList<>(numbers(1_000)), 4, 10,
                task -> { throw new RejectedExecutionException("full"); },
                ArrayList::new, (List<Integer> l, Integer e) -> {
                    scanners.add(Thread.currentThread());
                    l.add(e);
                });
        assertEquals(4, parts.size());
        assertEquals(1_000, parts.stream().mapToInt(List::size).sum());
        assertEquals(Set.of(caller), scanners);
    }

    @Test
    void anExecutorThatNeverRunsItsTasksDoesNotHangThePass() {
        List<Runnable> neverRun = new ArrayList<>();
        scanAndCheck(numbers(1_000), 4, 10, neverRun::add);
        assertEquals(3, neverRun.size(), "three parts were offered");
        neverRun.forEach(Runnable::run); // claimed by the caller already: running them now is a no-op
    }

    @Test
    void aFailingPartFailsThePass() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TableScan.scan(
                new ArrayList<>(numbers(1_000)), 4, 10, pool, ArrayList::new, (List<Integer> l, Integer x) -> {
                    if (x == 777) {
                        throw new IllegalStateException("bad element " + x);
                    }
                    l.add(x);
                }));
        assertEquals("bad element 777", e.getMessage());
    }

    @Test
    void theProcessTableSplitsByChunksAndEachProcessIsScannedOnce() throws Exception {
        try (Node node = Node.start("table-scan")) {
            Set<Pid> spawned = new HashSet<>();
            for (int i = 0; i < 1_000; i++) {
                Spawned<Object> s = Medic.spawn(node, Behaviors.empty(), SpawnOptions.DEFAULT);
                s.initialized().toCompletableFuture().get(10, TimeUnit.SECONDS);
                spawned.add(s.pid());
            }
            List<List<ProcessEntry>> parts = TableScan.scan(node.processes().entries(), 4, 64, pool,
                    ArrayList::new, List::add);
            assertEquals(4, parts.size(), "split by chunks of 64 processes");
            Set<Pid> seen = new HashSet<>();
            int total = 0;
            for (List<ProcessEntry> part : parts) {
                assertTrue(!part.isEmpty(), "no empty part");
                for (ProcessEntry e : part) {
                    seen.add(e.pid());
                    total++;
                }
            }
            assertEquals(seen.size(), total, "no process scanned twice");
            assertTrue(seen.containsAll(spawned), "every spawned process scanned");
            assertEquals(node.processes().size(), total, "the table, all of it");
        }
    }
}
