package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.Kind;
import io.medic.benchmarks.fixtures.NodeHolder;
import io.medic.benchmarks.fixtures.RallyState;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.trace.PidSpec;
import io.medic.runtime.trace.Trace;
import io.medic.runtime.trace.TraceEventKind;
import io.medic.runtime.trace.TraceLimit;
import io.medic.runtime.trace.TraceSession;
import io.medic.runtime.trace.TraceSpec;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * What tracing costs, as paired rounds in one JVM (the method of {@link Interleaved}: each round runs a
 * short slice of every variant in a random order, so that load coming and going on a shared machine
 * hits them alike; the median of the per-round ratios and its interquartile range are reported).
 *
 * <p><b>{@code baseline}: no session running, against the build without trace hooks.</b> The same
 * ping-pong benchmark ({@link PingPongBenchmark}'s state, trivial handlers, one dispatcher thread) runs
 * from two jars in two isolated class loaders of one JVM: this build's {@code benchmarks.jar}, and the
 * same module built from the commit before tracing (the baseline). Each has its own node, Akka and JIT
 * profile; they alternate slice by slice. The ratio this/baseline for a Medic kind is the cost of the
 * hooks with no session — one null check per message handled and per message sent; the ratio for plain
 * Akka (which Medic does not touch) is the control, and shows what the method itself can tell apart.
 *
 * <p><b>{@code session}: one session running, in this build.</b> Ping-pong slices with no session
 * against slices during which a session traces one idle process's arrivals (no other process carries
 * a hook: the method's noise), its sends (every process carries a hook and every send checks its sender:
 * the cost to the others), or every process with a message filter nothing matches (the cost of being traced, less the
 * events: the hooks, the timing of handlers and the filter's check of each message's class).
 *
 * <pre>
 * git archive &lt;baseline-commit&gt; | tar -x -C /tmp/medic-baseline
 * (cd /tmp/medic-baseline &amp;&amp; mvn -B -q -pl benchmarks -am package -DskipTests)
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.medic.benchmarks.TraceCost baseline /tmp/medic-baseline/benchmarks/target/benchmarks.jar 60
 * java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar io.medic.benchmarks.TraceCost session 60
 * </pre>
 */
public final class TraceCost {
    /** Round trips per slice (each two messages). */
    private static final int ROUNDS_PER_SLICE = 50_000;
    private static final long WARMUP_NANOS = 10_000_000_000L;
    private static final String[] KINDS = {"plain", "medicGenServer", "medicBehavior"};

    private TraceCost() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "";
        switch (mode) {
            case "baseline" -> baseline(new File(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 60);
            case "session" -> session(args.length > 1 ? Integer.parseInt(args[1]) : 60);
            default -> System.err.println("usage: TraceCost baseline <baseline benchmarks.jar> [rounds] | session [rounds]");
        }
    }

    // ================================================================== this build against the baseline

