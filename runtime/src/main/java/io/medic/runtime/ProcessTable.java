package io.medic.runtime;

import akka.actor.typed.ActorRef;
import java.util.Collection;
import java.util.Optional;

/**
 * The node's process table: one live {@link ProcessEntry} per running Medic process, readable
 * without messaging any process (Erlang's {@code processes()} plus {@code process_info/2}).
 *
 * <p>Thread-safe; iteration is weakly consistent (processes spawned or stopped during an iteration
 * may or may not be seen). An entry is removed when its process stops.
 */
public interface ProcessTable {

    /** Number of live processes ({@code length(processes())}). Cost: O(1). */
    int size();

    /** A live, unmodifiable view of all entries. Cost: iteration is O(processes). */
    Collection<ProcessEntry> entries();

    /** The process with pid number N, if alive. */
    Optional<Pid> byNumber(long number);

    /**
     * Finds a live process by any of the forms {@code recon:info/1} accepts: {@code <0.N.0>},
     * {@code 0.N.0}, a registered name, or an actor path ({@code akka://sys/user/...} or
     * {@code /user/...}). Cost: O(1).
     *
     * @return the process, or empty if no live process matches
     * @throws BadProcessReferenceException if the string is none of these forms
     */
    Optional<Pid> lookup(String reference);

    /** The Medic process behind an actor ref, if it is one and alive. Cost: O(1). */
    Optional<Pid> lookup(ActorRef<?> ref);

    /**
     * Messages the node's bounded mailboxes ({@link MailboxPolicy}) have refused or dropped since the node
     * started, those of processes that have exited included: only grows. Cost: O(1).
     */
    long droppedMessages();
}
