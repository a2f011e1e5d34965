package io.medic.runtime;

import java.time.Instant;
import java.util.List;

/**
 * An immutable snapshot of a process's table record, taken without messaging the process.
 *
 * @param pid               the process
 * @param status            scheduler-level status
 * @param kind              {@code gen_server}, {@code supervisor} or {@code behavior}
 * @param initialCall       the class the process was started from
 * @param parent            the parent Medic process, or null
 * @param parentPath        the parent actor's path
 * @param registeredName    the registered name, or null
 * @param messageQueueLen   messages waiting
 * @param oldestMessageAgeMillis how long the oldest message waiting has waited, in ms; 0 when none waits
 * @param messagesIn        messages ever enqueued
 * @param messagesHandled   messages handled
 * @param messagesOut       messages its handlers sent
 * @param busyTimeMicros    wall time in handlers
 * @param cpuMicros         CPU time in handlers (sampled; see docs/runtime.md)
 * @param allocatedBytes    bytes allocated by handlers (sampled estimate)
 * @param memory            estimated retained bytes
 * @param reductions        messages handled + CPU microseconds in handlers
 * @param restarts          restarts of this child before this incarnation
 * @param ports             ports it owns now
 * @param currentMessageType type of the message being handled now, or null
 * @param currentMessageAgeMillis how long the handler running now has run, in ms; 0 when waiting
 * @param currentThread     name of the thread running it now, or null
 * @param startTime         spawn time
 * @param sensitive         whether the process is sensitive
 * @param monitoredBy       monitoring processes
 * @param dropped           messages its mailbox's policy refused or dropped (0 when unbounded)
 * @param mailbox           its mailbox's policy
 */
public record ProcessInfo(
        Pid pid,
        ProcessStatus status,
        String kind,
        String initialCall,
        Pid parent,
        String parentPath,
        String registeredName,
        long messageQueueLen,
        long oldestMessageAgeMillis,
        long messagesIn,
        long messagesHandled,
        long messagesOut,
        long busyTimeMicros,
        long cpuMicros,
        long allocatedBytes,
        long memory,
        long reductions,
        int restarts,
        int ports,
        String currentMessageType,
        long currentMessageAgeMillis,
        String currentThread,
        Instant startTime,
        boolean sensitive,
        List<Pid> monitoredBy,
        long dropped,
        MailboxPolicy mailbox) {
}
