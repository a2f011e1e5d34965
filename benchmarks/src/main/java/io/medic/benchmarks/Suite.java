package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs the whole comparison and prints one Markdown table of raw numbers and Medic/plain ratios: the
 * JMH benchmarks in {@code rounds} rounds of one fork per kind and setting (so the kinds of one setting
 * are measured minutes apart at most, and each round gives a paired ratio), then {@link HeapPerProcess}
 * in a child JVM with a fixed 2 GB heap. The 1-minute load average is sampled every 5 s throughout.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.medic.benchmarks.Suite [--rounds 2] [--heap-processes 100000]
 *      [--heap-rounds 5] [--no-heap] [--out file.md] [JMH options, e.g. a benchmark regex or -prof gc]
 * </pre>
 *
 * <p>Without a regex every benchmark of this module runs; JMH options given (iterations, forks...)
 * override the annotations, except that the fork count defaults to 1 per round.
 */
public final class Suite {
    private static final String ALL = "io\\.medic\\.benchmarks\\.(PingPong|CpuHandler|Burst|SpawnStop|WorkCalibration)Benchmark";

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 2;
        int heapProcesses = HeapPerProcess.DEFAULT_PROCESSES;
        int heapRounds = HeapPerProcess.DEFAULT_ROUNDS;
        boolean heap = true;
        Path out = null;
        List<String> jmhArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--heap-processes" -> heapProcesses = Integer.parseInt(args[++i]);
                case "--heap-rounds" -> heapRounds = Integer.parseInt(args[++i]);
                case "--no-heap" -> heap = false;
                case "--out" -> out = Path.of(args[++i]);
                default -> jmhArgs.add(args[i]);
            }
        }
        CommandLineOptions cmd = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        if (cmd.getIncludes().isEmpty()) {
            options.include(ALL);
        }
        if (!cmd.getForkCount().hasValue()) {
            options.forks(1);
        }

        LoadSampler load = new LoadSampler();
        load.start();
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, List<Double>> plainScores = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            System.out.printf("%n######## Suite round %d of %d, load average %s%n%n", r + 1, rounds, LoadSampler.read());
            for (RunResult rr : new Runner(options.build()).run()) {
                collect(rr, r, rounds, groups, plainScores);
            }
        }
        String heapTable = "";
        if (heap) {
            System.out.printf("%n######## Heap per idle process, load average %s%n%n", LoadSampler.read());
            heapTable = runHeap(heapProcesses, heapRounds);
        }
        load.stop();

        StringBuilder b = new StringBuilder();
        b.append(String.format("%n## Medic vs plain Akka Typed (%d round(s); %s)%n%n", rounds, load.summary()));
        b.append(machine()).append("\n\n");
        b.append("| benchmark | setting | unit | plain | medicGenServer | medicBehavior | GenServer/plain | behavior/plain |\n");
        b.append("|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Group g : groups.values()) {
            b.append(g.row()).append('\n');
        }
        for (Map.Entry<String, List<Double>> e : plainScores.entrySet()) {
            b.append(String.format(Locale.ROOT, "| %s | | %s | %s | | | | |%n", e.getKey(), "us/op",
                    score(e.getValue())));
        }
        b.append("\nScores: mean ± 99.9% confidence half-width over all measured iterations of all rounds.\n");
        b.append("Ratios: Medic mean / plain mean; in brackets the lowest and highest per-round ratio.\n");
        b.append("Throughput (ops/s): higher is better, so a ratio above 1 means Medic is faster.\n");
        b.append("Time (ms/op): lower is better, so a ratio above 1 means Medic is slower.\n");
        b.append(heapTable);
        System.out.println(b);
        if (out != null) {
            Files.writeString(out, b.toString());
        }
    }

    private static void collect(RunResult rr, int round, int rounds, Map<String, Group> groups,
                                Map<String, List<Double>> other) {
        var params = rr.getParams();
        String bench = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.', params.getBenchmark().lastIndexOf('.') - 1) + 1);
        String kind = null;
        TreeMap<String, String> setting = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            if (key.equals("kind")) {
                kind = params.getParam(key);
            } else {
                setting.put(key, params.getParam(key));
            }
        }
        List<Double> iterations = new ArrayList<>();
        for (BenchmarkResult br : rr.getBenchmarkResults()) {
            for (IterationResult ir : br.getIterationResults()) {
                iterations.add(ir.getPrimaryResult().getScore());
            }
        }
        String settingText = setting.toString().replaceAll("[{}]", "");
        Kind k = kind == null ? null : Kind.find(kind).orElse(null);
        if (k == null) { // no kind, or a benchmark's own (supervisor start, restart latency): listed as it is
            String name = kind == null ? bench : bench + " kind=" + kind + (settingText.isEmpty() ? "" : ", " + settingText);
            other.computeIfAbsent(name, x -> new ArrayList<>()).addAll(iterations);
            return;
        }
        String unit = rr.getPrimaryResult().getScoreUnit();
        Group g = groups.computeIfAbsent(bench + " " + settingText, x -> new Group(bench, settingText, unit, rounds));
        g.add(k, round, iterations, rr.getPrimaryResult().getScore());
    }

    /** One benchmark and setting: the three kinds' scores. */
    private static final class Group {
        final String bench;
        final String setting;
        final String unit;
        final Map<Kind, List<Double>> all = new EnumMap<>(Kind.class);
        final Map<Kind, double[]> perRound = new EnumMap<>(Kind.class);

        Group(String bench, String setting, String unit, int rounds) {
            this.bench = bench;
            this.setting = setting;
            this.unit = unit;
            for (Kind k : Kind.values()) {
                all.put(k, new ArrayList<>());
                double[] r = new double[rounds];
                Arrays.fill(r, Double.NaN);
                perRound.put(k, r);
            }
        }

        void add(Kind k, int round, List<Double> iterations, double roundScore) {
            all.get(k).addAll(iterations);
            perRound.get(k)[round] = roundScore;
        }

        String row() {
            return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |", bench, setting, unit,
                    score(all.get(Kind.PLAIN)), score(all.get(Kind.MEDIC_GENSERVER)), score(all.get(Kind.MEDIC_BEHAVIOR)),
                    ratio(Kind.MEDIC_GENSERVER), ratio(Kind.MEDIC_BEHAVIOR));
        }

        private String ratio(Kind k) {
            ListStatistics p = stats(all.get(Kind.PLAIN));
            ListStatistics m = stats(all.get(k));
            if (p.getN() == 0 || m.getN() == 0) {
                return "-";
            }
            double lo = Double.MAX_VALUE;
            double hi = -Double.MAX_VALUE;
            double[] pr = perRound.get(Kind.PLAIN);
            double[] mr = perRound.get(k);
            int n = 0;
            for (int i = 0; i < pr.length; i++) {
                if (!Double.isNaN(pr[i]) && !Double.isNaN(mr[i])) {
                    double q = mr[i] / pr[i];
                    lo = Math.min(lo, q);
                    hi = Math.max(hi, q);
                    n++;
                }
            }
            String r = String.format(Locale.ROOT, "%.3f", m.getMean() / p.getMean());
            return n > 1 ? r + String.format(Locale.ROOT, " (%.2f–%.2f)", lo, hi) : r;
        }
    }

    private static ListStatistics stats(Iterable<Double> values) {
        ListStatistics s = new ListStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        return s;
    }

    private static String score(List<Double> values) {
        ListStatistics s = stats(values);
        if (s.getN() == 0) {
            return "-";
        }
        double mean = s.getMean();
        String m = mean >= 1000 ? String.format(Locale.ROOT, "%,.0f", mean) : String.format(Locale.ROOT, "%.3f", mean);
        if (s.getN() < 2) {
            return m;
        }
        double half = s.getMeanErrorAt(0.999);
        return m + String.format(Locale.ROOT, " ± %.1f%%", 100 * half / mean);
    }

    private static String runHeap(int processes, int rounds) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xms2g", "-Xmx2g", "-cp", System.getProperty("java.class.path"),
                HeapPerProcess.class.getName(), String.valueOf(processes), String.valueOf(rounds));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        StringBuilder table = new StringBuilder("\n");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                System.out.println(line);
                table.append(line).append('\n');
            }
        }
        if (p.waitFor() != 0) {
            table.append("HeapPerProcess failed with exit status ").append(p.exitValue()).append('\n');
        }
        return table.toString();
    }

    private static String machine() {
        return String.format("Machine: %d CPUs, %s %s (%s), %s %s", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"), System.getProperty("java.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    /** Samples the 1-minute load average every 5 s (Linux; elsewhere it reports nothing). */
    static final class LoadSampler {
        private final ConcurrentLinkedQueue<Double> samples = new ConcurrentLinkedQueue<>();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "load-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
        }

        private void run() {
            while (running) {
                String s = read();
                if (!s.isEmpty()) {
                    samples.add(Double.parseDouble(s.split(" ")[0]));
                }
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** The first three fields of /proc/loadavg, or "" where there is none. */
        static String read() {
            try {
                String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
                return f[0] + " " + f[1] + " " + f[2];
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        String summary() {
            if (samples.isEmpty()) {
                return "load average not available";
            }
            ListStatistics load = stats(samples);
            return String.format(Locale.ROOT, "1-min load average during the run: min %.2f, mean %.2f, max %.2f",
                    load.getMin(), load.getMean(), load.getMax());
        }
    }
}
