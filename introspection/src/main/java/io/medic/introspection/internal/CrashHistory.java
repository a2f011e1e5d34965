package io.medic.introspection.internal;

import io.medic.introspection.ProcessCrashes;
import io.medic.introspection.SupervisionTree;
import io.medic.runtime.CrashReport;
import io.medic.runtime.CrashReports;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.supervision.ChildInfo;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorEvent;
import io.medic.supervision.SupervisorReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>The crashes of one process across its incarnations ({@link io.medic.introspection.Recon#processCrashes}):
 * the node's crash reports of the pid it had or the name it was registered under
 * ({@link CrashReports#ofProcess}), merged with its supervisor's crash history of that child
 * ({@link ChildInfo#crashes()}, which outlives the node's ring and holds the killed incarnations, which
 * wrote no report) — one entry per incarnation, newest (highest pid number) first. The supervisor is
 * asked with {@code medic.http.supervision.call-timeout}; one that does not answer leaves the reports
 * alone, with the reason said. Thread-safe.
 */
public final class CrashHistory {
    /** A pid form of a process that may be dead: {@code <0.N.0>} or {@code 0.N.0}. */
    private static final Pattern PID = Pattern.compile("<0\\.(\\d{1,18})\\.0>|0\\.(\\d{1,18})\\.0");
    /** How many reports of the ring are read for one process at most: the ring is never longer. */
    private static final int RING_READ = 100_000;

    private final Introspection services;

    CrashHistory(Introspection services) {
        this.services = services;
    }

    /**
     * The crashes of the process {@code reference} names: a live process in any form, or a dead one
     * by the pid it had ({@code <0.N.0>}, {@code 0.N.0}) or a name it was registered under.
     *
     * @throws io.medic.runtime.BadProcessReferenceException if the reference is no process form at all
     * @throws NoProcessException if no live process matches and no crash of it is kept
     */
    public CompletionStage<ProcessCrashes> of(String reference, int limit) {
        Optional<Pid> live = services.node.lookup(reference); // a malformed reference throws here
        long number;
        String name;
        if (live.isPresent()) {
            number = live.get().number();
            name = live.get().entry().registeredName().orElse(null);
        } else {
            Matcher m = PID.matcher(reference);
            if (m.matches()) {
                number = Long.parseLong(m.group(1) != null ? m.group(1) : m.group(2));
                name = null;
            } else if (reference.startsWith("/") || reference.contains("://")) {
                throw new NoProcessException(Params.cut(reference) + " (no live process has this path; the crashes of a"
                        + " dead process are found by the pid it had or its registered name)");
            } else {
                number = -1;
                name = reference;
            }
        }
        List<CrashReport> reports = CrashReports.of(services.node).ofProcess(number, name, RING_READ);
        if (name == null && !reports.isEmpty()) {
            name = reports.get(0).registeredName(); // a dead pid: its other incarnations by its name
            if (name != null) {
                reports = CrashReports.of(services.node).ofProcess(number, name, RING_READ);
            }
        }
        Pid supervisor = supervisorOf(live, reports);
        if (live.isEmpty() && reports.isEmpty() && supervisor == null) {
            throw new NoProcessException(Params.cut(reference) + " (not alive, and no crash of it is kept)");
        }
        String finalName = name;
        List<CrashReport> finalReports = reports;
        if (supervisor == null) {
            return CompletableFuture.completedFuture(answer(reference, live, finalName, null, null, null, List.of(),
                    finalReports, limit));
        }
        CompletionStage<SupervisorReport> report;
        try {
            report = Supervisor.reportAsync(supervisor, services.settings.supervision().callTimeout());
        } catch (RuntimeException e) {
            report = CompletableFuture.failedFuture(e);
        }
        return report.handleAsync((r, err) -> {
            if (err != null) {
                return answer(reference, live, finalName, supervisor, null, SupervisionWalker.describe(err), List.of(),
                        finalReports, limit);
            }
            ChildInfo child = childOf(r, live.orElse(null), number, finalName);
            Optional<Pid> now = live.isPresent() || child == null ? live : Optional.ofNullable(child.pid());
            return answer(reference, now, finalName, supervisor, child == null ? null : child.id(), null,
                    child == null ? List.of() : child.crashes(), finalReports, limit);
        }, services.executor);
    }

    /** The supervisor of a live process (its parent, if a supervisor), or the parent a report names. */
    private static Pid supervisorOf(Optional<Pid> live, List<CrashReport> reports) {
        Optional<Pid> parent = live.flatMap(p -> p.entry().parent());
        if (parent.isEmpty() && !reports.isEmpty() && !reports.get(0).ancestors().isEmpty()) {
            parent = Optional.of(reports.get(0).ancestors().get(0).pid());
        }
        return parent.filter(p -> p.isAlive() && Supervisor.isSupervisor(p)).orElse(null);
    }

    /** The child that is (or was) the process: by its live pid, a crashed incarnation's pid, or its name. */
    private static ChildInfo childOf(SupervisorReport r, Pid live, long number, String name) {
        for (ChildInfo c : r.children()) {
            if (live != null && live.equals(c.pid())) {
                return c;
            }
            for (SupervisorEvent.ChildCrashed e : c.crashes()) {
                if (e.pid().number() == number
                        || name != null && e.report() != null && name.equals(e.report().registeredName())) {
                    return c;
                }
            }
            if (name != null && c.pid() != null && c.pid().entry().registeredName().filter(name::equals).isPresent()) {
                return c;
            }
        }
        return null;
    }

    private static ProcessCrashes answer(String reference, Optional<Pid> live, String name, Pid supervisor,
                                         String childId, String supervisorError,
                                         List<SupervisorEvent.ChildCrashed> history, List<CrashReport> reports,
                                         int limit) {
        // one entry per incarnation: the supervisor's event first (its time, restarts, reason), then reports
        Map<Long, ProcessCrashes.Crash> byPid = new LinkedHashMap<>();
        for (SupervisorEvent.ChildCrashed e : history) {
            byPid.put(e.pid().number(), new ProcessCrashes.Crash(e.time(), e.pid(), reason(e), e.restarts(), e.report()));
        }
        for (CrashReport r : reports) {
            byPid.putIfAbsent(r.pid().number(), new ProcessCrashes.Crash(r.crashedAt(), r.pid(), r.reason(), r.restarts(), r));
        }
        List<ProcessCrashes.Crash> all = new ArrayList<>(byPid.values());
        all.sort(Comparator.comparingLong((ProcessCrashes.Crash c) -> c.pid().number()).reversed());
        boolean truncated = all.size() > limit;
        String shownName = name != null ? name
                : live.flatMap(p -> p.entry().registeredName()).orElse(null);
        return new ProcessCrashes(reference, live.orElse(null), shownName, supervisor, childId, supervisorError, limit,
                truncated ? all.subList(0, limit) : all, truncated);
    }

    /** A child's crash as the supervision tree lists it: the event and what its report says of it. */
    static SupervisionTree.Crash summary(SupervisorEvent.ChildCrashed e) {
        CrashReport r = e.report();
        return new SupervisionTree.Crash(e.type(), e.time(), e.pid(), reason(e), e.restarts(),
                r == null ? null : r.errorClass(), r == null ? List.of() : r.stacktrace(),
                r == null ? null : r.lastMessageType(), r == null ? null : r.lastMessage(), r == null ? null : r.id());
    }

    /** The exit reason as its report wrote it (bounded, safe), or the reason's own text (killed: no report). */
    private static String reason(SupervisorEvent.ChildCrashed e) {
        if (e.report() != null) {
            return e.report().reason();
        }
        try {
            return Params.cut(e.reason().toString());
        } catch (RuntimeException failed) { // a custom reason's toString is user code
            return e.reason().getClass().getName() + " (toString failed)";
        }
    }
}
