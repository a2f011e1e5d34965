package io.medic.cluster.internal;

import akka.actor.ActorRef;
import akka.actor.Address;
import akka.cluster.Member;
import akka.pattern.AskTimeoutException;
import io.medic.cluster.BadNode;
import io.medic.cluster.ClusterNodeInfo;
import io.medic.cluster.ClusterNodes;
import io.medic.cluster.ClusterRanking;
import io.medic.cluster.ClusterSample;
import io.medic.introspection.IntrospectionBusyException;
import io.medic.introspection.MedicManagement;
import io.medic.introspection.MedicParams;
import io.medic.introspection.NodeStats;
import io.medic.introspection.ProcessSample;
import io.medic.introspection.Recon;
import io.medic.runtime.Jvm;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.ProcessStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * INTERNAL API
 *
 * <p>Cluster-wide recon ({@code recon:rpc}): a query asked of every member's agent at once, each given
 * its own timeout, the answers merged; a member that is unreachable, down, too slow or failing is
 * named with why, and the answer is made of the others. The answering side runs the local
 * {@link Recon} function on the introspection dispatcher ({@code medic.http.dispatcher}), never on the
 * agent. Bounded: a member answers at most its top N (N at most {@code medic.http.limits.max-limit}),
 * and the merge keeps N. Thread-safe.
 */
public final class Queries {
    private static final Comparator<ClusterSample> ORDER = Comparator.comparingLong(ClusterSample::value).reversed()
            .thenComparing(ClusterSample::node).thenComparing(ClusterSample::pid);

    private final ClusterServices cluster;
    private final Recon recon;
    private final Executor executor;

    Queries(ClusterServices cluster) {
        this.cluster = cluster;
        this.recon = Recon.of(cluster.node);
        this.executor = cluster.system.dispatchers().lookup("medic.http.dispatcher");
    }

    // ================================================================== the asking node

    /** {@code proc_count} on every member, merged. */
    public CompletionStage<ClusterRanking> procCount(ProcessAttribute a, int n, Duration timeout) {
        List<ProcessSample> local = recon.procCount(a, n); // checks n as every node will
        return gather(timeout, local(local), (agent, replyTo) -> new Wire.TopReq(a.name(), n, replyTo))
                .thenApply(g -> ranking(a, n, null, timeout, g));
    }

    /** {@code proc_window} on every member at once, merged; each node is given the window plus {@code timeout}. */
    public CompletionStage<ClusterRanking> procWindow(ProcessAttribute a, int n, Duration window, Duration timeout) {
        CompletionStage<List<Wire.Row>> local = recon.procWindow(a, n, window).thenApply(Queries::rows); // checks n, window
        return gather(window.plus(timeout), local,
                (agent, replyTo) -> new Wire.WindowReq(a.name(), n, window.toMillis(), replyTo))
                .thenApply(g -> ranking(a, n, window, timeout, g));
    }

