package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.Node;
import io.medic.supervision.internal.SupervisionSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** medic.supervision is validated like Medic's other sections: path, bad value, expectation. */
class SupervisionSettingsTest {
    @Test
    void defaults() {
        try (Node node = Node.start("supervision-settings-defaults")) {
            SupervisionSettings s = SupervisionSettings.of(node);
            assertEquals(Duration.ofSeconds(1), s.killGrace);
            assertEquals(Duration.ofSeconds(60), s.applicationStopTimeout);
        }
    }

    @Test
    void badValuesAreNamed() {
        try (Node node = Node.start("supervision-settings-bad", ConfigFactory.parseString(
                "medic.supervision { kill-grace = -1s, application-stop-timeout = soon }"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SupervisionSettings.of(node));
            String m = e.getMessage();
            assertTrue(m.contains("medic.supervision.kill-grace: bad value -1s, expected a duration between PT0S and PT1H"), m);
            assertTrue(m.contains("medic.supervision.application-stop-timeout: bad value 'soon'"), m);
        }
    }
}
