package io.medic.runtime;

import akka.actor.typed.ActorRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A Medic process identifier: the process's {@link ActorRef}, a node-unique number printed
 * {@code <0.N.0>} like an Erlang pid, and its actor path.
 *
 * <p>A {@code Pid} stays valid after the process has stopped: {@link #isAlive()} turns false and
 * {@link #exitReason()} tells why it ended. It never points to another process.
 * Thread-safe and immutable (the live data it exposes through {@link #entry()} is read racily, by
 * design, like {@code process_info/2}).
 */
public final class Pid {
    private final long number;
    private final ActorRef<Object> ref;
    private final ProcessEntry entry;

    /** INTERNAL API: pids are made by Medic when it spawns a process. */
    public Pid(long number, ActorRef<Object> ref, ProcessEntry entry) {
        this.number = number;
        this.ref = Objects.requireNonNull(ref, "ref");
        this.entry = Objects.requireNonNull(entry, "entry");
    }

    /** The node-unique number {@code N} of {@code <0.N.0>}. */
    public long number() {
        return number;
    }

    /** The actor behind the process. Sending to it directly delivers an info message. */
    public ActorRef<Object> ref() {
        return ref;
    }

    /** The actor path, e.g. {@code akka://council/user/council-1/Alfa-3}. */
    public String path() {
        return ref.path().toString();
    }

    /** The process's live record in the process table (still readable after it stopped). */
    public ProcessEntry entry() {
        return entry;
    }

    /** True until the process has stopped. */
    public boolean isAlive() {
        return entry.isAlive();
    }

    /** Why the process stopped, once it has. */
    public Optional<ExitReason> exitReason() {
        return entry.exitReason();
    }

    /** {@code <0.N.0>}. */
    @Override
    public String toString() {
        return "<0." + number + ".0>";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pid p && p.number == number && p.ref.equals(ref);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number);
    }
}
