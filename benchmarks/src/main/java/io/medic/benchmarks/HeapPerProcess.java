package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.Idle;
import io.medic.benchmarks.fixtures.Kind;
import io.medic.benchmarks.fixtures.Parent;
import io.medic.benchmarks.fixtures.Target;
import io.medic.runtime.Node;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.openjdk.jmh.util.ListStatistics;

/**
 * (d) Heap bytes per idle process: plain Akka Typed vs a Medic GenServer vs a plain behaviour spawned
 * through Medic. Not a JMH benchmark (it measures space, not time), but a program run the same way.
 *
 * <p>For each kind, in a fresh node: a plain parent actor is spawned, the heap is collected
 * ({@code System.gc()} three times) and its used size read from the {@link MemoryMXBean}; the parent
 * spawns {@code N} idle children of that kind (see {@link Idle}) and the benchmark waits until all have
 * started; the heap is collected and read again; bytes per process = (after − before) / N. Everything
 * retained because a process exists is counted: actor cell, mailbox, behaviour, the parent's entry for
 * the child, and for Medic the process record, pid, table entry and init future. Kinds are measured in
 * interleaved rounds after one unreported warm-up round; the median of the rounds is reported.
 *
 * <p>Run (heap fixed so the collector does not resize it between readings):
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.medic.benchmarks.HeapPerProcess [processes] [rounds]
 * </pre>
 * Defaults: 100000 processes, 5 rounds.
 */
public final class HeapPerProcess {
    /** Processes per measurement by default. */
    public static final int DEFAULT_PROCESSES = 100_000;
    /** Reported rounds by default. */
    public static final int DEFAULT_ROUNDS = 5;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapPerProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        int processes = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PROCESSES;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_ROUNDS;
        Map<Kind, double[]> results = run(processes, rounds);
        System.out.println(report(results, processes));
    }

    /** Measures every kind {@code rounds} times (interleaved, after a warm-up round) and returns the samples. */
    public static Map<Kind, double[]> run(int processes, int rounds) throws InterruptedException {
        for (Kind k : Kind.values()) {
            measure(k, Math.min(processes, 20_000)); // warm-up: class loading, JIT, Akka's lazy structures
        }
        Map<Kind, double[]> samples = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            samples.put(k, new double[rounds]);
        }
        for (int r = 0; r < rounds; r++) {
            for (Kind k : Kind.values()) {
                samples.get(k)[r] = measure(k, processes);
            }
        }
        return samples;
    }

    /** Heap bytes retained per idle process of {@code kind}, measured with {@code processes} of them in a fresh node. */
    public static double measure(Kind kind, int processes) throws InterruptedException {
        Node node = Node.start("heap");
        try {
            Parent parent = Idle.spawner(node, "spawner");
            long before = settledHeapUsed();
            CountDownLatch started = new CountDownLatch(processes);
            parent.tell(new Idle.SpawnChildren(kind, processes, started));
            Target.await(started, "the start of " + processes + " processes");
            long after = settledHeapUsed();
            parent.stop("the stop of " + processes + " processes");
            return (after - before) / (double) processes;
        } finally {
            node.close();
        }
    }

    private static long settledHeapUsed() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /** A Markdown table: median, min and max bytes per process for each kind, and the ratio to plain. */
    public static String report(Map<Kind, double[]> samples, int processes) {
        StringBuilder b = new StringBuilder();
        b.append("Heap bytes per idle process (").append(processes).append(" processes, ")
                .append(samples.get(Kind.PLAIN).length).append(" rounds)\n\n");
        b.append("| kind | median B/process | min | max | ratio to plain (median) |\n");
        b.append("|---|---:|---:|---:|---:|\n");
        double plain = Interleaved.percentile(samples.get(Kind.PLAIN), 50);
        for (Map.Entry<Kind, double[]> e : samples.entrySet()) {
            double[] s = e.getValue();
            double med = Interleaved.percentile(s, 50);
            ListStatistics range = new ListStatistics(s);
            b.append(String.format("| %s | %.0f | %.0f | %.0f | %.3f |%n", e.getKey().param, med, range.getMin(), range.getMax(),
                    med / plain));
        }
        return b.toString();
    }
}
