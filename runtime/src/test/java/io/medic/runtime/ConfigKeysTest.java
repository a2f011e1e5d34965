package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 §3: a misspelled key under {@code medic { }} is not silently ignored. The node warns at
 * start-up naming the key and the nearest known key; {@code medic.strict-config = on} makes it an error.
 */
class ConfigKeysTest {

    /** The warnings of the start-up check while {@code settings} start a node (which is then closed). */
    private static java.util.List<String> warningsStarting(String name, String settings) {
        try (Expectation warnings = LogCapture.expect("WARN", "io.medic.runtime", "is not a Medic setting")) {
            Node.start(name, ConfigFactory.parseString(settings)).close();
            return warnings.messages();
        }
    }

    @Test
    void aMisspelledKeyIsAWarningNamingItAndTheNearestKnownKeyAndTheNodeStarts() {
        assertEquals(java.util.List.of("medic.call.default-timout is not a Medic setting and is ignored; did you mean"
                        + " medic.call.default-timeout? (medic.strict-config = on makes an unknown key an error)"),
                warningsStarting("config-keys-warn", "medic.call.default-timout = 3s"));
    }

    @Test
    void strictConfigMakesEveryUnknownKeyAStartErrorNamingEach() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Node.start("config-keys-strict",
                ConfigFactory.parseString("medic.strict-config = on\nmedic.call.default-timout = 3s\n"
                        + "medic.sys.max-log-sise = 10")).close());
        assertEquals("invalid Medic configuration (medic.strict-config = on): medic.call.default-timout: unknown key,"
                + " expected one that a reference.conf defines; the nearest is medic.call.default-timeout;"
                + " medic.sys.max-log-sise: unknown key, expected one that a reference.conf defines; the nearest is"
                + " medic.sys.max-log-size", e.getMessage());
    }

    @Test
    void aMisspelledSectionIsReportedOnceAtItsFirstUnknownSegment() {
        assertEquals(java.util.List.of("medic.sis is not a Medic setting and is ignored; did you mean medic.sys?"
                        + " (medic.strict-config = on makes an unknown key an error)"),
                warningsStarting("config-keys-section", "medic.sis { max-log-size = 5, default-timeout = 1s }"));
    }

    @Test
    void knownKeysAndKeysOfAnOpenSectionPassSilentlyEvenWhenStrict() {
        assertEquals(java.util.List.of(), warningsStarting("config-keys-known", String.join("\n",
                "medic.strict-config = on",
                "medic.sys { max-log-size = 50, default-timeout = 2s }",
                "medic.call.default-timeout = 4s",
                "medic.mailbox.stash-capacity = 100")));
    }

    @Test
    void controlCharactersInAKeyAreEscapedInTheWarning() {
        java.util.List<String> warnings = warningsStarting("config-keys-control", "medic.call.\"time\\nout\" = 1s");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("medic.call.time\\u000aout is not a Medic setting"), warnings.get(0));
        assertFalse(warnings.get(0).contains("\n"), "no raw line break reaches the log");
    }
}
