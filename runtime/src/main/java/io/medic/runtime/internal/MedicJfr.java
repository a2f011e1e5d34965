package io.medic.runtime.internal;

import io.medic.runtime.CrashReport;
import io.medic.runtime.monitor.BusyDispatcher;
import io.medic.runtime.monitor.LargeState;
import io.medic.runtime.monitor.LongGc;
import io.medic.runtime.monitor.LongMessageQueue;
import io.medic.runtime.monitor.LongSchedule;
import io.medic.runtime.monitor.MonitorEvent;
import java.util.List;
import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * INTERNAL API
 *
 * <p>Medic's events as Java Flight Recorder events, so that a recording started with
 * {@code jcmd <pid> JFR.start} shows them beside the JVM's own in JDK Mission Control (under
 * "Medic"): the system monitor's five, and every crash report (GET /medic/crashes/{id} has the whole
 * report; the event carries its id). An event costs a check of whether it is
 * enabled when no recording runs. Registered when a node starts; if the JVM has no flight recorder
 * (a runtime image without {@code jdk.jfr}) nothing is recorded.
 */
public final class MedicJfr {
    private static volatile boolean available = true;

    private MedicJfr() {
    }

    /** Registers Medic's runtime event types with the flight recorder (idempotent). */
    static void register() {
        try {
            for (Class<? extends Event> c : List.of(LongGcEvent.class, LongScheduleEvent.class,
                    LongMessageQueueEvent.class, LargeStateEvent.class, BusyDispatcherEvent.class,
                    ProcessCrashEvent.class)) {
                FlightRecorder.register(c);
            }
        } catch (Throwable e) { // no jdk.jfr in this runtime image, or recording not allowed
            available = false;
        }
    }

    /** Records a monitor event, if a recording wants it. */
    static void record(MonitorEvent e) {
        if (!available) {
            return;
        }
        try {
            if (e instanceof LongGc g) {
                LongGcEvent j = new LongGcEvent();
                if (j.isEnabled()) {
                    j.eventId = g.id();
                    j.collector = g.collector();
                    j.action = g.action();
                    j.cause = g.cause();
                    j.gcDuration = g.durationMs();
                    j.heapBefore = g.heapBeforeBytes();
                    j.heapAfter = g.heapAfterBytes();
                    j.commit();
                }
            } else if (e instanceof LongSchedule s) {
                LongScheduleEvent j = new LongScheduleEvent();
                if (j.isEnabled()) {
                    j.eventId = s.id();
                    j.pid = s.pid().toString();
                    j.registeredName = s.registeredName();
                    j.messageType = s.messageType();
                    j.runDuration = s.durationMs();
                    j.threadName = s.thread();
                    j.stack = String.join("\n", s.stack());
                    j.commit();
                }
            } else if (e instanceof LongMessageQueue q) {
                LongMessageQueueEvent j = new LongMessageQueueEvent();
                if (j.isEnabled()) {
                    j.eventId = q.id();
                    j.pid = q.pid().toString();
                    j.registeredName = q.registeredName();
                    j.messageQueueLen = q.messageQueueLen();
                    j.alarm = q.alarm();
                    j.commit();
                }
            } else if (e instanceof LargeState l) {
                LargeStateEvent j = new LargeStateEvent();
                if (j.isEnabled()) {
                    j.eventId = l.id();
                    j.pid = l.pid().toString();
                    j.registeredName = l.registeredName();
                    j.memory = l.memoryBytes();
                    j.threshold = l.thresholdBytes();
                    j.commit();
                }
            } else if (e instanceof BusyDispatcher b) {
                BusyDispatcherEvent j = new BusyDispatcherEvent();
                if (j.isEnabled()) {
                    j.eventId = b.id();
                    j.dispatcher = b.dispatcher();
                    j.busyThreads = b.busyThreads();
                    j.threads = b.threads();
                    j.busyFor = b.busyForMs();
                    j.busy = b.busy();
                    j.commit();
                }
            }
        } catch (Throwable t) {
            available = false; // never let the recorder break a detector
        }
    }

