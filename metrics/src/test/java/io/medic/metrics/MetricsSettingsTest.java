package io.medic.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.ProcessAttribute;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** medic.metrics: the defaults are the reference.conf's, and every bad value is named at once. */
class MetricsSettingsTest {

    private static MetricsSettings read(String hocon) {
        return MetricsSettings.fromConfig(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()));
    }

    @Test
    void theReferenceConfIsTheDefaults() {
        assertEquals(MetricsSettings.defaults().toString(), read("").toString());
        assertEquals(List.of(ProcessAttribute.MESSAGE_QUEUE_LEN, ProcessAttribute.MEMORY), read("").topKAttributes());
    }

    @Test
    void attributesAreNamedAsTheProcessRoutesNameThem() {
        assertEquals(List.of(ProcessAttribute.MEMORY, ProcessAttribute.BUSY_TIME_US, ProcessAttribute.PORTS),
                read("medic.metrics.top-k-attributes = [memory_bytes, busy_time_us, ports]").topKAttributes());
        assertEquals(List.of(ProcessAttribute.MEMORY), read("medic.metrics.top-k-attributes = [memory]").topKAttributes(),
                "recon's own word");
    }

    @Test
    void everyBadValueIsReportedWithItsPathAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(String.join("\n",
                "medic.metrics.top-k = 1000",
                "medic.metrics.top-k-attributes = [message_queue_len, heap, message_queue_len]",
                "medic.metrics.max-behaviours = 0",
                "medic.metrics.jvm = maybe",
                "medic.metrics.supervision-timeout = 2h",
                "medic.metrics.max-label-length = 3")));
        String m = e.getMessage();
        assertTrue(m.startsWith("invalid Medic metrics configuration: "), m);
        for (String part : new String[] {
                "medic.metrics.top-k: bad value 1000, expected an integer from 0 to 100",
                "medic.metrics.top-k-attributes: bad value 'heap', expected one of message_queue_len, reductions, memory_bytes",
                "medic.metrics.top-k-attributes: 'message_queue_len' appears twice",
                "medic.metrics.max-behaviours: bad value 0, expected an integer from 1 to 10000",
                "medic.metrics.jvm: bad value 'maybe', expected on or off",
                "medic.metrics.supervision-timeout: bad value 2h, expected a duration between PT0.001S and PT30S",
                "medic.metrics.max-label-length: bad value 3, expected an integer from 16 to 1000"}) {
            assertTrue(m.contains(part), "names " + part + ": " + m);
        }
    }

    @Test
    void aBadValueStopsTheServersStartNamingIt() {
        io.medic.runtime.Node node = io.medic.runtime.Node.start("metrics-bad", ConfigFactory.parseString(
                "akka.management.http.port = 0\nmedic.metrics.top-k = 1000"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> io.medic.introspection.MedicManagement.start(node));
        assertTrue(e.getMessage().contains("medic.http.extensions.metrics: '" + MetricsRoutes.class.getName()
                + "': its constructor failed: java.lang.IllegalArgumentException: invalid Medic metrics configuration: "
                + "medic.metrics.top-k: bad value 1000, expected an integer from 0 to 100"), e.getMessage());
    }

    @Test
    void copiesCheckTheirValues() {
        MetricsSettings s = MetricsSettings.defaults().withTopK(3, List.of(ProcessAttribute.REDUCTIONS))
                .withRegisteredProcesses(false, 0).withSupervisors(true, 5, Duration.ofMillis(500)).withJvm(false);
        assertEquals(3, s.topK());
        assertEquals(List.of(ProcessAttribute.REDUCTIONS), s.topKAttributes());
        assertEquals(Duration.ofMillis(500), s.supervisionTimeout());
        assertEquals("top-k: bad value 101, expected an integer from 0 to 100",
                assertThrows(IllegalArgumentException.class, () -> s.withTopK(101, List.of())).getMessage());
        assertEquals("max-behaviours: bad value -1, expected an integer from 1 to 10000",
                assertThrows(IllegalArgumentException.class, () -> s.withMaxBehaviours(-1)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.withTopK(1, List.of(ProcessAttribute.PORTS,
                ProcessAttribute.PORTS))).getMessage().startsWith("top-k-attributes: bad value [PORTS, PORTS]"));
    }
}
