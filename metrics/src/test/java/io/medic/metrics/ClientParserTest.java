package io.medic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.supervision.Applications;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.expositionformats.generated.com_google_protobuf_4_36_2.Metrics;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus Java client 1.x ships exposition writers but no text-format parser (its modules:
 * model, core, config, exposition-textformats — writers only — exposition-formats — the protobuf
 * writer and its generated protobuf classes — exporters and instrumentations). So one scrape of a node
 * is written twice by the client, as the text format and as the protobuf format, and read back twice:
 * the text by this project's parser of the specification ({@link ExpositionParser}), the protobuf by
 * the client's own generated protobuf classes. The two must hold the same samples, to the bit.
 */
class ClientParserTest {
    private static ScrapeHttp http;

    @BeforeAll
    static void start() {
        http = ScrapeHttp.start("client-parser", "");
        MetricsRouteTest.startFixture(http);
        assertTrue(Applications.of(http.node).allStarted());
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void theTextAndTheClientsOwnProtobufReadingAgree() throws IOException {
        MetricSnapshots scrape = MedicMetrics.of(http.node).scrape();
        ExpositionFormats formats = ExpositionFormats.init();

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        formats.getPrometheusTextFormatWriter().write(text, scrape);
        Map<String, Double> fromText = new TreeMap<>();
        for (ExpositionParser.Family f : ExpositionParser.prometheus(text.toString(StandardCharsets.UTF_8)).values()) {
            for (ExpositionParser.Sample s : f.samples()) {
                fromText.put(key(s.name(), s.labels()), s.value());
            }
        }

        assertTrue(formats.getPrometheusProtobufWriter().isAvailable(), "the protobuf writer is on the test classpath");
        ByteArrayOutputStream protobuf = new ByteArrayOutputStream();
        formats.getPrometheusProtobufWriter().write(protobuf, scrape);
        Map<String, Double> fromProtobuf = new TreeMap<>();
        ByteArrayInputStream in = new ByteArrayInputStream(protobuf.toByteArray());
        Metrics.MetricFamily f;
        int families = 0;
        while ((f = Metrics.MetricFamily.parseDelimitedFrom(in)) != null) {
            families++;
            for (Metrics.Metric m : f.getMetricList()) {
                Map<String, String> labels = new TreeMap<>();
                m.getLabelList().forEach(l -> labels.put(l.getName(), l.getValue()));
                samples(f, m, labels, fromProtobuf);
            }
        }
        assertTrue(families >= 60, "Medic's and the JVM's families: " + families);
        assertTrue(fromText.keySet().stream().anyMatch(k -> k.startsWith("medic_supervisor_up{")), fromText.keySet().toString());
        assertEquals(fromProtobuf, fromText);
    }

    /** The samples one protobuf metric stands for in the text format. */
    private static void samples(Metrics.MetricFamily f, Metrics.Metric m, Map<String, String> labels, Map<String, Double> out) {
        String n = f.getName();
        switch (f.getType()) {
            case GAUGE -> out.put(key(n, labels), m.getGauge().getValue());
            case COUNTER -> out.put(key(n.endsWith("_total") ? n : n + "_total", labels), m.getCounter().getValue());
            case UNTYPED -> out.put(key(n, labels), m.getUntyped().getValue());
            case SUMMARY -> {
                out.put(key(n + "_count", labels), (double) m.getSummary().getSampleCount());
                out.put(key(n + "_sum", labels), m.getSummary().getSampleSum());
                for (Metrics.Quantile q : m.getSummary().getQuantileList()) {
                    Map<String, String> withQ = new TreeMap<>(labels);
                    withQ.put("quantile", String.valueOf(q.getQuantile()));
                    out.put(key(n, withQ), q.getValue());
                }
            }
            default -> throw new AssertionError("a family of type " + f.getType() + " was not expected: " + n);
        }
    }

    private static String key(String name, Map<String, String> labels) {
        return name + new TreeMap<>(labels);
    }
}
