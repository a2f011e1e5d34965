package io.medic.benchmarks;

import java.util.Locale;
import java.util.Random;

/**
 * {@link RemoteCallBenchmark} as paired measurements, for a machine shared with other work: one
 * two-node cluster, and each round runs a slice of Medic remote calls and a slice of plain Akka asks (in
 * a random order), so that load that comes and goes hits both alike. The per-round ratio
 * {@code akkaAsk time / medicCall time} (≥ 1 means Medic is as fast) is reported as its median and
 * interquartile range, with each side's median µs per call.
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar io.medic.benchmarks.RemoteInterleaved [rounds] [calls per slice]
 * </pre>
 * Defaults: 60 rounds of 500 calls per side, after 10 s of unreported warm-up.
 */
public final class RemoteInterleaved {
    private RemoteInterleaved() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        RemoteCallBenchmark b = new RemoteCallBenchmark();
        b.setup();
        try {
            long warm = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < warm) {
                slice(b, true, calls);
                slice(b, false, calls);
            }
            Random random = new Random(42);
            double[] medic = new double[rounds];
            double[] akka = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                boolean medicFirst = random.nextBoolean();
                double first = slice(b, medicFirst, calls);
                double second = slice(b, !medicFirst, calls);
                medic[r] = medicFirst ? first : second;
                akka[r] = medicFirst ? second : first;
                ratio[r] = akka[r] / medic[r];
            }
            System.out.printf(Locale.ROOT, "%nRemote call, paired rounds: %d x %d calls per side, load average %s%n",
                    rounds, calls, Suite.LoadSampler.read());
            System.out.printf(Locale.ROOT, "| medicCall µs/call (median) | akkaAsk µs/call (median) | akkaAsk/medicCall (median) | IQR |%n");
            System.out.printf(Locale.ROOT, "| %.1f | %.1f | %.3f | %.3f–%.3f |%n", Interleaved.percentile(medic, 50),
                    Interleaved.percentile(akka, 50), Interleaved.percentile(ratio, 50), Interleaved.percentile(ratio, 25),
                    Interleaved.percentile(ratio, 75));
        } finally {
            b.tearDown();
        }
        System.exit(0);
    }

    /** Mean µs per call of one slice. */
    private static double slice(RemoteCallBenchmark b, boolean medic, int calls) throws Exception {
        long t = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            if (medic) {
                b.medicCall();
            } else {
                b.akkaAsk();
            }
        }
        return (System.nanoTime() - t) / 1_000.0 / calls;
    }
}
