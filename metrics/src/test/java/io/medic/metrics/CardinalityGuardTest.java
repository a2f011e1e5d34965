package io.medic.metrics;

import static io.medic.metrics.Scrapes.count;
import static io.medic.metrics.Scrapes.samples;
import static io.medic.metrics.Scrapes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.runtime.GenServer;
import io.medic.runtime.SpawnOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cardinality guard on a node of 100,000 idle processes of six behaviour classes, 1,000 of them
 * registered: a scrape completes, and its series are bounded by the settings, not by the processes —
 * no series per anonymous process, at most {@code max-registered-processes} names, at most
 * {@code max-behaviours} classes plus {@code _other}, {@code top-k} pids per attribute — with what was
 * left out counted, and the aggregates still summing to the whole node.
 */
class CardinalityGuardTest {
    static final int PROCESSES = 100_000;
    static final int REGISTERED = 1_000;
    static final int PER_PARENT = 10_000;
    private static ScrapeHttp http;

    /** An idle process; its subclasses are six behaviour classes. */
    abstract static class Idle extends GenServer<Integer> {
        private final CountDownLatch started;

        Idle(CountDownLatch started) {
            this.started = started;
        }

        @Override
        protected Init<Integer> init() {
            started.countDown();
            return ok(0);
        }
    }

    static final class Alpha extends Idle {
        Alpha(CountDownLatch s) {
            super(s);
        }
    }

    static final class Beta extends Idle {
        Beta(CountDownLatch s) {
            super(s);
        }
    }

    static final class Gamma extends Idle {
        Gamma(CountDownLatch s) {
            super(s);
        }
    }

    static final class Delta extends Idle {
        Delta(CountDownLatch s) {
            super(s);
        }
    }

    static final class Epsilon extends Idle {
        Epsilon(CountDownLatch s) {
            super(s);
        }
    }

    static final class Zeta extends Idle {
        Zeta(CountDownLatch s) {
            super(s);
        }
    }

    /** Process i's class: Alpha has the most processes, Zeta the fewest. */
    static Idle kind(int i, CountDownLatch started) {
        int k = i % 21; // 6 + 5 + 4 + 3 + 2 + 1
        return k < 6 ? new Alpha(started) : k < 11 ? new Beta(started) : k < 15 ? new Gamma(started)
                : k < 18 ? new Delta(started) : k < 20 ? new Epsilon(started) : new Zeta(started);
    }

    @BeforeAll
    static void start() throws InterruptedException {
        // stopping 100,000 actors takes longer than Akka's 10 s default for the terminate phase on a loaded
        // machine: a WARN that says nothing about the guard
        http = ScrapeHttp.start("crowd", String.join("\n", "medic.metrics.max-behaviours = 3",
                "akka.coordinated-shutdown.phases.actor-system-terminate.timeout = 60s"));
        CountDownLatch started = new CountDownLatch(PROCESSES);
        for (int from = 0; from < PROCESSES; from += PER_PARENT) {
            int first = from;
            Adapter.spawn(http.node.classicSystem(), parent(first, Math.min(PROCESSES, first + PER_PARENT), i ->
                    SpawnOptions.DEFAULT.withName(i < REGISTERED ? String.format("reg-%04d", i) : null), started),
                    "crowd-" + from);
        }
        assertTrue(started.await(5, TimeUnit.MINUTES), "the start of " + PROCESSES + " processes");
    }

    private static Behavior<Object> parent(int from, int to, IntFunction<SpawnOptions> options, CountDownLatch started) {
        return Behaviors.setup(ctx -> {
            for (int i = from; i < to; i++) {
                SpawnOptions o = i < REGISTERED ? options.apply(i) : SpawnOptions.DEFAULT;
                GenServer.spawn(ctx, kind(i, started), o);
            }
            return Behaviors.empty();
        });
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void aScrapeOfAHundredThousandProcessesIsBoundedByTheSettings() {
        ScrapeHttp.Response r = http.get("/medic/metrics");
        assertEquals(200, r.status(), r.toString());
        Map<String, ExpositionParser.Family> scrape = ExpositionParser.prometheus(r.body());
        assertEquals(PROCESSES, value(scrape, "medic_processes"));

        // never a series per anonymous process: a pid label only in the top-K families, k of them each
        for (ExpositionParser.Family f : scrape.values()) {
            boolean byPid = f.samples().stream().anyMatch(s -> s.labels().containsKey("pid"));
            assertTrue(!byPid || f.name().startsWith("medic_top_process_"), f.name() + " is labelled by pid");
            if (f.name().startsWith("medic_top_process_")) {
                assertEquals(MetricsSettings.DEFAULT_TOP_K, f.samples().size(), f.name());
            }
        }
        // registered processes: the first 200 names, the 800 others counted
        List<String> names = samples(scrape, "medic_registered_process_message_queue_len").stream()
                .map(s -> s.labels().get("name")).sorted().toList();
        assertEquals(MetricsSettings.DEFAULT_MAX_REGISTERED, names.size());
        assertEquals("reg-0000", names.get(0));
        assertEquals("reg-0199", names.get(names.size() - 1));
        assertEquals(REGISTERED - MetricsSettings.DEFAULT_MAX_REGISTERED,
                value(scrape, "medic_scrape_omitted_label_values", "group", "registered_processes"));
        // behaviours: the three most numerous, the other three folded into _other, the sum the whole node
        Set<String> behaviours = samples(scrape, "medic_behaviour_processes").stream().map(s -> s.labels().get("behaviour"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(Alpha.class.getName(), Beta.class.getName(), Gamma.class.getName(), "_other"), behaviours);
        assertEquals(3, value(scrape, "medic_scrape_omitted_label_values", "group", "behaviours"));
        assertEquals(PROCESSES, samples(scrape, "medic_behaviour_processes").stream()
                .mapToDouble(ExpositionParser.Sample::value).sum());
        Map<String, Long> byClass = java.util.stream.IntStream.range(0, PROCESSES).mapToObj(i -> kind(i, new CountDownLatch(0))
                .getClass().getName()).collect(Collectors.groupingBy(c -> c, Collectors.counting()));
        assertEquals(byClass.get(Alpha.class.getName()),
                (long) value(scrape, "medic_behaviour_processes", "behaviour", Alpha.class.getName()));
        assertEquals(byClass.get(Delta.class.getName()) + byClass.get(Epsilon.class.getName()) + byClass.get(Zeta.class.getName()),
                (long) value(scrape, "medic_behaviour_processes", "behaviour", "_other"), "the three folded classes");

        // the whole of Medic's series: a bound from the settings (registered 7 x 200, behaviours 10 x 4,
        // top 2 x 10, dispatchers 5 x 3, a few dozen node and scrape series), not from the 100,000
        long medic = count(scrape, "medic_");
        assertTrue(medic < 1_600, "Medic's series: " + medic);
        assertTrue(r.bytes().length < 512 * 1024, "the answer's size: " + r.bytes().length + " bytes");
    }
}
