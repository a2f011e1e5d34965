package io.medic.metrics;

import static io.medic.metrics.Scrapes.family;
import static io.medic.metrics.Scrapes.samples;
import static io.medic.metrics.Scrapes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpListener;
import io.medic.supervision.Application;
import io.medic.supervision.Applications;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.CastCounter;
import io.medic.testing.Gate;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /medic/metrics} on a node with an application, supervisors, registered processes (odd
 * names among them), a process with a long queue and an open port: the answer parses as the
 * Prometheus text format (and OpenMetrics, and gzip, when asked), and holds what docs/metrics.md says.
 */
class MetricsRouteTest {
    private static final Duration T = Duration.ofSeconds(20);
    static final String ODD_NAME = "evil\u202Ename\"q\\";
    static final String LONG_NAME = "n".repeat(255);
    private static ScrapeHttp http;
    private static Pid jammed;
    private static TcpListener listener;

    @BeforeAll
    static void start() throws IOException {
        http = ScrapeHttp.start("metrics", "medic.metrics.supervision-timeout = 10s");
        startFixture(http);
        jammed = GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withName("jammed"), T);
        Gate gate = new Gate();
        GenServer.cast(jammed, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < 50; i++) {
            GenServer.cast(jammed, i);
        }
        Await.until("jammed's 50 waiting messages", () -> jammed.entry().messageQueueLen() == 50);
        listener = Ports.of(http.node).listen(jammed, new InetSocketAddress("127.0.0.1", 0));
    }

    /** The application {@code shop} (cart, and the supervisor pool of two workers) and two odd names. */
    static void startFixture(ScrapeHttp node) {
        SupervisorSpec pool = SupervisorSpec.of(SupervisorFlags.oneForOne(),
                ChildSpec.worker("w1", CastCounter::new), ChildSpec.worker("w2", CastCounter::new));
        Applications.of(node.node).start(Application.permanent("shop", SupervisorSpec.of(
                SupervisorFlags.oneForOne().withIntensity(5).withPeriod(Duration.ofSeconds(60)),
                ChildSpec.worker("cart", CastCounter::new).withName("cart"),
                ChildSpec.supervisor("pool", pool).withName("pool-sup")))).toCompletableFuture().join();
        GenServer.startSync(node.node, new CastCounter(), SpawnOptions.DEFAULT.withName(ODD_NAME), T);
        GenServer.startSync(node.node, new CastCounter(), SpawnOptions.DEFAULT.withName(LONG_NAME), T);
    }

    @AfterAll
    static void stop() throws IOException {
        Gate.openAll();
        listener.close();
        http.close();
    }

    static Map<String, ExpositionParser.Family> scrape(ScrapeHttp node, String query) {
        ScrapeHttp.Response r = node.get("/medic/metrics" + query);
        assertEquals(200, r.status(), r.toString());
        return ExpositionParser.prometheus(r.body());
    }

    @Test
    void theAnswerIsThePrometheusTextFormat() {
        ScrapeHttp.Response r = http.get("/medic/metrics");
        assertEquals(200, r.status(), r.toString());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.header("Content-Type").toLowerCase());
        Map<String, ExpositionParser.Family> scrape = ExpositionParser.prometheus(r.body());
        family(scrape, "medic_processes", "gauge");
        family(scrape, "medic_registered_process_reductions_total", "counter");
        family(scrape, "medic_application_status", "gauge");
        family(scrape, "jvm_memory_used_bytes", "gauge");
        family(scrape, "process_cpu_seconds_total", "counter");
        assertEquals(http.node.processes().size(), value(scrape, "medic_processes"), "a quiet node: the count now");
        assertTrue(value(scrape, "medic_ports") >= 1, "the listener");
        assertTrue(value(scrape, "medic_message_queue_len") >= 50, "jammed's queue");
        assertEquals(1, value(scrape, "medic_ports_by_type", "type", "tcp_inet"));
        for (String d : new String[] {"akka.actor.default-dispatcher", "medic.http.dispatcher"}) {
            assertTrue(value(scrape, "medic_dispatcher_threads", "dispatcher", d) >= 1, d);
        }
    }

    @Test
    void openMetricsWhenTheScraperAsksForIt() {
        ScrapeHttp.Response r = http.get("/medic/metrics", "Accept",
                "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1");
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", r.header("Content-Type").toLowerCase());
        Map<String, ExpositionParser.Family> scrape = ExpositionParser.openMetrics(r.body());
        family(scrape, "medic_registered_process_reductions", "counter");
        family(scrape, "medic_application_status", "stateset");
        assertEquals(50, value(scrape, "medic_registered_process_message_queue_len", "name", "jammed"));
        assertTrue(value(scrape, "medic_registered_process_messages_handled_total", "name", "cart") >= 0);
    }

    @Test
    void gzipWhenTheScraperAcceptsIt() throws IOException {
        ScrapeHttp.Response r = http.get("/medic/metrics", "Accept-Encoding", "gzip");
        assertEquals("gzip", r.header("Content-Encoding"));
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.bytes()))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(ExpositionParser.prometheus(text).containsKey("medic_processes"));
        assertEquals("", http.get("/medic/metrics", "Accept-Encoding", "gzip;q=0").header("Content-Encoding"));
    }

    @Test
    void nameParametersSelectFamilies() {
        Map<String, ExpositionParser.Family> scrape = scrape(http,
                "?name[]=medic_processes&name[]=jvm_threads_current&name[]=medic_supervisor_up");
        assertEquals(Set.of("medic_processes", "jvm_threads_current", "medic_supervisor_up"), scrape.keySet());
        assertEquals(Set.of("medic_scrape_duration_seconds"), scrape(http, "?name%5B%5D=medic_scrape_duration_seconds").keySet(),
                "the encoded form Prometheus's params send");
    }

    @Test
    void registeredProcessesHaveSeriesByNameAndOddNamesAreNeutralised() {
        Map<String, ExpositionParser.Family> scrape = scrape(http, "");
        assertEquals(50, value(scrape, "medic_registered_process_message_queue_len", "name", "jammed"));
        Set<String> names = samples(scrape, "medic_registered_process_memory_bytes").stream()
                .map(s -> s.labels().get("name")).collect(Collectors.toCollection(TreeSet::new));
        assertTrue(names.containsAll(Set.of("cart", "jammed", "pool-sup", "evil?name\"q\\")), names.toString());
        assertTrue(names.contains("n".repeat(97) + "..."), "a long name is cut at 100 characters: " + names);
        assertFalse(names.contains(ODD_NAME));
        assertEquals(0, value(scrape, "medic_scrape_omitted_label_values", "group", "registered_processes"));
        // the behaviours: every live process counts once
        double byBehaviour = samples(scrape, "medic_behaviour_processes").stream()
                .mapToDouble(ExpositionParser.Sample::value).sum();
        assertEquals(value(scrape, "medic_processes"), byBehaviour);
        assertEquals(50, value(scrape, "medic_behaviour_message_queue_len_max", "behaviour", CastCounter.class.getName()));
    }

    @Test
    void theTopProcessesByQueueAreLabelledByPid() {
        Map<String, ExpositionParser.Family> scrape = scrape(http, "");
        ExpositionParser.Sample top = samples(scrape, "medic_top_process_message_queue_len").stream()
                .max(java.util.Comparator.comparingDouble(ExpositionParser.Sample::value)).orElseThrow();
        assertEquals(Map.of("pid", jammed.toString(), "name", "jammed", "behaviour", CastCounter.class.getName()),
                top.labels());
        assertEquals(50, top.value());
        assertTrue(samples(scrape, "medic_top_process_memory_bytes").size() <= MetricsSettings.DEFAULT_TOP_K);
    }

    @Test
    void supervisorsByPathWithRestartsAndBudgetApplicationsByState() {
        Pid cart = http.node.pid("cart");
        Medic.exit(cart, ExitReason.KILLED);
        Pid second = Await.value("cart restarted", () -> http.node.whereis("cart").orElse(cart), p -> !p.equals(cart));
        Medic.exit(second, ExitReason.KILLED);
        Await.value("cart restarted twice", () -> http.node.whereis("cart").orElse(second),
                p -> !p.equals(second) && !p.equals(cart));

        Map<String, ExpositionParser.Family> scrape = scrape(http, "");
        assertEquals(1, value(scrape, "medic_supervisor_up", "supervisor", "shop"));
        assertEquals(1, value(scrape, "medic_supervisor_up", "supervisor", "shop/pool"));
        assertEquals(2, value(scrape, "medic_supervisor_restarts", "supervisor", "shop"));
        assertEquals(2, value(scrape, "medic_supervisor_restart_budget_used", "supervisor", "shop"));
        assertEquals(5, value(scrape, "medic_supervisor_restart_intensity", "supervisor", "shop"));
        assertEquals(60, value(scrape, "medic_supervisor_restart_period_seconds", "supervisor", "shop"));
        assertEquals(2, value(scrape, "medic_supervisor_children", "supervisor", "shop/pool"));
        assertEquals(0, value(scrape, "medic_supervisor_restarts", "supervisor", "shop/pool"));
        assertEquals(2, value(scrape, "medic_registered_process_restarts", "name", "cart"));
        assertTrue(value(scrape, "medic_restarts") >= 2);
        assertEquals(1, value(scrape, "medic_application_status", "application", "shop", "medic_application_status", "running"));
        assertEquals(0, value(scrape, "medic_application_status", "application", "shop", "medic_application_status", "failed"));
        assertEquals(0, value(scrape, "medic_scrape_supervision_timed_out"));
    }

    @Test
    void aSupervisorThatDoesNotAnswerIsDownAndTheOthersAreThere() {
        Pid pool = http.node.pid("pool-sup");
        io.medic.runtime.Sys.suspend(pool);
        try {
            Map<String, ExpositionParser.Family> scrape = scrape(http, "");
            assertEquals(0, value(scrape, "medic_supervisor_up", "supervisor", "shop/pool"));
            assertEquals(1, value(scrape, "medic_supervisor_up", "supervisor", "shop"));
            assertTrue(samples(scrape, "medic_supervisor_children").stream()
                    .noneMatch(s -> s.labels().get("supervisor").equals("shop/pool")), "nothing else of the silent one");
        } finally {
            io.medic.runtime.Sys.resume(pool);
        }
    }

    @Test
    void aWalkLongerThanTheTimeoutIsLeftOutAndTheScrapeSaysSo() {
        try (ScrapeHttp slow = ScrapeHttp.start("metrics-slow", String.join("\n",
                "medic.http.supervision.call-timeout = 30s", "medic.metrics.supervision-timeout = 300ms"))) {
            startFixture(slow);
            Pid pool = slow.node.pid("pool-sup");
            io.medic.runtime.Sys.suspend(pool);
            try {
                Map<String, ExpositionParser.Family> scrape = scrape(slow, "");
                assertEquals(1, value(scrape, "medic_scrape_supervision_timed_out"));
                assertTrue(samples(scrape, "medic_supervisor_up").isEmpty(), "no supervisor series this scrape");
                assertEquals(slow.node.processes().size(), value(scrape, "medic_processes"), "the rest is there");
            } finally {
                io.medic.runtime.Sys.resume(pool);
            }
        }
    }

    // ================================================================== docs and dashboard

    /** Every family a full scrape holds, as docs/metrics.md's table documents it: name, type, labels. */
    @Test
    void docsMetricsMdDocumentsEveryMedicFamilyWithItsTypeAndLabels() throws IOException {
        Map<String, ExpositionParser.Family> scrape = scrape(http, "");
        Map<String, String> documented = MetricsDocs.families();
        Set<String> scraped = new TreeSet<>();
        for (ExpositionParser.Family f : scrape.values()) {
            if (!f.name().startsWith("medic_")) {
                continue;
            }
            scraped.add(f.name());
            Set<String> labels = f.samples().stream().flatMap(s -> s.labels().keySet().stream())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(f.type() + " " + (labels.isEmpty() ? "-" : String.join(",", labels)),
                    MetricsDocs.documented(documented, f.name()), "docs/metrics.md's row of " + f.name());
        }
        Set<String> exact = documented.keySet().stream().filter(n -> !n.contains("<")).collect(Collectors.toSet());
        assertTrue(scraped.containsAll(exact), "every family docs/metrics.md documents is in a full scrape: "
                + new TreeSet<>(exact).stream().filter(n -> !scraped.contains(n)).toList());
    }

    @Test
    void everyMetricOfTheGrafanaDashboardIsInAScrape() throws IOException {
        Map<String, ExpositionParser.Family> scrape = scrape(http, "");
        Set<String> sampleNames = scrape.values().stream().flatMap(f -> f.samples().stream())
                .map(ExpositionParser.Sample::name).collect(Collectors.toSet());
        Set<String> used = MetricsDocs.dashboardMetrics();
        assertTrue(used.size() >= 10, "the dashboard uses Medic's metrics: " + used);
        for (String name : used) {
            assertTrue(sampleNames.contains(name), "the dashboard's " + name + " is in a scrape");
        }
    }
}
