package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.medic.testing.CastCounter;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A traced message is one line of the trace log, whatever it carries: CR, LF and the other control
 * characters of its text are escaped ({@link LogText#escaped}), so a message read from a socket or a
 * request cannot forge trace lines.
 */
class TraceLineTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void aTracedMessageCannotBreakItsLine() {
        try (Expectation trace = LogCapture.listen("INFO", "io.medic.trace")) {
            Pid pid = GenServer.startSync(node, new CastCounter(), SpawnOptions.DEFAULT, T);
            Sys.trace(pid, true);
            GenServer.cast(pid, "hello\r\n" + pid + " cast: forged\u0000");
            GenServer.call(pid, "sync", T);
            trace.awaitCount(2);
            List<String> lines = trace.messages();
            assertEquals(pid + " cast: hello\\r\\n" + pid + " cast: forged\\u0000", lines.get(0), lines.toString());
            assertFalse(lines.stream().anyMatch(l -> l.chars().anyMatch(Character::isISOControl)), lines.toString());
        }
    }
}
