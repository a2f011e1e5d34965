package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.Kind;
import io.medic.benchmarks.fixtures.NodeHolder;
import io.medic.benchmarks.fixtures.RallyState;
import io.medic.runtime.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The throughput comparisons of {@link PingPongBenchmark}, {@link CpuHandlerBenchmark} and
 * {@link BurstBenchmark} as paired measurements, for a machine shared with other work: all three
 * kinds live in one JVM and one node, and each round runs one short slice (tens of milliseconds) of
 * every kind in a random order. Load that comes and goes hits the three slices of a round alike, so the
 * per-round ratio Medic/plain stays meaningful when the absolute numbers swing; the median of the
 * rounds and its interquartile range are reported.
 *
 * <p>Unlike JMH, the kinds share the JIT's profile (call sites that see all three kinds are
 * polymorphic), as in an application that mixes them. The JMH benchmarks remain the reference for
 * absolute numbers; this is the check on the ratios.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.medic.benchmarks.Interleaved [rounds] [dispatcher] [filter]
 * </pre>
 * Defaults: 60 rounds (after 10 s of unreported warm-up rounds per scenario), dispatcher {@code single},
 * every scenario (a filter keeps those whose name contains it, e.g. {@code pingPong}).
 */
public final class Interleaved {
    /** Warm-up per scenario before the measured rounds. */
    private static final long WARMUP_NANOS = 10_000_000_000L;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private Interleaved() {
    }

    /** One measured scenario: a name, messages per slice, and how to run a slice for a kind. */
    private record Scenario(String name, int messages, Map<Kind, IntConsumer> slice) {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        String dispatcher = args.length > 1 ? args[1] : "single";
        String only = args.length > 2 ? args[2] : "";
        Node node = NodeHolder.startNode("interleaved");
        try {
            List<Scenario> scenarios = new ArrayList<>();
            for (int inFlight : new int[] {1, 32}) {
                scenarios.add(rally("pingPong inFlight=" + inFlight, 100_000, node, dispatcher, inFlight,
                        PingPongBenchmark::new));
            }
            for (int inFlight : new int[] {1, 32}) {
                scenarios.add(rally("cpuHandler inFlight=" + inFlight, 4_000, node, dispatcher, inFlight,
                        CpuHandlerBenchmark::new));
            }
            Map<Kind, IntConsumer> bursts = new EnumMap<>(Kind.class);
            for (Kind k : Kind.values()) {
                BurstBenchmark b = new BurstBenchmark();
                b.kind = k.param;
                b.dispatcher = dispatcher;
                b.node.lend(node);
                b.setup();
                bursts.put(k, b::burst);
            }
            scenarios.add(new Scenario("burst", 200_000, bursts));

            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%nInterleaved paired rounds: %d per scenario, dispatcher=%s, load average %s%n%n",
                    rounds, dispatcher, Suite.LoadSampler.read()));
            out.append("| scenario | plain msg/s | medicGenServer msg/s | medicBehavior msg/s | GenServer/plain | behavior/plain"
                    + " | plain CPU ns/msg | medicGenServer | medicBehavior | GenServer/plain (CPU) | behavior/plain (CPU) |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            Random random = new Random(42);
            for (Scenario s : scenarios) {
                if (!s.name().contains(only)) {
                    continue;
                }
                out.append(measure(s, rounds, random)).append('\n');
                System.err.println(out);
            }
            out.append(String.format(Locale.ROOT, "%nmsg/s: median over rounds (wall clock). Ratios: median of the per-round"
                    + " ratios, [25th–75th percentile]. CPU ns/msg: CPU time of all Java threads per message (GC threads"
                    + " excluded), which time-slicing by other processes does not inflate; its ratio is plain CPU / Medic CPU, i.e. the"
                    + " throughput ratio on an otherwise idle CPU. Load average at the end: %s%n", Suite.LoadSampler.read()));
            System.out.println(out);
        } finally {
            node.close();
        }
    }

    private static Scenario rally(String name, int messages, Node node, String dispatcher, int inFlight,
                                  java.util.function.Supplier<RallyState> make) {
        Map<Kind, IntConsumer> slice = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            RallyState s = make.get();
            s.kind = k.param;
            s.dispatcher = dispatcher;
            s.inFlight = inFlight;
            s.style = "receive";
            s.node.lend(node);
            s.setup();
            slice.put(k, n -> s.rally(n / 2));
        }
        return new Scenario(name, messages, slice);
    }

    private static String measure(Scenario s, int rounds, Random random) {
        List<Kind> order = new ArrayList<>(Arrays.asList(Kind.values()));
        Map<Kind, double[]> rate = new EnumMap<>(Kind.class);
        Map<Kind, double[]> cpu = new EnumMap<>(Kind.class);
        for (Kind k : Kind.values()) {
            rate.put(k, new double[rounds]);
            cpu.put(k, new double[rounds]);
        }
        // warm-up: at least WARMUP_NANOS of slices, so the JIT has settled (about 5-10 s on this machine kind)
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        int warmup = 0;
        while (System.nanoTime() < warmupEnd || warmup < 15) {
            for (Kind k : order) {
                s.slice().get(k).accept(s.messages());
            }
            warmup++;
        }
        for (int r = 0; r < rounds; r++) {
            Collections.shuffle(order, random);
            for (Kind k : order) {
                long c0 = javaThreadsCpuNanos();
                long t0 = System.nanoTime();
                s.slice().get(k).accept(s.messages());
                long t = System.nanoTime() - t0;
                long c = javaThreadsCpuNanos() - c0;
                rate.get(k)[r] = s.messages() * 1e9 / t;
                cpu.get(k)[r] = c / (double) s.messages();
            }
        }
        double[] gs = new double[rounds];
        double[] bh = new double[rounds];
        double[] gsCpu = new double[rounds];
        double[] bhCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            gs[r] = rate.get(Kind.MEDIC_GENSERVER)[r] / rate.get(Kind.PLAIN)[r];
            bh[r] = rate.get(Kind.MEDIC_BEHAVIOR)[r] / rate.get(Kind.PLAIN)[r];
            gsCpu[r] = cpu.get(Kind.PLAIN)[r] / cpu.get(Kind.MEDIC_GENSERVER)[r];
            bhCpu[r] = cpu.get(Kind.PLAIN)[r] / cpu.get(Kind.MEDIC_BEHAVIOR)[r];
        }
        return String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %,.0f | %s | %s | %.1f | %.1f | %.1f | %s | %s |", s.name(),
                percentile(rate.get(Kind.PLAIN), 50), percentile(rate.get(Kind.MEDIC_GENSERVER), 50),
                percentile(rate.get(Kind.MEDIC_BEHAVIOR), 50), ratio(gs), ratio(bh),
                percentile(cpu.get(Kind.PLAIN), 50), percentile(cpu.get(Kind.MEDIC_GENSERVER), 50),
                percentile(cpu.get(Kind.MEDIC_BEHAVIOR), 50), ratio(gsCpu), ratio(bhCpu));
    }

    /**
     * CPU time of all live Java threads, in ns (clock_gettime per thread on Linux: ns resolution). GC
     * worker threads are not Java threads and are not included.
     */
    private static long javaThreadsCpuNanos() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t > 0) {
                sum += t;
            }
        }
        return sum;
    }

    private static String ratio(double[] r) {
        return String.format(Locale.ROOT, "%.3f [%.2f–%.2f]", percentile(r, 50), percentile(r, 25), percentile(r, 75));
    }

    static double percentile(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        double pos = (v.length - 1) * p / 100;
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return v[lo] + (v[hi] - v[lo]) * (pos - lo);
    }
}
