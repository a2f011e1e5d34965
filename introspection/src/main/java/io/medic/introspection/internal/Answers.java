package io.medic.introspection.internal;

import com.fasterxml.jackson.databind.util.RawValue;
import io.medic.introspection.ProcessSample;
import io.medic.runtime.CrashReport;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.SysEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API
 *
 * <p>The JSON shapes of the {@code /medic} answers that are not a public API record. Field names are
 * written in snake_case.
 */
public final class Answers {
    private Answers() {
    }

    /**
     * The index of the API ({@code GET /medic}).
     *
     * @param medicVersion Medic's version
     * @param node         the node's name
     * @param readOnly     whether the mutating routes are off ({@code akka.management.http.route-providers-read-only})
     * @param auth         whether {@code medic.http.auth} has users (every route then needs credentials)
     * @param routes       every route, in matching order
     */
    public record Index(String medicVersion, String node, boolean readOnly, boolean auth, List<IndexRoute> routes) {
    }

    /**
     * One route of the index.
     *
     * @param method     GET, PUT or POST
     * @param path       {@code /medic/processes/{pid}/state}
     * @param enabled    whether it exists on this server now
     * @param disabledBy the setting that turned it off, or null
     * @param access     who may call it: {@code anyone} (no authentication), {@code user} (any configured
     *                   user) or {@code admin}
     * @param docs       its documentation: a page of {@code docs/} and an anchor
     */
    public record IndexRoute(String method, String path, boolean enabled, String disabledBy, String access,
                             String docs) {
    }

    /**
     * {@code GET /medic/processes} without {@code sort}: the process table a page at a time, by pid.
     *
     * @param limit        the page's largest size
     * @param after        the cursor given: the page starts after this pid number, or null
     * @param processes    the page
     * @param next         the cursor of the next page (pass it as {@code after}), or null on the last page
     * @param processCount live processes on the node, all pages together
     */
    public record ProcessList(int limit, Long after, List<ProcessRow> processes, Long next, int processCount) {
    }

    /** One process of the listing. */
    public record ProcessRow(Pid pid, String registeredName, String kind, String initialCall,
                             String currentMessageType, ProcessStatus status) {
    }

    /**
     * {@code GET /medic/ports} without {@code sort}: the port table a page at a time, by port number.
     *
     * @param limit     the page's largest size
     * @param after     the cursor given: the page starts after this port number, or null
     * @param ports     the page
     * @param next      the cursor of the next page (pass it as {@code after}), or null on the last page
     * @param portCount ports that match the filters ({@code type}, {@code owner}), all pages together
     */
    public record PortList(int limit, Long after, List<PortListRow> ports, Long next, int portCount) {
    }

    /** One port of the listing: who owns it, what it is, its counters. */
    public record PortListRow(String port, long id, String name, Pid owner, String ownerName, Instant openedAt,
                              String localAddress, String peerAddress, String path, long recvOct, long sendOct,
                              long recvCnt, long sendCnt) {
    }

    /** proc_count; {@code attribute} is the wire name ({@code memory_bytes}). */
    public record Top(String attribute, int limit, List<ProcessSample> processes) {
    }

    /** proc_window. */
    public record Window(String attribute, int limit, long windowMs, List<ProcessSample> processes) {
    }

    /** sys:get_state, and the state kept by replace_state. */
    public record State(Pid pid, String type, boolean truncated, RawValue state) {
    }

    /** sys:get_status, with the state as formatStatus renders it, bounded. */
    public record Status(Pid pid, ProcessStatus status, String kind, String behaviour, Pid parent, String parentPath,
                         String registeredName, boolean suspended, boolean statisticsEnabled, int logSize,
                         boolean traceEnabled, boolean sensitive, String stateType, boolean truncated, RawValue state,
                         String stateNote) {
    }

    /**
     * sys:statistics(Pid, get); the rest is null when statistics are off ({@code no_statistics}).
     * {@code startedAt} and {@code readAt} are sys's {@code start_time} and {@code current_time}.
     */
    public record Statistics(Pid pid, boolean enabled, Instant startedAt, Instant readAt, Long reductions,
                             Long messagesIn, Long messagesOut) {
    }

    /** sys:log(Pid, get), oldest first. */
    public record Log(Pid pid, List<LogEvent> events) {
    }

    /** One sys event: when ({@link SysEvent#time()}), its kind and its description. */
    public record LogEvent(Instant at, String kind, String description) {
        static LogEvent of(SysEvent e) {
            return new LogEvent(e.time(), e.kind(), e.description());
        }
    }

    /** The outcome of PUT statistics / log, POST suspend / resume. */
    public record Done(Pid pid, String action, String result) {
    }

    /** One row of inet_count / inet_window: recon's {@code {Port, Value, Details}} plus who owns the port. */
    public record PortRow(String port, long id, String name, Pid owner, String ownerName, long value,
                          Map<String, Long> details, String localAddress, String peerAddress, String path) {
    }

    /** inet_count. */
    public record PortTop(String attribute, int limit, List<PortRow> ports) {
    }

    /** inet_window. */
    public record PortWindow(String attribute, int limit, long windowMs, List<PortRow> ports) {
    }

    /** port_types, with the port count and the JVM's file descriptors (named as in the node stats). */
    public record PortTypes(int portCount, Map<String, Integer> types, long openFileDescriptors,
                            long maxFileDescriptors) {
    }

    /** The JVM's open and maximum file descriptors, or -1 when the platform does not tell. */
    public record FileDescriptors(long open, long max) {
    }

    /**
     * {@code GET /medic/crashes}: the node's crash reports, newest first.
     *
     * @param limit    the page's largest size
     * @param since    the reports listed are newer than this id (0: all)
     * @param before   the reports listed are older than this id, or null for none
     * @param crashes  the page, newest first
     * @param next     the cursor of the page of older reports (pass it as {@code before}), or null when
     *                 there are none (beyond {@code since})
     * @param latest   the id of the newest report written on the node, 0 if none: poll with it as
     *                 {@code since}; ids count from 1, so it is also how many were written
     * @param ringSize reports the ring keeps ({@code medic.crash.history}): those older have left it
     */
    public record Crashes(int limit, long since, Long before, List<CrashReport> crashes, Long next, long latest,
                          int ringSize) {
    }

    /** The outcome of POST kill. */
    public record Killed(Pid pid, boolean exited, String exitReason, String message) {
    }
}
