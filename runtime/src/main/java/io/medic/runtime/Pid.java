package io.medic.runtime;

import akka.actor.typed.ActorRef;
import java.util.Optional;

/**
 * A Medic process identifier: the process's {@link ActorRef}, a node-unique number printed
 * {@code <0.N.0>} like an Erlang pid, and its actor path.
 *
 * <p>A {@code Pid} stays valid after the process has stopped: {@link #isAlive()} turns false and
 * {@link #exitReason()} tells why it ended. It never points to another process. There is exactly one
 * {@code Pid} object per process, so pids compare by identity. Thread-safe (the live data it exposes
 * through {@link #entry()} is read racily, by design, like {@code process_info/2}).
 *
 * <p>Medic makes pids when it spawns processes; the only implementation is the process's own record
 * in the process table (one object per process keeps an idle process small). A process of another node
 * has a {@link RemotePid}, made by a distribution module. Do not implement it.
 */
public abstract class Pid {

    /** INTERNAL API: only Medic's process record extends this. */
    protected Pid() {
    }

    /** The node-unique number {@code N} of {@code <0.N.0>}. */
    public abstract long number();

    /** The actor behind the process. Sending to it directly delivers an info message. */
    public abstract ActorRef<Object> ref();

    /** The process's live record in the process table (still readable after it stopped). */
    public abstract ProcessEntry entry();

    /** The actor path, e.g. {@code akka://council/user/council-1/Alfa-3}. */
    public String path() {
        return ref().path().toString();
    }

    /** True until the process has stopped. */
    public boolean isAlive() {
        return entry().isAlive();
    }

    /** Why the process stopped, once it has. */
    public Optional<ExitReason> exitReason() {
        return entry().exitReason();
    }

    /** {@code <0.N.0>}; {@code <0.N.0>@node} for a process of another node. */
    @Override
    public final String toString() {
        return this instanceof RemotePid r ? "<0." + number() + ".0>@" + r.node() : "<0." + number() + ".0>";
    }

    /** Identity: one {@code Pid} object per local process; remote pids naming the same process are equal. */
    @Override
    public final boolean equals(Object o) {
        return this == o || this instanceof RemotePid a && o instanceof RemotePid b && a.sameProcess(b);
    }

    @Override
    public final int hashCode() {
        return Long.hashCode(number());
    }
}
