package io.medic.introspection;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Every event of one logger (and its children) while open, at {@code level} and above, kept in memory
 * instead of reaching the build's output: the logger's own appenders and its parents' are bypassed, so
 * the warnings a test provokes on purpose do not look like real ones. Restores the logger on close.
 */
final class CapturedLog implements AutoCloseable {
    private final Logger logger;
    private final Level level;
    private final boolean additive;
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private CapturedLog(String name, Level newLevel) {
        logger = (Logger) LoggerFactory.getLogger(name);
        level = logger.getLevel();
        additive = logger.isAdditive();
        for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
            detached.add(it.next());
        }
        detached.forEach(logger::detachAppender);
        appender.start();
        logger.addAppender(appender);
        logger.setAdditive(false);
        logger.setLevel(newLevel);
    }

    /** Captures {@code name} and its children from {@code level} up. */
    static CapturedLog of(String name, Level level) {
        return new CapturedLog(name, level);
    }

    /** Captures everything logged anywhere (the root logger) from {@code level} up. */
    static CapturedLog all(Level level) {
        return new CapturedLog(org.slf4j.Logger.ROOT_LOGGER_NAME, level);
    }

    /** The events so far. */
    List<ILoggingEvent> events() {
        synchronized (appender) {
            return List.copyOf(appender.list);
        }
    }

    /** The events so far at exactly {@code level}. */
    List<ILoggingEvent> at(Level level) {
        return events().stream().filter(e -> e.getLevel() == level).toList();
    }

    /** Every event's text: logger, formatted message, and its throwable's messages and stack. */
    static String text(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        detached.forEach(logger::addAppender);
        logger.setAdditive(additive);
        logger.setLevel(level);
    }
}
