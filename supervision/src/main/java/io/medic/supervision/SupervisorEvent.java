package io.medic.supervision;

import io.medic.runtime.CrashReport;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a supervisor did, kept in a bounded history for introspection: OTP's supervisor reports
 * ({@code supervisor_report} with its {@code errorContext}: {@code child_terminated}, {@code start_error},
 * {@code shutdown_error}, {@code reached_max_restart_intensity}) and progress reports
 * ({@code started}), as typed records. Each carries its {@link #type() type tag} as its first component
 * — so every rendering of an event, JSON included, says what it is — and its time, from the
 * supervisor's {@link Ticker}. Each record has a constructor without the tag, which fills it in; the
 * canonical one refuses any other tag.
 *
 * <table>
 *   <caption>The tags, and OTP's reports</caption>
 *   <tr><th>{@code type}</th><th>record</th><th>OTP</th></tr>
 *   <tr><td>{@code child_started}</td><td>{@link ChildStarted}</td><td>progress report {@code started}</td></tr>
 *   <tr><td>{@code child_crashed}</td><td>{@link ChildCrashed}</td><td>{@code child_terminated} (an abnormal exit)</td></tr>
 *   <tr><td>{@code child_terminated}</td><td>{@link ChildTerminated}</td><td>none (OTP reports only abnormal exits)</td></tr>
 *   <tr><td>{@code start_error}</td><td>{@link StartError}</td><td>{@code start_error}</td></tr>
 *   <tr><td>{@code shutdown_error}</td><td>{@link ShutdownError}</td><td>{@code shutdown_error}</td></tr>
 *   <tr><td>{@code intensity_reached}</td><td>{@link IntensityReached}</td><td>{@code reached_max_restart_intensity}</td></tr>
 *   <tr><td>{@code auto_shutdown}</td><td>{@link AutoShutdownTriggered}</td><td>none</td></tr>
 * </table>
 */
public sealed interface SupervisorEvent {

    /** The type tag: {@code child_started}, {@code child_crashed}, ... (see the table above). */
    String type();

    /** When it happened. */
    Instant time();

    /** A child (re)started; {@code restarts} is 0 for the first start. */
    record ChildStarted(String type, Instant time, String childId, Pid pid, int restarts) implements SupervisorEvent {
        public static final String TYPE = "child_started";

        public ChildStarted {
            tag(TYPE, type);
        }

        public ChildStarted(Instant time, String childId, Pid pid, int restarts) {
            this(TYPE, time, childId, pid, restarts);
        }
    }

    /**
     * A child exited on its own with an abnormal reason — it crashed, or something other than its
     * supervisor killed it: OTP's {@code child_terminated} supervisor report. Kept, besides the event
     * history, in the child's own crash history, across its incarnations ({@link ChildInfo#crashes()}).
     *
     * @param childId  the child
     * @param pid      the incarnation that crashed
     * @param reason   its exit reason
     * @param restarts how many times the supervisor had restarted the child before that incarnation
     * @param report   the crash report it wrote — its stack trace, last message, state... — or null when
     *                 it wrote none: a killed process runs none of its code (as in OTP, where a killed
     *                 child leaves no crash report, only the supervisor's)
     */
    record ChildCrashed(String type, Instant time, String childId, Pid pid, ExitReason reason, int restarts,
                        CrashReport report) implements SupervisorEvent {
        public static final String TYPE = "child_crashed";

        public ChildCrashed {
            tag(TYPE, type);
            Objects.requireNonNull(reason, "reason");
        }

        public ChildCrashed(Instant time, String childId, Pid pid, ExitReason reason, int restarts, CrashReport report) {
            this(TYPE, time, childId, pid, reason, restarts, report);
        }
    }

    /**
     * A child terminated normally ({@code normal}, {@code shutdown}, {@code {shutdown, _}}), or because
     * the supervisor stopped it (whatever the reason it ended with).
     */
    record ChildTerminated(String type, Instant time, String childId, Pid pid, ExitReason reason)
            implements SupervisorEvent {
        public static final String TYPE = "child_terminated";

        public ChildTerminated {
            tag(TYPE, type);
        }

        public ChildTerminated(Instant time, String childId, Pid pid, ExitReason reason) {
            this(TYPE, time, childId, pid, reason);
        }
    }

    /** A child's start or restart failed. */
    record StartError(String type, Instant time, String childId, ExitReason reason) implements SupervisorEvent {
        public static final String TYPE = "start_error";

        public StartError {
            tag(TYPE, type);
        }

        public StartError(Instant time, String childId, ExitReason reason) {
            this(TYPE, time, childId, reason);
        }
    }

    /** A child did not stop as asked: killed after its shutdown timeout, or abandoned while stuck in a handler. */
    record ShutdownError(String type, Instant time, String childId, Pid pid, String detail) implements SupervisorEvent {
        public static final String TYPE = "shutdown_error";

        public ShutdownError {
            tag(TYPE, type);
        }

        public ShutdownError(Instant time, String childId, Pid pid, String detail) {
            this(TYPE, time, childId, pid, detail);
        }
    }

    /** More restarts than {@code intensity} within {@code period}: the supervisor shuts down. */
    record IntensityReached(String type, Instant time, int restarts, int intensity, Duration period)
            implements SupervisorEvent {
        public static final String TYPE = "intensity_reached";

        public IntensityReached {
            tag(TYPE, type);
        }

        public IntensityReached(Instant time, int restarts, int intensity, Duration period) {
            this(TYPE, time, restarts, intensity, period);
        }
    }

    /**
     * A significant child exited by itself and, under {@code autoShutdown}, that ends the supervisor: it
     * shuts down with reason {@code shutdown}.
     */
    record AutoShutdownTriggered(String type, Instant time, String childId, Pid pid, AutoShutdown autoShutdown)
            implements SupervisorEvent {
        public static final String TYPE = "auto_shutdown";

        public AutoShutdownTriggered {
            tag(TYPE, type);
        }

        public AutoShutdownTriggered(Instant time, String childId, Pid pid, AutoShutdown autoShutdown) {
            this(TYPE, time, childId, pid, autoShutdown);
        }
    }

    /** Refuses a tag that is not the record's own, naming both. */
    private static void tag(String expected, String type) {
        if (!expected.equals(type)) {
            throw new IllegalArgumentException("type: bad value " + type + ", expected " + expected);
        }
    }
}
