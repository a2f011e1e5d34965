package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
    @Test
    void defaults() {
        HttpSettings s = HttpSettings.fromConfig(ConfigFactory.load());
        assertEquals(10, s.defaultLimit());
        assertEquals(1000, s.maxLimit());
        assertEquals(Duration.ofSeconds(60), s.maxWindow());
        assertEquals(64 * 1024, s.state().maxBytes());
        assertEquals("medic.http.dispatcher", s.dispatcher());
        assertEquals(2, s.scanParallelism());
    }

    @Test
    void everyBadValueIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpSettings.fromConfig(
                ConfigFactory.parseString("medic.http.limits { max-limit = 5000, default-window = 2m, default-timeout = soon }\n"
                        + "medic.http.scan-parallelism = 0")
                        .withFallback(ConfigFactory.load())));
        String m = e.getMessage();
        assertTrue(m.contains("medic.http.limits.max-limit: bad value 5000, expected an integer from 1 to 1000"), m);
        assertTrue(m.contains("medic.http.limits.default-window: bad value 2m"), m);
        assertTrue(m.contains("medic.http.limits.default-timeout: bad value 'soon'"), m);
        assertTrue(m.contains("medic.http.scan-parallelism: bad value 0, expected an integer from 1 to 64"), m);
    }
}
