package io.medic.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares log events that a test method (or every test of a class, its set-up and tear-down included)
 * causes on purpose, typically the crash report of a process it crashes: from the start of the test (or
 * class) until the next one starts — a crash report may be logged just after the test that caused it
 * ended — matching events are kept by {@link LogCapture} instead of being printed. An event matches on its level, its logger
 * (this name or below it; empty: any), and text found in its message or in an exception of its cause
 * chain (its message or class name; empty: any). Declare what the test causes, as narrowly as reads
 * well: whatever else is logged at WARN or above still reaches the console.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(ExpectLog.List.class)
public @interface ExpectLog {
    /**
     * The logger of a process's crash report (any Medic process: a GenServer, a supervisor, a plain
     * behaviour): {@code crash report 7: gen_server <0.5.0> (Class) terminating with reason ...}.
     */
    String CRASH_REPORT = "io.medic.crash";

    /** The logger of Akka's report of a plain behaviour's failure: {@code Supervisor StopSupervisor saw failure}. */
    String AKKA_FAILURE = "akka.actor.typed.Behavior";

    /**
     * The logger of what Akka logs for a plain behaviour through its context ({@code context.getLog()}):
     * the context's logger is named after Medic's wrapper. (The failure of a plain behaviour is its crash
     * report: {@link #CRASH_REPORT}.)
     */
    String PLAIN_FAILURE = "io.medic.runtime.internal.PlainProcess";

    /** The level: ERROR, WARN, INFO, DEBUG or TRACE. */
    String level() default "ERROR";

    /** A logger name; events of this logger and of the loggers below it match. Empty: any logger. */
    String logger() default "";

    /** Text that the message, or an exception of the cause chain, contains. Empty: any. */
    String message() default "";

    /** The container of repeated {@link ExpectLog}s. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @interface List {
        ExpectLog[] value();
    }
}
