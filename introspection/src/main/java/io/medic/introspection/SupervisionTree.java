package io.medic.introspection;

import io.medic.runtime.Pid;
import io.medic.runtime.Rendered;
import io.medic.supervision.ApplicationInfo;
import io.medic.supervision.ChildStatus;
import io.medic.supervision.ChildType;
import io.medic.supervision.RestartType;
import io.medic.supervision.Strategy;
import java.time.Instant;
import java.util.List;

/**
 * The node's supervision tree: applications, their supervisors and children, recursively — what
 * observer's applications tab and {@code supervisor:which_children/1} walked by hand show.
 *
 * <p>Each supervisor is asked for its report ({@code Supervisor.reportAsync}) with a timeout; one that
 * does not answer in time, or fails, is shown with its {@code error} and without children, and the
 * rest of the tree is still returned. The walk is bounded in depth, in children listed per supervisor
 * and in supervisors asked per request ({@code medic.http.supervision}); {@code truncated} says whether
 * any bound was reached.
 *
 * @param applications    the applications, in start order
 * @param supervisors     top-level supervisors that belong to no application
 * @param supervisorsAsked how many supervisors were asked for their report
 * @param truncated       true if a bound left part of the tree out
 */
public record SupervisionTree(List<ApplicationNode> applications, List<SupervisorNode> supervisors,
                              int supervisorsAsked, boolean truncated) {

    /**
     * One application ({@code application:which_applications/0} plus its state).
     *
     * @param name       its name
     * @param type       its start type (permanent, transient, temporary)
     * @param status     starting, running, stopping, stopped or failed
     * @param exitReason why it terminated, or null
     * @param startedAt  when its start completed, or null
     * @param supervisor its top supervisor's subtree, or null when it has none running
     */
    public record ApplicationNode(String name, String type, ApplicationInfo.Status status, String exitReason,
                                  Instant startedAt, SupervisorNode supervisor) {
    }

    /**
     * One supervisor and its children.
     *
     * @param pid            the supervisor
     * @param registeredName its name, or null
     * @param error          null when it answered; otherwise why its report is missing
     *                       (for example {@code timeout: ... did not answer within 1000 ms})
     * @param flags          its flags, or null when it did not answer
     * @param budget         its restart budget now, or null when it did not answer
     * @param children       its children in start order, at most {@code medic.http.supervision.max-children}
     * @param childrenTotal  how many children it has
     * @param truncated      true if children or deeper levels were left out here
     */
    public record SupervisorNode(Pid pid, String registeredName, String error, Flags flags, Budget budget,
                                 List<ChildNode> children, int childrenTotal, boolean truncated) {
    }

    /**
     * A supervisor's flags.
     *
     * @param strategy  one_for_one, one_for_all, rest_for_one or simple_one_for_one
     * @param intensity restarts allowed within the period
     * @param periodMs  the period
     */
    public record Flags(Strategy strategy, int intensity, long periodMs) {
    }

    /**
     * Restart budget: restarts counted in the current period against the intensity.
     *
     * @param restarts  restarts within the last period (the budget used)
     * @param intensity restarts allowed within the period
     * @param periodMs  the period
     */
    public record Budget(int restarts, int intensity, long periodMs) {
    }

    /**
     * One child ({@code which_children}) and, for a running child supervisor, its own subtree.
     *
     * @param id         the child id
     * @param pid        its pid, or null when not running
     * @param status     running, restarting or undefined
     * @param type       worker or supervisor
     * @param restart    permanent, transient or temporary
     * @param restarts   how many times the supervisor restarted it
     * @param crashes    its last crashes across its incarnations, newest first, at most
     *                   {@code medic.http.supervision.max-crashes-per-child}
     * @param supervisor the subtree of a child supervisor, or null (a worker, not running, or beyond the depth bound)
     * @param mailbox    its spec's mailbox policy: {@code unbounded}, {@code bounded(100, keep_old)},
     *                   {@code bounded(100, drop_oldest)} or {@code stack(100)}
     */
    public record ChildNode(String id, Pid pid, ChildStatus status, ChildType type, RestartType restart,
                            int restarts, List<Crash> crashes, SupervisorNode supervisor, String mailbox) {
    }

    /**
     * One crash of a child, from its supervisor's crash history (a {@code child_crashed} event, OTP's
     * {@code child_terminated} report), with what its crash report says of it; the whole report (state,
     * neighbours, ancestors) is {@code GET /medic/crashes/{report_id}} while the node's ring keeps it.
     *
     * @param type            {@code child_crashed}
     * @param at              when it crashed (the supervisor's time)
     * @param pid             the incarnation that crashed
     * @param reason          its exit reason
     * @param restarts        restarts of the child before that incarnation
     * @param errorClass      the throwable's class, or null
     * @param stacktrace      its stack trace (bounded by {@code medic.crash.max-stack-frames}); empty without one
     * @param lastMessageType the type of the message it was handling, or null
     * @param lastMessage     that message rendered (bounded; null for a sensitive process or when none)
     * @param reportId        the id of its crash report, or null (killed: no report)
     */
    public record Crash(String type, Instant at, Pid pid, String reason, int restarts, String errorClass,
                        List<String> stacktrace, String lastMessageType, Rendered lastMessage, Long reportId) {
    }
}
