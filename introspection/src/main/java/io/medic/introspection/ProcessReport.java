package io.medic.introspection;

import io.medic.runtime.Pid;
import io.medic.runtime.ProcessStatus;
import java.time.Instant;
import java.util.List;

/**
 * What {@link Recon#info} says of one process, grouped like {@code recon:info/1}: meta, signals,
 * location, memory_used and work. Every value is read from the process table without messaging the
 * process, so a process stuck in a handler can be inspected; values read one after the other may come
 * from slightly different instants.
 *
 * @param pid        the process
 * @param meta       who it is
 * @param signals    who it is connected to
 * @param location   what it is doing
 * @param memoryUsed what it holds
 * @param work       what it did
 */
public record ProcessReport(Pid pid, Meta meta, Signals signals, Location location, MemoryUsed memoryUsed,
                            Work work) {

    /**
     * {@code meta}: registered name, status, behaviour, parent.
     *
     * @param registeredName its name, or null
     * @param status         its status ({@code waiting}, {@code running} ...)
     * @param kind           {@code gen_server}, {@code supervisor} or {@code behavior}
     * @param behaviour      the class it was started from
     * @param parent         the Medic process that spawned it, or null
     * @param parentPath     the actor path of its parent actor
     * @param sensitive      whether it marked itself sensitive (its stack trace is then not shown)
     * @param startedAt      when it was spawned
     * @param restarts       restarts by its supervisor before this incarnation
     */
    public record Meta(String registeredName, ProcessStatus status, String kind, String behaviour, Pid parent,
                       String parentPath, boolean sensitive, Instant startedAt, int restarts) {
    }

    /**
     * {@code signals}: the Medic processes it spawned, the processes monitoring it (its supervisor
     * among them), as far as Medic knows, and the ports it owns. Akka watches made outside Medic are not seen.
     *
     * @param children          its live child processes, at most {@code medic.http.limits.max-children}
     * @param childrenTruncated true if there were more children than listed
     * @param monitoredBy       processes monitoring it ({@code monitored_by})
     * @param ports             how many ports it owns (the ports among an Erlang process's {@code links})
     */
    public record Signals(List<Pid> children, boolean childrenTruncated, List<Pid> monitoredBy, int ports) {
    }

    /**
     * {@code location}: where it is.
     *
     * @param initialCall        the class it was started from ({@code initial_call})
     * @param currentMessageType the type of the message being handled now, or null when idle
     * @param currentMessageAgeMs how long the handler running now has run, in ms; 0 when idle (a stuck
     *                           process sees it grow)
     * @param currentThread      the name of the thread running it now, or null when idle
     * @param currentStacktrace  the stack of that thread, innermost first, at most
     *                           {@code medic.http.limits.max-stack-frames} frames; empty when idle or sensitive
     * @param stacktraceTruncated true if the stack had more frames than shown
     */
    public record Location(String initialCall, String currentMessageType, long currentMessageAgeMs,
                           String currentThread, List<String> currentStacktrace, boolean stacktraceTruncated) {
    }

    /**
     * {@code memory_used}.
     *
     * @param memoryBytes     estimated bytes attributed to the process (recon's {@code memory}; see
     *                        docs/introspection.md)
     * @param messageQueueLen messages waiting ({@code message_queue_len})
     * @param oldestMessageAgeMs how long the oldest message waiting has waited, in ms; 0 when none waits
     * @param allocatedBytes  bytes allocated by its handlers so far (sampled estimate)
     * @param mailbox         its mailbox's policy: {@code unbounded}, {@code bounded(100, keep_old)},
     *                        {@code bounded(100, drop_oldest)} or {@code stack(100)}
     * @param dropped         messages its mailbox's policy refused or dropped (pobox's dropped count)
     */
    public record MemoryUsed(long memoryBytes, long messageQueueLen, long oldestMessageAgeMs, long allocatedBytes,
                             String mailbox, long dropped) {
    }

    /**
     * {@code work}: reductions and their parts.
     *
     * @param reductions      messages handled + CPU microseconds in handlers ({@code cpu_us}): a process
     *                        blocked or sleeping in a handler earns none meanwhile
     * @param messagesHandled messages handled
     * @param cpuUs           CPU microseconds spent in handlers (sampled: docs/runtime.md, "CPU time")
     * @param busyTimeUs      microseconds spent in handlers, wall time (blocked and sleeping included)
     * @param messagesIn      messages ever put into its mailbox
     * @param messagesOut     messages its handlers sent, replies included
     */
    public record Work(long reductions, long messagesHandled, long cpuUs, long busyTimeUs, long messagesIn,
                       long messagesOut) {
    }
}
