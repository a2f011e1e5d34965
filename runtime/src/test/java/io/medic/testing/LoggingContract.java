package io.medic.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What every module's {@code logback-test.xml} must do, checked in each module by a {@code LoggingTest}
 * that extends this class: the console shows every unexpected WARN and ERROR (with its stack trace and
 * the test that logged it), and hides what a test declares it causes — a real ERROR stands out, the
 * crashes caused on purpose do not bury it. Nothing here prints into the build's output: the appender
 * prints into a buffer for the duration of each check.
 */
public abstract class LoggingContract {
    private static final String LOGGER = "io.medic.testing.contract";
    private final org.slf4j.Logger log = LoggerFactory.getLogger(LOGGER);

    private static LogCapture capture() {
        LogCapture capture = LogCapture.instance();
        assertNotNull(capture, "logback-test.xml must configure io.medic.testing.LogCapture");
        return capture;
    }

    /** What the console would show while {@code logging} runs. */
    private static String printed(Runnable logging) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AutoCloseable redirected = capture().printingTo(out);
        try {
            logging.run();
        } finally {
            redirected.close();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theRootLoggerWritesToTheConsoleOnlyThroughTheCapture() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<String> consoles = new ArrayList<>();
        boolean captured = false;
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            captured |= a == capture();
            if (a instanceof ConsoleAppender) {
                consoles.add(a.getName());
            }
        }
        assertTrue(captured, "the root logger's appenders include io.medic.testing.LogCapture");
        assertEquals(List.of(), consoles, "a ConsoleAppender beside the capture would print expected crashes");
    }

    @Test
    void anUnexpectedErrorReachesTheConsoleWithItsStackTraceAndTheTestThatLoggedIt() throws Exception {
        String out = printed(() -> log.error("a real error", new IllegalStateException("the cause")));
        assertTrue(out.contains("ERROR") && out.contains("a real error"), out);
        assertTrue(out.contains("java.lang.IllegalStateException: the cause") && out.contains("\tat "), out);
        assertTrue(out.contains("[" + getClass().getSimpleName()
                + ".anUnexpectedErrorReachesTheConsoleWithItsStackTraceAndTheTestThatLoggedIt]"), out);
        assertTrue(printed(() -> log.warn("a real warning")).contains("a real warning"));
    }

    @Test
    void anExpectedErrorIsKeptForTheTestNotPrinted() throws Exception {
        try (Expectation crash = LogCapture.expect("ERROR", LOGGER, "on purpose")) {
            String out = printed(() -> {
                log.error("GenServer <0.1.0> terminating", new IllegalStateException("crash on purpose"));
                log.error("crash on purpose, in the message");
                log.warn("a warning on purpose: another level, so not expected");
                LoggerFactory.getLogger("io.medic.elsewhere").error("on purpose, but from another logger");
            });
            assertEquals(2, crash.count());
            assertEquals(List.of("GenServer <0.1.0> terminating", "crash on purpose, in the message"), crash.messages());
            assertFalse(out.contains("terminating") || out.contains("in the message"), out);
            assertTrue(out.contains("a warning on purpose") && out.contains("from another logger"),
                    "what the expectation does not match is printed: " + out);
        }
        assertTrue(printed(() -> log.error("crash on purpose, after the expectation closed"))
                .contains("after the expectation closed"), "an expectation ends when it is closed");
    }

    @Test
    @ExpectLog(logger = LOGGER, message = "declared by the annotation")
    void anExpectLogAnnotationHoldsForItsTest() throws Exception {
        assertEquals("", printed(() -> log.error("declared by the annotation")));
        assertTrue(printed(() -> log.error("something else")).contains("something else"));
    }

    @Test
    void aFailedTestPrintsTheEventsItExpected() throws Exception {
        try (Expectation crash = LogCapture.expect("ERROR", LOGGER, "kept")) {
            String out = printed(() -> {
                log.error("kept until the test fails");
                LogCapture.testEnded(true);
            });
            assertEquals(1, crash.count());
            assertTrue(out.contains("failed; the log events it expected") && out.contains("kept until the test fails"), out);
        }
    }

    @Test
    void aBadLevelIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogCapture.expect("FATAL", LOGGER, ""));
        assertEquals("level: bad value FATAL, expected TRACE, DEBUG, INFO, WARN or ERROR", e.getMessage());
    }
}