    /** Every member with its node stats. */
    public CompletionStage<ClusterNodes> nodes(Duration timeout) {
        List<Member> members = cluster.memberList();
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        for (Member m : members) {
            answers.add(m.address().equals(cluster.self)
                    ? CompletableFuture.completedFuture(statsRes())
                    : ask(m.address(), timeout, (agent, replyTo) -> new Wire.StatsReq(replyTo)));
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0])).thenApply(x -> {
            List<ClusterNodeInfo> infos = new ArrayList<>();
            List<BadNode> bad = new ArrayList<>();
            Address leader = cluster.cluster().state().getLeader();
            Address oldest = members.isEmpty() ? null : members.get(0).address();
            for (int i = 0; i < members.size(); i++) {
                Member m = members.get(i);
                String name = ClusterServices.nodeName(m.address());
                Object a = answers.get(i).join();
                NodeStats stats = null;
                String base = null;
                if (a instanceof Wire.StatsRes s) {
                    stats = s.stats();
                    base = s.baseUrl();
                } else {
                    bad.add(new BadNode(name, (String) a));
                }
                List<String> roles = new ArrayList<>(m.getRoles());
                roles.sort(null);
                infos.add(new ClusterNodeInfo(name, m.address().toString(), ClusterServices.statusOf(m),
                        !cluster.isUnreachable(m.address()), m.address().equals(cluster.self),
                        m.address().equals(leader), m.address().equals(oldest), List.copyOf(roles), base, stats));
            }
            return new ClusterNodes(cluster.nodeName(), timeout.toMillis(), infos, bad);
        });
    }

    /** What every member answered (rows), or why not (a String), in member order. */
    private record Gathered(List<String> nodes, List<Object> answers) {
    }

    private CompletionStage<Gathered> gather(Duration timeout, CompletionStage<List<Wire.Row>> local,
                                             java.util.function.BiFunction<ActorRef, ActorRef, Object> request) {
        List<String> nodes = new ArrayList<>();
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        for (Member m : cluster.memberList()) {
            nodes.add(ClusterServices.nodeName(m.address()));
            if (m.address().equals(cluster.self)) {
                answers.add(local.toCompletableFuture().<Object>thenApply(rows -> rows)
                        .exceptionally(e -> failure(Jvm.unwrap(e), timeout)));
            } else {
                answers.add(ask(m.address(), timeout, request));
            }
        }
        return CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
                .thenApply(x -> new Gathered(nodes, answers.stream().map(CompletableFuture::join).toList()));
    }

    /** Asks one member's agent; completes with its answer, or with why there is none (a String). Never fails. */
    private CompletableFuture<Object> ask(Address node, Duration timeout,
                                          java.util.function.BiFunction<ActorRef, ActorRef, Object> request) {
        if (!cluster.isUp(node)) {
            return CompletableFuture.completedFuture(cluster.downWhy(node));
        }
        ActorRef agent = cluster.agentOf(node);
        return Asks.ask(agent, replyTo -> request.apply(agent, replyTo), timeout, executor)
                .<Object>thenApply(answer -> {
                    if (answer instanceof Wire.TopRes t) {
                        return t.rows();
                    }
                    if (answer instanceof Wire.QueryFailed f) {
                        return f.code() + ": " + f.message();
                    }
                    return answer;
                })
                .exceptionally(e -> failure(Jvm.unwrap(e), timeout));
    }

    private static String failure(Throwable t, Duration timeout) {
        if (t instanceof AskTimeoutException) {
            return "timeout after " + timeout.toMillis() + " ms";
        }
        if (t instanceof IntrospectionBusyException) {
            return "busy: " + t.getMessage();
        }
        return "error: " + t.getMessage();
    }

    @SuppressWarnings("unchecked")
    private ClusterRanking ranking(ProcessAttribute a, int n, Duration window, Duration timeout, Gathered g) {
        List<ClusterSample> all = new ArrayList<>();
        List<String> answered = new ArrayList<>();
        List<BadNode> bad = new ArrayList<>();
        for (int i = 0; i < g.nodes().size(); i++) {
            String node = g.nodes().get(i);
            Object answer = g.answers().get(i);
            if (answer instanceof List<?> rows) {
                answered.add(node);
                for (Wire.Row r : (List<Wire.Row>) rows) {
                    all.add(new ClusterSample(node, "<0." + r.number() + ".0>@" + node, r.value(), r.registeredName(),
                            r.initialCall(), r.currentMessageType(), ProcessStatus.valueOf(r.status())));
                }
            } else {
                bad.add(new BadNode(node, String.valueOf(answer)));
            }
        }
        all.sort(ORDER);
        List<ClusterSample> top = List.copyOf(all.subList(0, Math.min(n, all.size())));
        return new ClusterRanking(MedicParams.wireName(a), n, window == null ? null : window.toMillis(),
                timeout.toMillis(), top, answered, bad);
    }

    private static CompletionStage<List<Wire.Row>> local(List<ProcessSample> samples) {
        return CompletableFuture.completedFuture(rows(samples));
    }

    static List<Wire.Row> rows(List<ProcessSample> samples) {
        List<Wire.Row> rows = new ArrayList<>(samples.size());
        for (ProcessSample s : samples) {
            rows.add(new Wire.Row(s.pid().number(), s.value(), s.registeredName(), s.initialCall(),
                    s.currentMessageType(), s.status().name()));
        }
        return rows;
    }

    // ================================================================== the answering node

    /** Answers a query another node asked; false if {@code m} is not one. */
    boolean answer(Object m) {
        if (m instanceof Wire.TopReq t) {
            reply(t.replyTo(), () -> CompletableFuture.supplyAsync(
                    () -> new Wire.TopRes(rows(recon.procCount(ProcessAttribute.valueOf(t.attribute()), t.n()))), executor));
            return true;
        }
        if (m instanceof Wire.WindowReq w) {
            reply(w.replyTo(), () -> recon.procWindow(ProcessAttribute.valueOf(w.attribute()), w.n(),
                    Duration.ofMillis(w.windowMs())).thenApply(s -> new Wire.TopRes(rows(s))));
            return true;
        }
        if (m instanceof Wire.StatsReq s) {
            reply(s.replyTo(), () -> CompletableFuture.supplyAsync(this::statsRes, executor));
            return true;
        }
        return false;
    }

    private Wire.StatsRes statsRes() {
        return new Wire.StatsRes(recon.nodeStats(), MedicManagement.uri(cluster.node).map(Object::toString).orElse(null));
    }

    private static void reply(ActorRef to, java.util.function.Supplier<CompletionStage<?>> work) {
        CompletionStage<?> stage;
        try {
            stage = work.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((v, e) -> to.tell(e == null ? v : new Wire.QueryFailed(
                Jvm.unwrap(e) instanceof IntrospectionBusyException ? "busy" : "error", Jvm.unwrap(e).getMessage()),
                ActorRef.noSender()));
    }

}
