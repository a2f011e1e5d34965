package io.medic.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a process left behind when it exited abnormally: OTP's crash report ({@code proc_lib}'s
 * {@code crash_report}, which {@code proc_lib:crash_report/4} logs for a process that dies with a reason
 * other than {@code normal}, {@code shutdown} or {@code {shutdown, _}}), built on the crashing process's
 * own thread at the moment it stops, and immutable afterwards.
 *
 * <p>It keeps no reference to the process's state, its messages or the exception: the last message and
 * the state are {@link Rendered renderings} made then (bounded by {@code medic.crash.render}), the
 * exit reason and the stack trace are text (bounded by {@code medic.crash.max-stack-frames} and the
 * string bound). So a report can be kept, served and logged as it is, and costs what its renderings
 * cost. A sensitive process's report has neither its last message nor its state (only the message's
 * type). See docs/crash-dumps.md, "Crash reports".
 *
 * <table>
 *   <caption>proc_lib's crash report and this record</caption>
 *   <tr><th>OTP</th><th>here</th></tr>
 *   <tr><td>{@code pid}, {@code registered_name}</td><td>{@link #pid}, {@link #registeredName}</td></tr>
 *   <tr><td>{@code initial_call}</td><td>{@link #kind} and {@link #initialCall} (the behaviour class)</td></tr>
 *   <tr><td>{@code ancestors}</td><td>{@link #ancestors}: the parent chain, nearest first</td></tr>
 *   <tr><td>{@code error_info}: {@code {Class, Reason, Stacktrace}}</td><td>{@link #reason}, {@link #errorClass}, {@link #stacktrace}</td></tr>
 *   <tr><td>gen_server's "Last message in"</td><td>{@link #lastMessageType}, {@link #lastMessage}</td></tr>
 *   <tr><td>gen_server's "State" (through {@code format_status})</td><td>{@link #state}, through {@code formatStatus}</td></tr>
 *   <tr><td>{@code message_queue_len}, {@code reductions}, {@code heap_size} + {@code stack_size}</td><td>{@link #messageQueueLen}, {@link #reductions}, {@link #memoryBytes}</td></tr>
 *   <tr><td>{@code neighbours} (the linked processes)</td><td>{@link #neighbours}: the processes monitoring it, and its children</td></tr>
 *   <tr><td>{@code messages} (the mailbox's contents), {@code dictionary}, {@code trap_exit}</td><td>not kept: Medic never shows a mailbox's contents; a process has no dictionary, and always traps exits (see docs/runtime.md)</td></tr>
 * </table>
 *
 * @param id              node-unique and increasing: the cursor of {@code GET /medic/crashes?since=}
 * @param crashedAt       when the process stopped
 * @param pid             the process (dead by the time anyone reads this)
 * @param registeredName  its registered name then, or null
 * @param kind            {@code gen_server}, {@code supervisor} or {@code behavior}
 * @param initialCall     the class it was started from
 * @param ancestors       its parent, its parent's parent ... (Medic processes only), nearest first
 * @param reason          the exit reason as text, cut to the string bound ({@code {exception, ...}}
 *                        for a crash)
 * @param errorClass      the class of the throwable it crashed with, or null (a {@code stop} with an
 *                        abnormal reason)
 * @param stacktrace      the throwable's stack trace, its causes' after a {@code Caused by: ...} line
 *                        each, at most {@code medic.crash.max-stack-frames} lines; empty when the
 *                        reason is not a throwable
 * @param stacktraceTruncated whether frames were left out
 * @param lastMessageType the type of the message it was handling ({@code init} while starting), or
 *                        null when it stopped outside a handler
 * @param lastMessage     that message, rendered; null for a sensitive process or when there is none
 * @param state           its state through {@code formatStatus}, rendered; null for a sensitive
 *                        process or one whose state cannot be read (see {@link #note})
 * @param note            why the last message or the state is missing, or null
 * @param messageQueueLen messages left in its mailbox
 * @param reductions      its reductions
 * @param memoryBytes     its memory estimate
 * @param restarts        how many times its supervisor had restarted it before this incarnation
 * @param sensitive       whether it was a sensitive process
 * @param neighbours      up to {@code medic.crash.max-neighbours} processes it was tied to
 */
public record CrashReport(
        long id,
        Instant crashedAt,
        Pid pid,
        String registeredName,
        String kind,
        String initialCall,
        List<ProcessRef> ancestors,
        String reason,
        String errorClass,
        List<String> stacktrace,
        boolean stacktraceTruncated,
        String lastMessageType,
        Rendered lastMessage,
        Rendered state,
        String note,
        long messageQueueLen,
        long reductions,
        long memoryBytes,
        int restarts,
        boolean sensitive,
        List<Neighbour> neighbours) {

    public CrashReport {
        Objects.requireNonNull(crashedAt, "crashedAt");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(reason, "reason");
        ancestors = List.copyOf(ancestors);
        stacktrace = List.copyOf(stacktrace);
        neighbours = List.copyOf(neighbours);
    }

    /**
     * A process as a crash report names it: its pid and, if it had one, its registered name (OTP's
     * {@code $ancestors} hold either).
     */
    public record ProcessRef(Pid pid, String registeredName) {
        public ProcessRef {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /**
     * A process tied to the one that crashed, as it was at the crash (OTP's {@code neighbours}: the
     * linked processes, each with its own info).
     *
     * @param pid             the neighbour
     * @param registeredName  its registered name, or null
     * @param relation        {@code monitor}: it monitored the crashed process (its supervisor among
     *                        them); {@code child}: a Medic process the crashed one had spawned
     * @param status          its status then
     * @param messageQueueLen its queue length then
     */
    public record Neighbour(Pid pid, String registeredName, String relation, ProcessStatus status,
                            long messageQueueLen) {
        public Neighbour {
            Objects.requireNonNull(pid, "pid");
        }
    }
}
