package io.medic.introspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.introspection.ProcessSample;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.SysEvent;
import io.medic.runtime.ports.InetAttribute;
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

    /** proc_count. */
    public record Top(ProcessAttribute attribute, int limit, List<ProcessSample> processes) {
    }

    /** proc_window. */
    public record Window(ProcessAttribute attribute, int limit, long windowMs, List<ProcessSample> processes) {
    }

    /** sys:get_state, and the state kept by replace_state. */
    public record State(Pid pid, String type, boolean truncated, JsonNode state) {
    }

    /** sys:get_status, with the state as formatStatus renders it, bounded. */
    public record Status(Pid pid, ProcessStatus status, String kind, String behaviour, Pid parent, String parentPath,
                         String registeredName, boolean suspended, boolean statisticsEnabled, int logSize,
                         boolean traceEnabled, boolean sensitive, String stateType, boolean truncated, JsonNode state,
                         String stateNote) {
    }

    /** sys:statistics(Pid, get); the counts are null when statistics are off ({@code no_statistics}). */
    public record Statistics(Pid pid, boolean enabled, Instant startTime, Instant currentTime, Long reductions,
                             Long messagesIn, Long messagesOut) {
    }

    /** sys:log(Pid, get), oldest first. */
    public record Log(Pid pid, List<SysEvent> events) {
    }

    /** The outcome of PUT statistics / log, POST suspend / resume. */
    public record Done(Pid pid, String action, String result) {
    }

    /** One row of inet_count / inet_window: recon's {@code {Port, Value, Details}} plus who owns the port. */
    public record PortRow(String port, long id, String name, Pid owner, String ownerName, long value,
                          Map<String, Long> details, String localAddress, String peerAddress, String path) {
    }

    /** inet_count. */
    public record PortTop(InetAttribute attribute, int limit, List<PortRow> ports) {
    }

    /** inet_window. */
    public record PortWindow(InetAttribute attribute, int limit, long windowMs, List<PortRow> ports) {
    }

    /** port_types, with the port count and the JVM's file descriptors. */
    public record PortTypes(int count, Map<String, Integer> types, FileDescriptors fileDescriptors) {
    }

    /** The JVM's open and maximum file descriptors, or -1 when the platform does not tell. */
    public record FileDescriptors(long open, long max) {
    }

    /** The outcome of POST kill. */
    public record Killed(Pid pid, boolean exited, String exitReason, String message) {
    }
}
