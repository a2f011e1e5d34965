package io.medic.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * The tests' log appender, configured as the only console output of every module's
 * {@code logback-test.xml}: log events that a running test <em>expects</em> (crashes it causes on
 * purpose, declared with {@link ExpectLog} or {@link #expect}) are kept in memory for the test to
 * assert on, and printed only if that test fails; every other event at WARN or above (but the system
 * monitor's, see {@link #fromSystemMonitor}) is printed at
 * once, so that a real ERROR stands out in the build's output.
 *
 * <pre>{@code
 * <conversionRule conversionWord="test" converterClass="io.medic.testing.LogCapture$TestName"/>
 * <appender name="CONSOLE" class="io.medic.testing.LogCapture">
 *   <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} [%test] - %msg%n</pattern></encoder>
 * </appender>
 * <root level="WARN"><appender-ref ref="CONSOLE"/></root>
 * }</pre>
 *
 * <p>Events below WARN reach this appender only when a test turns a logger up for its own capture (the
 * trace log, the audit log): they can be expected and asserted on, and are never printed. Which test
 * is running, and so which expectations hold, is set by {@link LogCaptureExtension} (registered for
 * every test class through JUnit's extension auto-detection); tests of one module run one at a time, so
 * one registry serves the whole JVM. Every buffer here is bounded.
 */
public final class LogCapture extends OutputStreamAppender<ILoggingEvent> {
    /** Expected events kept per test for the dump on failure (the most recent ones). */
    static final int KEPT_PER_TEST = 200;

    private static final List<Expectation> EXPECTATIONS = new CopyOnWriteArrayList<>();
    private static final Deque<ILoggingEvent> EXPECTED_IN_TEST = new ArrayDeque<>();
    private static final Object LOCK = new Object();
    private static volatile LogCapture instance;
    private static volatile String currentTest = "-";
    private static int droppedInTest;

    private volatile OutputStream target;

    @Override
    public void start() {
        setOutputStream(new OutputStream() { // System.out as it is at each write: surefire replaces it
            @Override
            public void write(int b) throws IOException {
                out().write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out().write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                out().flush();
            }

            private OutputStream out() {
                OutputStream t = target;
                return t != null ? t : System.out;
            }
        });
        super.start();
        instance = this;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!isStarted()) {
            return;
        }
        if (offer(event)) {
            return;
        }
        if (event.getLevel().isGreaterOrEqual(Level.WARN) && !fromSystemMonitor(event)) {
            subAppend(event);
        }
    }

    /**
     * The system monitor's log ({@code io.medic.monitor}: a long GC, a long handler, a busy dispatcher)
     * reports how the machine running the build is doing, not what the test did: on a loaded build
     * machine it fires in any test. Not printed unless a test expects it (then it is kept, as any
     * expected event).
     */
    private static boolean fromSystemMonitor(ILoggingEvent event) {
        String logger = event.getLoggerName();
        return logger.equals("io.medic.monitor") || logger.startsWith("io.medic.monitor.");
    }

    // ------------------------------------------------------------------ expectations

    /**
     * Expects events at {@code level} from loggers named {@code logger} or below it (empty: any logger)
     * whose message, or the message of an exception in their cause chain, contains {@code text} (empty:
     * any): until the returned expectation is closed, they are kept, not printed.
     */
    public static Expectation expect(String level, String logger, String text) {
        return added(new Expectation(level(level), false, logger, text));
    }

    /**
     * Turns {@code logger} up to {@code level} while the returned expectation is open, and keeps that
     * logger's events at that level: for a test that asserts on what an INFO log (the trace log, the
     * audit log) receives. Closing it restores the logger's level.
     */
    public static Expectation listen(String level, String logger) {
        return turnedUp(expect(level, logger, ""), logger);
    }

    /**
     * As {@link #listen}, but keeps the events at {@code level} <em>and above</em>, and {@code logger}
     * may be empty for every logger of the JVM (the root logger is turned up): for a test that reads
     * everything logged, to show that something (a credential) never reaches any log.
     */
    public static Expectation listenFrom(String level, String logger) {
        return turnedUp(added(new Expectation(level(level), true, logger, "")),
                logger.isEmpty() ? org.slf4j.Logger.ROOT_LOGGER_NAME : logger);
    }

    private static Level level(String level) {
        Level l = Level.toLevel(level, null);
        if (l == null) {
            throw new IllegalArgumentException("level: bad value " + level + ", expected TRACE, DEBUG, INFO, WARN or ERROR");
        }
        return l;
    }

    private static Expectation added(Expectation e) {
        EXPECTATIONS.add(e);
        return e;
    }

    /** Turns {@code logger} up to {@code e}'s level until {@code e} is closed. */
    private static Expectation turnedUp(Expectation e, String logger) {
        ch.qos.logback.classic.Logger l = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(logger);
        Level before = l.getLevel();
        l.setLevel(e.level);
        e.onClose(() -> l.setLevel(before));
        return e;
    }

    static Expectation expect(ExpectLog annotation) {
        return expect(annotation.level(), annotation.logger(), annotation.message());
    }

    /** Whether an event is expected; if it is, every matching expectation keeps it. */
    static boolean offer(ILoggingEvent event) {
        boolean expected = false;
        for (Expectation e : EXPECTATIONS) {
            if (e.matches(event)) {
                if (!expected) {
                    event.prepareForDeferredProcessing();
                }
                e.add(event);
                expected = true;
            }
        }
        if (expected && event.getLevel().isGreaterOrEqual(Level.WARN)) {
            synchronized (LOCK) {
                if (EXPECTED_IN_TEST.size() == KEPT_PER_TEST) {
                    EXPECTED_IN_TEST.removeFirst();
                    droppedInTest++;
                }
                EXPECTED_IN_TEST.addLast(event);
            }
        }
        return expected;
    }

    static void remove(Expectation e) {
        EXPECTATIONS.remove(e);
    }

    // ------------------------------------------------------------------ the running test

    /** Marks the start of a test (or of a class's set-up): its expected events are kept from now on. */
    static void testStarted(String name) {
        synchronized (LOCK) {
            EXPECTED_IN_TEST.clear();
            droppedInTest = 0;
        }
        currentTest = name;
    }

    /** Marks the end of a test; if it failed, the expected events it logged are printed after all. */
    static void testEnded(boolean failed) {
        List<ILoggingEvent> kept;
        int dropped;
        synchronized (LOCK) {
            kept = List.copyOf(EXPECTED_IN_TEST);
            dropped = droppedInTest;
            EXPECTED_IN_TEST.clear();
            droppedInTest = 0;
        }
        LogCapture appender = instance;
        if (failed && !kept.isEmpty() && appender != null && appender.isStarted()) {
            appender.banner("---- " + currentTest + " failed; the log events it expected"
                    + (dropped > 0 ? " (the last " + kept.size() + ", " + dropped + " earlier dropped)" : "") + ":");
            kept.forEach(appender::subAppend);
            appender.banner("---- end of the expected log events of " + currentTest);
        }
        currentTest = "-";
    }

    private void banner(String line) {
        PrintStream p = new PrintStream(getOutputStream(), true, StandardCharsets.UTF_8);
        p.println(line);
        p.flush();
    }

    /** The appender configured in logback-test.xml, once logback has started it (null before). */
    public static LogCapture instance() {
        return instance;
    }

    /**
     * Sends what this appender prints to {@code out} instead of the console until the returned handle is
     * closed: for tests of the logging set-up itself, which must not print into the build's output.
     */
    public AutoCloseable printingTo(OutputStream out) {
        target = out;
        return () -> {
            try {
                out.flush();
            } catch (IOException e) {
                // a test's in-memory stream
            }
            target = null;
        };
    }

    /** The pattern word {@code %test}: the test running when the event was logged, or {@code -}. */
    public static final class TestName extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return currentTest;
        }
    }
}
