package io.medic.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A live, read-only view of one process's record in the process table: {@code process_info/2}
 * without messaging the process.
 *
 * <p>The process is the single writer of its own fields; every getter here is a lock-free racy read
 * that never blocks and never waits for the process, so it works on a process that is stuck inside a
 * handler. Values read one after the other may come from slightly different instants.
 *
 * <p>Cost: each getter is a few field reads, except {@link #stackTrace()} (a thread dump of one
 * thread, tens of microseconds) and {@link #memory()} (reads a cached estimate; the estimate itself
 * is refreshed by the process at most once per {@code medic.memory.refresh-interval}).
 */
public interface ProcessEntry {

    /** The process's pid. */
    Pid pid();

    /** Current status (see {@link ProcessStatus}). */
    ProcessStatus status();

    /** {@code gen_server}, {@code supervisor} or {@code behavior} (a plain Akka behaviour). */
    String kind();

    /** The class the process was started from: Erlang's {@code initial_call}. */
    String initialCall();

    /** The Medic process that spawned this one, if it was a Medic process. */
    Optional<Pid> parent();

    /** The actor path of the parent actor (Medic process or not). */
    String parentPath();

    /** The registered name, if any ({@code registered_name}). */
    Optional<String> registeredName();

    /** Messages waiting: in the mailbox, plus those held back while suspended or initializing. */
    long messageQueueLen();

    /**
     * How long the oldest message waiting has waited, in milliseconds (the message at the head of the
     * mailbox, or the oldest held back while suspended or initializing); 0 when none waits. A process
     * stuck in a handler, or one that cannot keep up, sees it grow. Measured with the coarse clock
     * stamped on each message as it is enqueued: about a millisecond of resolution.
     */
    long oldestMessageAgeMillis();

    /** Messages ever put into the mailbox. */
    long messagesIn();

    /**
     * Messages its mailbox's policy refused or dropped ({@link MailboxPolicy}): pobox's dropped count.
     * Always 0 for an unbounded mailbox. Every user message sent to the process is handled, dropped or
     * still waiting: {@code sent = handled + dropped + waiting}.
     */
    long dropped();

    /** Its mailbox's policy ({@link MailboxPolicy#unbounded()} unless spawned with another). */
    MailboxPolicy mailboxPolicy();

    /** Messages handled (user and system messages). */
    long messagesHandled();

    /**
     * Messages its handlers sent: every message a handler of this process put into a Medic process's
     * mailbox (calls, casts, {@link Medic#send}, Akka's {@code tell} to a Medic process, sys requests)
     * and every reply it gave to a call, counted when the handler ends. Sends to actors that are not
     * Medic processes, and messages scheduled for later ({@code sendAfter}), are not seen.
     */
    long messagesOut();

    /**
     * Time spent inside handlers, in microseconds, including the message being handled now: wall time,
     * blocked and sleeping included. Measured exactly for a slow process and with Medic's coarse clock
     * for a hot one: see docs/runtime.md for the method and its error.
     */
    long busyTimeMicros();

    /**
     * CPU time spent inside handlers, in microseconds, including the handler running now: what the
     * thread consumed while it ran them, not the time they spent blocked, parked or sleeping (nor time
     * the operating system gave the core to others). Sampled off the handlers' path from the threads' CPU
     * clocks: see docs/runtime.md, "CPU time", for the method and its error. At most
     * {@link #busyTimeMicros()} but for the error of the two estimates.
     */
    long cpuMicros();

    /** Bytes allocated by handlers, estimated by sampling one message in N. */
    long allocatedBytes();

    /** Estimated bytes attributed to the process: its retained state plus its queue. */
    long memory();

    /**
     * Medic's unit of work: one per message handled plus one per microsecond of CPU time spent in
     * handlers ({@link #messagesHandled()} + {@link #cpuMicros()}). A process blocked or sleeping in a
     * handler earns none while it waits, as an Erlang process earns no reductions while it waits.
     */
    long reductions();

    /** How many times the supervisor restarted this child before this incarnation. */
    int restarts();

    /**
     * The ports it owns now: sockets, listeners and files opened through
     * {@link io.medic.runtime.ports.Ports} with this process as their owner (the ports among an Erlang
     * process's {@code links}). A port counts from the moment it is attached to its owner until it closes
     * or moves to another owner.
     */
    int ports();

    /** The type of the message being handled now ({@code current_function}'s closest analog). */
    Optional<String> currentMessageType();

    /**
     * How long the handler running now has run, in milliseconds; 0 while the process waits. A stuck
     * process sees it grow (compare {@link #oldestMessageAgeMillis()}).
     */
    long currentMessageAgeMillis();

    /** The thread running the process now, if it is running. */
    Optional<Thread> currentThread();

    /**
     * The stack trace of the thread running the process, if it is running ({@code current_stacktrace});
     * empty when it is waiting, and always empty for a sensitive process.
     */
    List<StackTraceElement> stackTrace();

    /** When the process was spawned. */
    Instant startTime();

    /** True if the process marked itself sensitive ({@code process_flag(sensitive, true)}). */
    boolean isSensitive();

    /** True while the process has not stopped. */
    boolean isAlive();

    /** Why it stopped, once it has. */
    Optional<ExitReason> exitReason();

    /** Processes that monitor this one (its supervisor among them), as far as Medic knows. */
    List<Pid> monitoredBy();

    /** A consistent-enough snapshot of everything above (except the stack trace). */
    ProcessInfo snapshot();
}
