package io.medic.runtime;

/**
 * What a process is doing, as seen from outside: {@code process_info(Pid, status)}.
 *
 * <p>Erlang's {@code runnable} and {@code garbage_collecting} have no JVM counterpart that can be read
 * without messaging the process: a {@link #WAITING} process with a non-zero message queue length is
 * the closest thing to {@code runnable}.
 */
public enum ProcessStatus {
    /** Spawned; its {@code init} has not finished (or, for a supervisor, its children are starting). */
    INITIALIZING,
    /** Idle, waiting for a message. */
    WAITING,
    /** Inside a handler right now (the table also gives the message type and the thread). */
    RUNNING,
    /** Suspended through {@code sys:suspend}: user messages wait, system messages are answered. */
    SUSPENDED,
    /** Asked to stop, or running {@code terminate}; gone from the table once stopped. */
    EXITING,
    /** Stopped. Only seen through a {@link Pid} kept after the process ended. */
    DEAD;

    /** The lower-case name Erlang uses ({@code waiting}, {@code running} ...). */
    public String erlangName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
