package io.medic.supervision;

import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.Pid;
import java.util.List;

/**
 * One entry of {@code supervisor:which_children/1}, plus restart bookkeeping and the child's recent
 * crashes across its incarnations.
 *
 * @param id       the child id (for simple_one_for_one children: the spec id)
 * @param pid      the child's pid, or null when not running
 * @param status   running, restarting or undefined
 * @param type     worker or supervisor
 * @param restart  permanent, transient or temporary
 * @param shutdown how it is stopped
 * @param restarts how many times the supervisor restarted it
 * @param crashes  its last crashes, newest first, across its incarnations: at most
 *                 {@code medic.supervision.crash-history.per-child} of them, and at most
 *                 {@code per-supervisor} for all the supervisor's children together (docs/supervision.md,
 *                 "Crash history")
 * @param mailbox  its spec's mailbox policy
 */
public record ChildInfo(String id, Pid pid, ChildStatus status, ChildType type, RestartType restart,
                        Shutdown shutdown, int restarts, List<SupervisorEvent.ChildCrashed> crashes,
                        MailboxPolicy mailbox) {

    public ChildInfo {
        crashes = List.copyOf(crashes);
    }
}
