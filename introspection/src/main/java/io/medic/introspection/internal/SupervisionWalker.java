package io.medic.introspection.internal;

import io.medic.introspection.SupervisionTree;
import io.medic.runtime.Jvm;
import io.medic.runtime.MedicException;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.supervision.ApplicationInfo;
import io.medic.supervision.Applications;
import io.medic.supervision.ChildInfo;
import io.medic.supervision.ChildType;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorReport;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * INTERNAL API
 *
 * <p>Walks the supervision tree: applications, then each supervisor's report, children supervisors
 * in parallel, level by level. Each supervisor gets {@code medic.http.supervision.call-timeout} to
 * answer; one that fails or is slow becomes a node with its error, never a failure of the whole walk.
 * Bounded in depth, in children per supervisor and in supervisors asked. Thread-safe.
 */
public final class SupervisionWalker {
    private final Introspection services;

    SupervisionWalker(Introspection services) {
        this.services = services;
    }

    /** Cost: one report call per supervisor (at most max-supervisors), plus one pass over the process table. */
    public CompletionStage<SupervisionTree> tree() {
        Walk walk = new Walk();
        List<ApplicationInfo> apps = Applications.of(services.node).list();
        Set<Pid> appSupervisors = new HashSet<>();
        List<CompletableFuture<SupervisionTree.ApplicationNode>> applications = new ArrayList<>();
        for (ApplicationInfo app : apps) {
            Pid sup = app.supervisor();
            CompletableFuture<SupervisionTree.SupervisorNode> subtree;
            if (sup != null && sup.isAlive()) {
                appSupervisors.add(sup);
                subtree = walk.supervisor(sup, 0);
            } else {
                subtree = CompletableFuture.completedFuture(null);
            }
            applications.add(subtree.thenApply(node -> new SupervisionTree.ApplicationNode(app.name(),
                    app.type() == null ? null : app.type().name().toLowerCase(java.util.Locale.ROOT), app.status(),
                    app.exitReason() == null ? null : app.exitReason().toString(), app.startedAt(), node)));
        }
        List<CompletableFuture<SupervisionTree.SupervisorNode>> loose = new ArrayList<>();
        for (Pid top : topLevelSupervisors(appSupervisors)) {
            loose.add(walk.supervisor(top, 0));
        }
        CompletableFuture<?> all = CompletableFuture.allOf(
                CompletableFuture.allOf(applications.toArray(new CompletableFuture<?>[0])),
                CompletableFuture.allOf(loose.toArray(new CompletableFuture<?>[0])));
        return all.thenApplyAsync(x -> new SupervisionTree(
                applications.stream().map(CompletableFuture::join).toList(),
                loose.stream().map(CompletableFuture::join).toList(),
                walk.asked.get(), walk.truncated.get()), services.executor);
    }

    /** Live supervisors whose parent is not a supervisor (nor an application's top supervisor). */
    private List<Pid> topLevelSupervisors(Set<Pid> exclude) {
        List<Pid> out = new ArrayList<>();
        for (ProcessEntry e : services.node.processes().entries()) {
            Pid pid = e.pid();
            if (pid == null || exclude.contains(pid) || !Supervisor.isSupervisor(pid)) {
                continue;
            }
            Optional<Pid> parent = e.parent();
            if (parent.isEmpty() || !Supervisor.isSupervisor(parent.get())) {
                out.add(pid);
            }
        }
        out.sort((a, b) -> Long.compare(a.number(), b.number()));
        return out;
    }

    private final class Walk {
        final AtomicInteger asked = new AtomicInteger();
        final AtomicBoolean truncated = new AtomicBoolean();

        CompletableFuture<SupervisionTree.SupervisorNode> supervisor(Pid pid, int depth) {
            String name = pid.entry().registeredName().orElse(null);
            HttpSettings.SupervisionLimits limits = services.settings.supervision();
            if (asked.incrementAndGet() > limits.maxSupervisors()) {
                asked.decrementAndGet();
                truncated.set(true);
                return CompletableFuture.completedFuture(new SupervisionTree.SupervisorNode(pid, name,
                        "not asked: medic.http.supervision.max-supervisors (" + limits.maxSupervisors()
                                + ") reached", null, null, List.of(), 0, true));
            }
            CompletionStage<SupervisorReport> report;
            try {
                report = Supervisor.reportAsync(pid, limits.callTimeout());
            } catch (RuntimeException e) {
                report = CompletableFuture.failedFuture(e);
            }
            return report.handleAsync((r, err) -> err != null
                            ? CompletableFuture.completedFuture(new SupervisionTree.SupervisorNode(pid, name,
                                    describe(err), null, null, List.<SupervisionTree.ChildNode>of(), 0, false))
                            : children(pid, name, r, depth), services.executor)
                    .thenCompose(f -> f).toCompletableFuture();
        }

        private CompletableFuture<SupervisionTree.SupervisorNode> children(Pid pid, String name, SupervisorReport r,
                                                                           int depth) {
            HttpSettings.SupervisionLimits limits = services.settings.supervision();
            List<ChildInfo> all = r.children() == null ? List.of() : r.children();
            boolean cut = all.size() > limits.maxChildren();
            List<ChildInfo> shown = cut ? all.subList(0, limits.maxChildren()) : all;
            List<CompletableFuture<SupervisionTree.ChildNode>> children = new ArrayList<>(shown.size());
            boolean deeperCut = false;
            for (ChildInfo c : shown) {
                CompletableFuture<SupervisionTree.SupervisorNode> sub = CompletableFuture.completedFuture(null);
                if (c.type() == ChildType.SUPERVISOR && c.pid() != null && c.pid().isAlive()) {
                    if (depth < limits.maxDepth()) {
                        sub = supervisor(c.pid(), depth + 1);
                    } else {
                        deeperCut = true;
                    }
                }
                List<SupervisionTree.Crash> crashes = c.crashes().stream().limit(limits.maxCrashesPerChild())
                        .map(CrashHistory::summary).toList();
                children.add(sub.thenApply(s -> new SupervisionTree.ChildNode(c.id(), c.pid(), c.status(), c.type(),
                        c.restart(), c.restarts(), crashes, s, String.valueOf(c.mailbox()))));
            }
            if (cut || deeperCut) {
                truncated.set(true);
            }
            boolean nodeTruncated = cut || deeperCut;
            return CompletableFuture.allOf(children.toArray(new CompletableFuture<?>[0]))
                    .thenApply(x -> new SupervisionTree.SupervisorNode(pid, name, null,
                            new SupervisionTree.Flags(r.strategy(), r.intensity(),
                                    r.period() == null ? 0 : r.period().toMillis()),
                            r.budget() == null ? null : new SupervisionTree.Budget(r.budget().used(),
                                    r.budget().intensity(), r.budget().period() == null ? 0 : r.budget().period().toMillis()),
                            children.stream().map(CompletableFuture::join).toList(), all.size(), nodeTruncated));
        }
    }

    static String describe(Throwable err) {
        Throwable t = Jvm.unwrap(err);
        if (t instanceof MedicException m) {
            return m.code() + ": " + m.getMessage();
        }
        return "error: " + t.getMessage();
    }
}