    private static void baseline(File baselineJar, int rounds) throws Exception {
        URL self = TraceCost.class.getProtectionDomain().getCodeSource().getLocation();
        Isolated current = new Isolated("current", self);
        Isolated base = new Isolated("baseline", baselineJar.toURI().toURL());
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%nTrace hooks with no session: this build / baseline (%s), paired rounds: %d, load average %s%n%n",
                baselineJar, rounds, Suite.LoadSampler.read()));
        out.append("| scenario | kind | this build msg/s | baseline msg/s | this / baseline |\n|---|---|---:|---:|---:|\n");
        for (int inFlight : new int[] {1, 32}) {
            Map<String, IntConsumer> slices = new LinkedHashMap<>();
            for (String kind : KINDS) {
                slices.put(kind + "/current", current.rally(kind, inFlight));
                slices.put(kind + "/baseline", base.rally(kind, inFlight));
            }
            Map<String, double[]> rate = measure(slices, rounds);
            for (String kind : KINDS) {
                double[] r = ratios(rate.get(kind + "/current"), rate.get(kind + "/baseline"));
                out.append(String.format(Locale.ROOT, "| pingPong inFlight=%d | %s | %,.0f | %,.0f | %s |%n", inFlight, kind,
                        Interleaved.percentile(rate.get(kind + "/current"), 50),
                        Interleaved.percentile(rate.get(kind + "/baseline"), 50), ratio(r)));
            }
            System.err.println(out);
        }
        out.append(String.format(Locale.ROOT, "%nmsg/s: median over rounds. Ratios: median of per-round ratios"
                + " [25th-75th percentile]; plain is the control (Medic does not touch it). Load average at the end: %s%n",
                Suite.LoadSampler.read()));
        System.out.println(out);
        current.close();
        base.close();
    }

    /** One build's benchmark state in a class loader of its own, driven by reflection (its classes are not ours). */
    private static final class Isolated implements AutoCloseable {
        private final URLClassLoader loader;
        private final Object node;

        Isolated(String name, URL jar) throws Exception {
            loader = new URLClassLoader(name, new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            node = within(() -> loader.loadClass(NodeHolder.class.getName()).getMethod("startNode", String.class)
                    .invoke(null, name));
        }

        IntConsumer rally(String kind, int inFlight) throws Exception {
            Object state = within(() -> {
                Class<?> c = loader.loadClass(PingPongBenchmark.class.getName());
                Object s = c.getConstructor().newInstance();
                c.getField("kind").set(s, kind);
                c.getField("dispatcher").set(s, "single");
                c.getField("inFlight").setInt(s, inFlight);
                c.getField("style").set(s, "receive");
                Object holder = c.getField("node").get(s);
                holder.getClass().getMethod("lend", loader.loadClass(Node.class.getName())).invoke(holder, node);
                c.getMethod("setup").invoke(s);
                return s;
            });
            Method rally = state.getClass().getMethod("rally", int.class);
            return n -> {
                try {
                    rally.invoke(state, n);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            };
        }

        /** Runs {@code body} with this loader as the thread's context loader (Akka and its config read it). */
        private <T> T within(Reflective<T> body) throws Exception {
            Thread t = Thread.currentThread();
            ClassLoader before = t.getContextClassLoader();
            t.setContextClassLoader(loader);
            try {
                return body.get();
            } finally {
                t.setContextClassLoader(before);
            }
        }

        /** Stops the node (its classes stay loaded: Akka's last threads may still need them as the JVM ends). */
        @Override
        public void close() throws Exception {
            within(() -> node.getClass().getMethod("close").invoke(node));
        }
    }

    @FunctionalInterface
    private interface Reflective<T> {
        T get() throws Exception;
    }

    // ================================================================== one session running

    private static void session(int rounds) throws Exception {
        Node node = NodeHolder.startNode("trace-cost");
        try {
            Pid idle = GenServer.startSync(node, new io.medic.benchmarks.fixtures.Idle.Server(new java.util.concurrent.CountDownLatch(1)), SpawnOptions.DEFAULT,
                    Duration.ofSeconds(10));
            Map<String, Supplier<TraceSpec>> variants = new LinkedHashMap<>();
            variants.put("no session", null);
            variants.put("arrivals at one idle process", () -> TraceSpec.of(PidSpec.of(idle))
                    .withEvents(TraceEventKind.RECEIVE));
            variants.put("sends of one idle process", () -> TraceSpec.of(PidSpec.of(idle))
                    .withEvents(TraceEventKind.SEND));
            variants.put("all processes, filtered to nothing", () -> TraceSpec.of(PidSpec.Scope.ALL)
                    .withEvents(TraceEventKind.RECEIVE, TraceEventKind.CAST, TraceEventKind.INFO).withMessages("no.such.Message"));
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "%nOne trace session running: ping-pong with it / without, paired rounds: %d, load average %s%n%n",
                    rounds, Suite.LoadSampler.read()));
            out.append("| scenario | kind | session | msg/s | with / without |\n|---|---|---|---:|---:|\n");
            for (int inFlight : new int[] {1, 32}) {
                for (String kind : new String[] {"medicGenServer", "medicBehavior"}) {
                    RallyState s = new PingPongBenchmark();
                    s.kind = kind;
                    s.dispatcher = "single";
                    s.inFlight = inFlight;
                    s.style = "receive";
                    s.node.lend(node);
                    s.setup();
                    Map<String, IntConsumer> slices = new LinkedHashMap<>();
                    for (Map.Entry<String, Supplier<TraceSpec>> v : variants.entrySet()) {
                        Supplier<TraceSpec> spec = v.getValue();
                        slices.put(v.getKey(), n -> {
                            TraceSession session = spec == null ? null : Trace.start(node,
                                    spec.get().withLimit(TraceLimit.count(10_000)).withTtl(Duration.ofMinutes(10)), e -> { });
                            try {
                                s.rally(n);
                            } finally {
                                if (session != null) {
                                    session.stop();
                                    session.ended().toCompletableFuture().join();
                                }
                            }
                        });
                    }
                    Map<String, double[]> rate = measure(slices, rounds);
                    for (String v : variants.keySet()) {
                        out.append(String.format(Locale.ROOT, "| pingPong inFlight=%d | %s | %s | %,.0f | %s |%n", inFlight,
                                Kind.of(kind).param, v, Interleaved.percentile(rate.get(v), 50),
                                v.equals("no session") ? "1" : ratio(ratios(rate.get(v), rate.get("no session")))));
                    }
                    System.err.println(out);
                }
            }
            out.append(String.format(Locale.ROOT, "%nLoad average at the end: %s%n", Suite.LoadSampler.read()));
            System.out.println(out);
        } finally {
            node.close();
        }
    }

    // ================================================================== rounds

    /** Warms every slice up, then runs {@code rounds} rounds of them in a random order; msg/s per slice and round. */
    private static Map<String, double[]> measure(Map<String, IntConsumer> slices, int rounds) {
        List<String> order = new ArrayList<>(slices.keySet());
        long warmupEnd = System.nanoTime() + WARMUP_NANOS;
        for (int w = 0; System.nanoTime() < warmupEnd || w < 10; w++) {
            for (String k : order) {
                slices.get(k).accept(ROUNDS_PER_SLICE);
            }
        }
        Map<String, double[]> rate = new LinkedHashMap<>();
        order.forEach(k -> rate.put(k, new double[rounds]));
        Random random = new Random(42);
        for (int r = 0; r < rounds; r++) {
            Collections.shuffle(order, random);
            for (String k : order) {
                long t0 = System.nanoTime();
                slices.get(k).accept(ROUNDS_PER_SLICE);
                rate.get(k)[r] = 2.0 * ROUNDS_PER_SLICE * 1e9 / (System.nanoTime() - t0);
            }
        }
        return rate;
    }

    private static double[] ratios(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    private static String ratio(double[] r) {
        return String.format(Locale.ROOT, "%.3f [%.2f-%.2f]", Interleaved.percentile(r, 50),
                Interleaved.percentile(r, 25), Interleaved.percentile(r, 75));
    }
}
