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
 * @param messagesIn        messages ever enqueued
 * @param messagesHandled   messages handled
 * @param messagesOut       replies sent
 * @param busyTimeMicros    time in handlers (coarse-clock estimate)
 * @param allocatedBytes    bytes allocated by handlers (sampled estimate)
 * @param memory            estimated retained bytes
 * @param reductions        handled messages + busy microseconds
 * @param restarts          restarts of this child before this incarnation
 * @param ports             ports it owns now
 * @param currentMessageType type of the message being handled now, or null
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
        long messagesIn,
        long messagesHandled,
        long messagesOut,
        long busyTimeMicros,
        long allocatedBytes,
        long memory,
        long reductions,
        int restarts,
        int ports,
        String currentMessageType,
        String currentThread,
        Instant startTime,
        boolean sensitive,
        List<Pid> monitoredBy,
        long dropped,
        MailboxPolicy mailbox) {
}
