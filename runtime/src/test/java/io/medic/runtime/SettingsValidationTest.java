package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 2 §2/§4, settings: {@code medic.*} values are validated when the node starts, each error naming
 * the path, the bad value and what was expected; valid values take effect.
 */
class SettingsValidationTest {
    private static final Duration T = Duration.ofSeconds(5);

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "medic.accounting.allocation-sample-every = 3 | medic.accounting.allocation-sample-every | 3 | power of two",
        "medic.accounting.allocation-sample-every = 0 | medic.accounting.allocation-sample-every | 0 | integer from 1",
        "medic.clock.tick = 1ns                      | medic.clock.tick                         | 1ns | duration between",
        "medic.sys.default-timeout = \"abc\"           | medic.sys.default-timeout                | 'abc' | duration such as",
        "medic.call.default-timeout = 0s             | medic.call.default-timeout               | 0s | duration between",
        "medic.sys.max-log-size = -1                 | medic.sys.max-log-size                   | -1 | integer from 1",
        "medic.memory.max-visits = many              | medic.memory.max-visits                  | 'many' | integer from 1",
        "medic.memory.refresh-interval = null        | medic.memory.refresh-interval            | null | duration such as",
    })
    void badValueFailsTheStartNamingPathValueAndExpectation(String setting, String path, String value, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Node.start("settings-validation-test", ConfigFactory.parseString(setting)).close());
        String m = e.getMessage();
        assertTrue(m.contains(path + ": bad value " + value) && m.contains(expected), m);
    }

    @Test
    void allBadValuesAreReportedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Node.start("settings-validation-all", ConfigFactory.parseString(
                        "medic.accounting.allocation-sample-every = 3\n"
                                + "medic.clock.tick = 1ns\n"
                                + "medic.sys.default-timeout = \"abc\"")).close());
        String m = e.getMessage();
        assertTrue(m.contains("medic.accounting.allocation-sample-every: bad value 3")
                && m.contains("medic.clock.tick: bad value 1ns")
                && m.contains("medic.sys.default-timeout: bad value 'abc'"), m);
    }

    @Test
    void validValuesTakeEffect() {
        try (Node node = Node.start("settings-valid-test", ConfigFactory.parseString(
                "medic.sys.max-log-size = 5\nmedic.call.default-timeout = 300ms\nmedic.sys.default-timeout = 250ms"))) {
            assertEquals(5, node.settings().sysMaxLogSize());
            assertEquals(Duration.ofMillis(300), node.settings().callTimeout());
            assertEquals(Duration.ofMillis(250), node.settings().sysTimeout());
            assertEquals(16, node.settings().allocationSampleEvery(), "unset values keep their defaults");

            Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
            Sys.log(pid, 5);
            IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> Sys.log(pid, 6));
            assertTrue(tooBig.getMessage().contains("bad value 6") && tooBig.getMessage().contains("1 to 5"),
                    tooBig.getMessage());

            CallTimeoutException call = assertThrows(CallTimeoutException.class,
                    () -> GenServer.call(pid, Recorder.NO_REPLY));
            assertEquals(Duration.ofMillis(300), call.timeout(), "call without a timeout uses medic.call.default-timeout");

            Gate gate = new Gate();
            GenServer.cast(pid, new Block(gate));
            gate.awaitEntered();
            CallTimeoutException sys = assertThrows(CallTimeoutException.class, () -> Sys.getState(pid));
            assertEquals(Duration.ofMillis(250), sys.timeout(), "sys without a timeout uses medic.sys.default-timeout");
            gate.open();
        } finally {
            Gate.openAll();
        }
    }
}
