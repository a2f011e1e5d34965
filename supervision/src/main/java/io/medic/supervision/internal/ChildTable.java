package io.medic.supervision.internal;

import io.medic.runtime.MonitorRef;
import io.medic.runtime.Pid;
import io.medic.supervision.ChildCounts;
import io.medic.supervision.ChildInfo;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.ChildStatus;
import io.medic.supervision.ChildType;
import io.medic.supervision.RestartType;
import io.medic.supervision.SupervisorEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API
 *
 * <p>A supervisor's children: every read and write of them goes through this table, so that the
 * supervisor's strategies never walk the list by hand (the "Access #state.children" section of OTP's
 * {@code supervisor.erl}: {@code save_child}, {@code del_child}, {@code split_child}, {@code find_child},
 * {@code set_pid}, {@code remove_child}, and its {@code dyn_*} functions for {@code simple_one_for_one}).
 *
 * <p>Children are kept in start order; a static child is found by id, a running child by pid, and a
 * dynamic ({@code simple_one_for_one}) child whose restart failed by the pid it had (OTP's
 * {@code {restarting, OldPid}} key). The start arguments of a temporary child are dropped once it has
 * started: it is never restarted, so the supervisor keeps nothing of them (OTP's {@code save_child}).
 * Each child keeps its last crashes across its incarnations, bounded per child and for the whole table
 * ({@link #crashed}).
 *
 * <p>Not thread-safe: used by its supervisor's process only.
 */
final class ChildTable {

    /**
     * A child as the supervisor tracks it. Its fields are written by the table only; the supervisor
     * reads them through the accessors.
     */
    static final class Child {
        private final ChildSpec spec;
        private List<Object> args;
        private Pid pid;
        /** The pid of its last incarnation: a dynamic child whose restart failed is found by it. */
        private Pid lastPid;
        private MonitorRef monitor;
        private ChildStatus status = ChildStatus.UNDEFINED;
        private int restarts;
        /** Its last crashes, oldest first, across its incarnations; null until its first. */
        private ArrayDeque<SupervisorEvent.ChildCrashed> crashes;

        private Child(ChildSpec spec, List<Object> args) {
            this.spec = spec;
            this.args = args;
        }

        ChildSpec spec() {
            return spec;
        }

        String id() {
            return spec.id();
        }

        /** The extra start arguments ({@code simple_one_for_one}); empty for a static child. */
        List<Object> args() {
            return args;
        }

        /** The running process, or null. */
        Pid pid() {
            return pid;
        }

        boolean running() {
            return pid != null;
        }

        ChildStatus status() {
            return status;
        }

        int restarts() {
            return restarts;
        }

        boolean temporary() {
            return spec.restart() == RestartType.TEMPORARY;
        }

        boolean significant() {
            return spec.significant();
        }

        ChildInfo info() {
            List<SupervisorEvent.ChildCrashed> newestFirst = new ArrayList<>(crashes == null ? 0 : crashes.size());
            if (crashes != null) {
                crashes.descendingIterator().forEachRemaining(newestFirst::add);
            }
            return new ChildInfo(spec.id(), pid, status, spec.type(), spec.restart(), spec.shutdown(), restarts,
                    newestFirst, spec.mailbox());
        }

        @Override
        public String toString() {
            return "Child(" + spec.id() + ", " + (pid != null ? pid : status) + ")";
        }
    }

    /** The template of a {@code simple_one_for_one} supervisor's children; null for the other strategies. */
    private final ChildSpec template;
    /** Children in start order (for simple_one_for_one: the dynamic children). */
    private final LinkedHashSet<Child> children = new LinkedHashSet<>();
    private final Map<String, Child> byId = new HashMap<>();
    private final Map<Pid, Child> byPid = new HashMap<>();
    private final Map<Pid, Child> restartingByLastPid = new HashMap<>();
    /** The child of each crash kept, oldest first: one entry per crash in some child's history. */
    private final ArrayDeque<Child> crashOrder = new ArrayDeque<>();
    private int crashesPerChild;
    private int crashesPerSupervisor;

    /** @param template the template of a simple_one_for_one supervisor, null for the other strategies */
    ChildTable(ChildSpec template) {
        this.template = template;
    }

    // ================================================================== adding and removing

    /** Adds a static child at the end ({@code save_child}); its id must be free. */
    Child addStatic(ChildSpec spec) {
        Child c = new Child(spec, List.of());
        children.add(c);
        byId.put(spec.id(), c);
        return c;
    }

    /** Adds a dynamic child of a simple_one_for_one supervisor, made from the template and {@code args}. */
    Child addDynamic(List<Object> args) {
        Child c = new Child(template, args);
        children.add(c);
        return c;
    }

    /** Forgets the child: no process, no spec, no crash history ({@code remove_child}, {@code dyn_erase}). */
    void remove(Child c) {
        clearPid(c);
        unindexRestarting(c);
        children.remove(c);
        byId.remove(c.id(), c);
        if (c.crashes != null) {
            crashOrder.removeIf(owner -> owner == c);
            c.crashes = null;
        }
    }

    /**
     * A child that is not running and will not be restarted (it exited for good, was terminated, or its
     * init answered ignore): a temporary or dynamic one is removed, a static one kept without a process
     * ({@code del_child}).
     */
    void release(Child c) {
        if (c.temporary() || template != null) {
            remove(c);
        }
    }

    // ================================================================== a child's life

    /** Its start succeeded ({@code set_pid}); a temporary child's arguments are dropped ({@code save_child}). */
    void started(Child c, Pid pid, MonitorRef monitor) {
        unindexRestarting(c);
        c.pid = pid;
        c.lastPid = pid;
        c.monitor = monitor;
        c.status = ChildStatus.RUNNING;
        byPid.put(pid, c);
        if (c.temporary()) {
            c.args = List.of();
        }
    }

    /** Its process is gone (its pid is forgotten; the last pid is kept for a restart that fails). */
    void terminated(Child c) {
        clearPid(c);
    }

    /** Its start or restart did not produce a process (failed or ignored), or its retry was cancelled. */
    void notRunning(Child c) {
        unindexRestarting(c);
        c.status = ChildStatus.UNDEFINED;
    }

    /** It is due for restart ({@code {restarting, OldPid}}). */
    void restarting(Child c) {
        c.status = ChildStatus.RESTARTING;
        if (c.lastPid != null) {
            restartingByLastPid.put(c.lastPid, c);
        }
    }

    /** One more (re)start by the supervisor, shown in which_children and passed to the spawn. */
    void countRestart(Child c) {
        c.restarts++;
    }

    // ================================================================== crash history

    /** How many crashes to keep: of each child, and of all children together (0: none). */
    void keepCrashes(int perChild, int perSupervisor) {
        this.crashesPerChild = perChild;
        this.crashesPerSupervisor = perSupervisor;
    }

    /**
     * The child crashed: the event joins its history, across its incarnations. Beyond the per-child
     * bound its own oldest crash goes; beyond the per-supervisor bound, the oldest crash of any child.
     */
    void crashed(Child c, SupervisorEvent.ChildCrashed e) {
        if (crashesPerChild == 0 || crashesPerSupervisor == 0) {
            return;
        }
        if (c.crashes == null) {
            c.crashes = new ArrayDeque<>(Math.min(crashesPerChild, 8));
        }
        if (c.crashes.size() >= crashesPerChild) {
            c.crashes.pollFirst();
            crashOrder.removeFirstOccurrence(c);
        }
        c.crashes.addLast(e);
        crashOrder.addLast(c);
        if (crashOrder.size() > crashesPerSupervisor) {
            Child oldest = crashOrder.pollFirst(); // its oldest crash is the oldest of all
            oldest.crashes.pollFirst();
            if (oldest.crashes.isEmpty()) {
                oldest.crashes = null;
            }
        }
    }

    // ================================================================== group restarts

    /**
     * After a group restart stopped {@code group} ({@code terminate_children}): its temporary bystanders
     * are removed (never restarted); the rest, still in the table, are due for restart, in group order.
     */
    List<Child> toRestart(List<Child> group, Child failed) {
        List<Child> out = new ArrayList<>(group.size());
        for (Child c : group) {
            if (c.temporary() && c != failed) {
                remove(c);
            } else if (children.contains(c)) {
                restarting(c);
                out.add(c);
            }
        }
        return out;
    }

    /**
     * A group restart failed at {@code failed} ({@code restart_multiple_children}): only it is restarting;
     * the members after it, not started, have no process.
     */
    void groupRestartFailedAt(List<Child> group, Child failed) {
        for (Child c : group) {
            if (!c.running() && c != failed) {
                notRunning(c);
            }
        }
        restarting(failed);
    }

    // ================================================================== finding

    boolean contains(Child c) {
        return children.contains(c);
    }

    /** The static child with this id, or null. */
    Child byId(String id) {
        return byId.get(id);
    }

    /** The running child with this pid, or null. */
    Child running(Pid pid) {
        return byPid.get(pid);
    }

    /**
     * The child with this pid: running, or a dynamic child whose restart failed after it ran as
     * {@code pid} (OTP's {@code find_child} for simple_one_for_one). Null if none.
     */
    Child byPid(Pid pid) {
        Child c = byPid.get(pid);
        return c != null ? c : restartingByLastPid.get(pid);
    }

    /** The template of a simple_one_for_one supervisor (null for the other strategies). */
    ChildSpec template() {
        return template;
    }

    // ================================================================== lists (copies, in start order)

    /** Every child, in start order. */
    List<Child> inStartOrder() {
        return new ArrayList<>(children);
    }

    /** The running children, in start order. */
    List<Child> running() {
        return running(children);
    }

    /** The running children, newest first: the order in which they are stopped. */
    List<Child> runningNewestFirst() {
        return runningNewestFirst(children);
    }

    /** The running members of {@code group}, last member first. */
    static List<Child> runningNewestFirst(Collection<Child> group) {
        List<Child> out = running(group);
        Collections.reverse(out);
        return out;
    }

    /** {@code first} and the children started after it ({@code split_child}, for rest_for_one). */
    List<Child> fromChild(Child first) {
        List<Child> out = new ArrayList<>();
        boolean seen = false;
        for (Child c : children) {
            seen |= c == first;
            if (seen) {
                out.add(c);
            }
        }
        return out;
    }

    private static List<Child> running(Collection<Child> group) {
        List<Child> out = new ArrayList<>();
        for (Child c : group) {
            if (c.running()) {
                out.add(c);
            }
        }
        return out;
    }

    // ================================================================== views

    /**
     * True while a significant child still has a process or is due for restart: the test of
     * {@code auto_shutdown => all_significant} ({@code children_any}; for simple_one_for_one, whose
     * children all share the template, "any child left", as OTP's {@code dyn_size}).
     */
    boolean anySignificantLeft() {
        for (Child c : children) {
            if (c.significant() && (c.running() || c.status == ChildStatus.RESTARTING)) {
                return true;
            }
        }
        return false;
    }

    /** {@code which_children}, in start order. */
    List<ChildInfo> which() {
        List<ChildInfo> out = new ArrayList<>(children.size());
        for (Child c : children) {
            out.add(c.info());
        }
        return out;
    }

    /**
     * {@code count_children}: for simple_one_for_one, {@code specs} is 1 (its template) and every dynamic
     * child counts as a supervisor or a worker by the template's type, as in OTP.
     */
    ChildCounts counts() {
        int active = 0;
        int supervisors = 0;
        int workers = 0;
        for (Child c : children) {
            if (c.running() && c.pid.isAlive()) {
                active++;
            }
            if (c.spec.type() == ChildType.SUPERVISOR) {
                supervisors++;
            } else {
                workers++;
            }
        }
        int specs = template != null ? 1 : children.size();
        return new ChildCounts(specs, active, supervisors, workers);
    }

    int size() {
        return children.size();
    }

    // ================================================================== private

    private void clearPid(Child c) {
        if (c.pid != null) {
            byPid.remove(c.pid);
        }
        if (c.monitor != null) {
            c.monitor.demonitor();
        }
        c.pid = null;
        c.monitor = null;
        if (c.status == ChildStatus.RUNNING) {
            c.status = ChildStatus.UNDEFINED;
        }
    }

    private void unindexRestarting(Child c) {
        if (c.lastPid != null) {
            restartingByLastPid.remove(c.lastPid, c);
        }
    }
}
