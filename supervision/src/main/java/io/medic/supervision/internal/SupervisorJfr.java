package io.medic.supervision.internal;

import io.medic.runtime.Pid;
import io.medic.supervision.SupervisorEvent;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * INTERNAL API
 *
 * <p>Supervisors' events as Java Flight Recorder events ({@code io.medic.Supervisor}), so that a
 * recording started with {@code jcmd <pid> JFR.start} shows restarts, crashes, failed starts and a
 * reached restart intensity beside the JVM's events and the system monitor's (docs/monitoring.md). Each
 * {@link SupervisorEvent} becomes one JFR event carrying its type tag. Recording costs a check of
 * whether the event is enabled when no recording runs; a JVM without a flight recorder records nothing.
 */
final class SupervisorJfr {
    private static volatile boolean available = register();

    private SupervisorJfr() {
    }

    /** Registers the event type, so that a recording's settings name it before the first event. */
    private static boolean register() {
        try {
            FlightRecorder.register(SupervisorJfrEvent.class);
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** Records {@code e}, an event of supervisor {@code supervisor}, if a recording wants it. Never throws. */
    static void record(Pid supervisor, SupervisorEvent e) {
        if (!available) {
            return;
        }
        try {
            SupervisorJfrEvent j = new SupervisorJfrEvent();
            if (!j.isEnabled()) {
                return;
            }
            j.supervisor = supervisor.toString();
            j.eventType = e.type();
            if (e instanceof SupervisorEvent.ChildStarted s) {
                j.childId = s.childId();
                j.pid = s.pid().toString();
                j.restarts = s.restarts();
            } else if (e instanceof SupervisorEvent.ChildCrashed c) {
                j.childId = c.childId();
                j.pid = c.pid().toString();
                j.restarts = c.restarts();
                j.reason = String.valueOf(c.reason());
            } else if (e instanceof SupervisorEvent.ChildTerminated t) {
                j.childId = t.childId();
                j.pid = t.pid() == null ? null : t.pid().toString();
                j.reason = String.valueOf(t.reason());
            } else {
                j.reason = e.toString();
            }
            j.commit();
        } catch (Throwable t) { // no jdk.jfr in this runtime image: never let the recorder break a supervisor
            available = false;
        }
    }

    @Name("io.medic.Supervisor")
    @Label("Supervisor Event")
    @Category({"Medic", "Supervision"})
    @Description("What a Medic supervisor did: a child started or restarted (child_started, restarts > 0), "
            + "crashed, terminated, failed to start or stop, or the restart intensity was reached")
    @StackTrace(false)
    public static final class SupervisorJfrEvent extends Event {
        @Label("Supervisor") String supervisor;
        @Label("Event Type") String eventType;
        @Label("Child Id") String childId;
        @Label("Pid") String pid;
        @Label("Restarts") int restarts;
        @Label("Reason") String reason;
    }
}
