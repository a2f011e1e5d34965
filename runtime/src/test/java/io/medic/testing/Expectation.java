package io.medic.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import java.util.ArrayList;
import java.util.List;

/**
 * Log events a test causes on purpose (made by {@link LogCapture#expect} or {@link ExpectLog}): while
 * it is open, matching events are kept here instead of being printed. Tests assert on them where they
 * matter ({@link #messages()}, {@link #awaitCount}). Keeps at most {@link #KEPT} events; counts all.
 */
public final class Expectation implements AutoCloseable {
    /** Events kept per expectation; more are counted, not kept. */
    public static final int KEPT = 1000;

    final Level level;
    private final boolean andAbove;
    private final String logger;
    private final String text;
    private final List<ILoggingEvent> events = new ArrayList<>();
    private int count;
    private volatile Runnable onClose = () -> { };

    /** {@code andAbove}: events of {@code level} and of every level above it match. */
    Expectation(Level level, boolean andAbove, String logger, String text) {
        this.level = level;
        this.andAbove = andAbove;
        this.logger = logger == null ? "" : logger;
        this.text = text == null ? "" : text;
    }

    boolean matches(ILoggingEvent event) {
        return (andAbove ? event.getLevel().isGreaterOrEqual(level) : event.getLevel().equals(level))
                && (logger.isEmpty() || event.getLoggerName().equals(logger)
                        || event.getLoggerName().startsWith(logger + ".") || event.getLoggerName().startsWith(logger + "$"))
                && (text.isEmpty() || contains(event));
    }

    private boolean contains(ILoggingEvent event) {
        if (event.getFormattedMessage() != null && event.getFormattedMessage().contains(text)) {
            return true;
        }
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(text) || t.getClassName().contains(text)) {
                return true;
            }
        }
        return false;
    }

    synchronized void add(ILoggingEvent event) {
        count++;
        if (events.size() < KEPT) {
            events.add(event);
        }
    }

    /** How many matching events were logged so far. */
    public synchronized int count() {
        return count;
    }

    /** The kept events, in the order they were logged. */
    public synchronized List<ILoggingEvent> events() {
        return List.copyOf(events);
    }

    /** The formatted messages of the kept events. */
    public synchronized List<String> messages() {
        return events.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Waits (up to {@link Await#DEADLINE}) until at least {@code n} matching events were logged. */
    public void awaitCount(int n) {
        Await.until(() -> n + " log event(s) " + this + "; got " + messages(), () -> count() >= n);
    }

    void onClose(Runnable action) {
        onClose = action;
    }

    /** Stops expecting: matching events are printed again (and a logger turned up by {@code listen} is restored). */
    @Override
    public void close() {
        LogCapture.remove(this);
        onClose.run();
    }

    @Override
    public String toString() {
        return level + (andAbove ? " and above" : "") + (logger.isEmpty() ? "" : " from " + logger) + (text.isEmpty() ? "" : " containing \"" + text + "\"");
    }
}