    /**
     * A crash report was written (a process exited abnormally: {@link CrashLog}): recorded as a
     * {@code io.medic.ProcessCrash} event. A check of whether the event is enabled when no recording runs.
     */
    static void crash(CrashReport report) {
        if (!available) {
            return;
        }
        try {
            ProcessCrashEvent j = new ProcessCrashEvent();
            if (j.isEnabled()) {
                j.reportId = report.id();
                j.pid = report.pid().toString();
                j.registeredName = report.registeredName();
                j.initialCall = report.initialCall();
                j.reason = report.reason();
                j.errorClass = report.errorClass();
                j.lastMessageType = report.lastMessageType();
                j.restarts = report.restarts();
                j.commit();
            }
        } catch (Throwable t) {
            available = false;
        }
    }

    @Name("io.medic.LongGc")
    @Label("Long GC")
    @Category({"Medic", "System Monitor"})
    @Description("A garbage collection at or above medic.monitor.long-gc.threshold (Erlang's long_gc)")
    @StackTrace(false)
    public static final class LongGcEvent extends Event {
        @Label("Event Id") long eventId;
        @Label("Collector") String collector;
        @Label("Action") String action;
        @Label("Cause") String cause;
        @Label("GC Duration") @Timespan(Timespan.MILLISECONDS) long gcDuration;
        @Label("Heap Before") @DataAmount long heapBefore;
        @Label("Heap After") @DataAmount long heapAfter;
    }

    @Name("io.medic.LongSchedule")
    @Label("Long Schedule")
    @Category({"Medic", "System Monitor"})
    @Description("A Medic handler running for medic.monitor.long-schedule.threshold or more (Erlang's long_schedule)")
    @StackTrace(false)
    public static final class LongScheduleEvent extends Event {
        @Label("Event Id") long eventId;
        @Label("Pid") String pid;
        @Label("Registered Name") String registeredName;
        @Label("Message Type") String messageType;
        @Label("Run Duration") @Timespan(Timespan.MILLISECONDS) long runDuration;
        @Label("Thread Name") String threadName;
        @Label("Stack") String stack;
    }

    @Name("io.medic.LongMessageQueue")
    @Label("Long Message Queue")
    @Category({"Medic", "System Monitor"})
    @Description("A mailbox reaching medic.monitor.long-message-queue.enable (alarm true) or back to disable (alarm false)")
    @StackTrace(false)
    public static final class LongMessageQueueEvent extends Event {
        @Label("Event Id") long eventId;
        @Label("Pid") String pid;
        @Label("Registered Name") String registeredName;
        @Label("Message Queue Length") long messageQueueLen;
        @Label("Alarm") boolean alarm;
    }

    @Name("io.medic.LargeState")
    @Label("Large State")
    @Category({"Medic", "System Monitor"})
    @Description("A process whose memory estimate reached medic.monitor.large-state.threshold (Erlang's large_heap)")
    @StackTrace(false)
    public static final class LargeStateEvent extends Event {
        @Label("Event Id") long eventId;
        @Label("Pid") String pid;
        @Label("Registered Name") String registeredName;
        @Label("Memory") @DataAmount long memory;
        @Label("Threshold") @DataAmount long threshold;
    }

    @Name("io.medic.BusyDispatcher")
    @Label("Busy Dispatcher")
    @Category({"Medic", "System Monitor"})
    @Description("Every thread of a dispatcher busy in Medic handlers for medic.monitor.busy-dispatcher.threshold or more")
    @StackTrace(false)
    public static final class BusyDispatcherEvent extends Event {
        @Label("Event Id") long eventId;
        @Label("Dispatcher") String dispatcher;
        @Label("Busy Threads") int busyThreads;
        @Label("Threads") int threads;
        @Label("Busy For") @Timespan(Timespan.MILLISECONDS) long busyFor;
        @Label("Busy") boolean busy;
    }

    @Name("io.medic.ProcessCrash")
    @Label("Process Crash")
    @Category({"Medic", "Processes"})
    @Description("A Medic process exiting with an abnormal reason (not normal, shutdown or killed)")
    @StackTrace(false)
    public static final class ProcessCrashEvent extends Event {
        @Label("Crash Report Id") long reportId;
        @Label("Pid") String pid;
        @Label("Registered Name") String registeredName;
        @Label("Initial Call") String initialCall;
        @Label("Reason") String reason;
        @Label("Error Class") String errorClass;
        @Label("Last Message Type") String lastMessageType;
        @Label("Restarts") int restarts;
    }
}
