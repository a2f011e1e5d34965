package io.medic.supervision;

import io.medic.runtime.Pid;

/**
 * One entry of {@code supervisor:which_children/1}, plus restart bookkeeping.
 *
 * @param id       the child id (for simple_one_for_one children: the spec id)
 * @param pid      the child's pid, or null when not running
 * @param status   running, restarting or undefined
 * @param type     worker or supervisor
 * @param restart  permanent, transient or temporary
 * @param shutdown how it is stopped
 * @param restarts how many times the supervisor restarted it
 */
public record ChildInfo(String id, Pid pid, ChildStatus status, ChildType type, RestartType restart,
                        Shutdown shutdown, int restarts) {
}
