package io.medic.supervision;

import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import java.time.Duration;
import java.time.Instant;

/**
 * What a supervisor did, kept in a bounded history for introspection (OTP writes these as supervisor
 * reports: {@code child_terminated}, {@code start_error}, {@code shutdown_error},
 * {@code reached_max_restart_intensity}; an automatic shutdown OTP does not report). Each event's time
 * comes from the supervisor's {@link Ticker}.
 */
public sealed interface SupervisorEvent {

    /** When it happened. */
    Instant time();

    /** A child (re)started; {@code restarts} is 0 for the first start. */
    record ChildStarted(Instant time, String childId, Pid pid, int restarts) implements SupervisorEvent {
    }

    /** A child terminated (on its own or because the supervisor stopped it). */
    record ChildTerminated(Instant time, String childId, Pid pid, ExitReason reason) implements SupervisorEvent {
    }

    /** A child's start or restart failed. */
    record StartError(Instant time, String childId, ExitReason reason) implements SupervisorEvent {
    }

    /** A child did not stop as asked: killed after its shutdown timeout, or abandoned while stuck in a handler. */
    record ShutdownError(Instant time, String childId, Pid pid, String detail) implements SupervisorEvent {
    }

    /** More restarts than {@code intensity} within {@code period}: the supervisor shuts down. */
    record IntensityReached(Instant time, int restarts, int intensity, Duration period) implements SupervisorEvent {
    }

    /**
     * A significant child exited by itself and, under {@code autoShutdown}, that ends the supervisor: it
     * shuts down with reason {@code shutdown}.
     */
    record AutoShutdownTriggered(Instant time, String childId, Pid pid, AutoShutdown autoShutdown)
            implements SupervisorEvent {
    }
}
