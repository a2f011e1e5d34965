package io.medic.supervision;

/** What {@code which_children} says of a child: a pid, {@code restarting} or {@code undefined}. */
public enum ChildStatus {
    /** Running: the child has a pid. */
    RUNNING,
    /** Terminated and due for restart (a restart attempt failed and is being retried). */
    RESTARTING,
    /** No process: terminated (and not restarted), ignored at start, or not started. */
    UNDEFINED
}
