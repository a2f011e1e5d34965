package io.medic.cluster;

import io.medic.introspection.MedicEndpoint;
import io.medic.introspection.MedicHttpException;
import io.medic.introspection.MedicParams;
import io.medic.introspection.MedicRoutesContext;
import io.medic.introspection.MedicRoutesExtension;
import io.medic.introspection.MedicRequest;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The cluster's rows of the {@code /medic} route table — every member asked at once, each with the same
 * timeout, the answers merged, the members that did not answer named: {@code recon:rpc} over HTTP.
 * Registered by the cluster module's {@code reference.conf} as {@code medic.http.extensions.cluster}, so
 * that putting the module on the classpath is enough; the reads are behind the same authentication as
 * Medic's other reads, the two mutating rows behind its admin role, read-only switch and audit.
 *
 * <ul>
 *   <li>{@code GET /medic/cluster/nodes?timeout_ms=} — the members and their node stats ({@link ClusterNodes});</li>
 *   <li>{@code GET /medic/cluster/processes?sort=&limit=&timeout_ms=} — every member's top N merged
 *       ({@code recon:proc_count} on each, {@link ClusterRanking});</li>
 *   <li>{@code GET /medic/cluster/processes/window?attr=&limit=&window_ms=&timeout_ms=} — the same over a
 *       window sampled on every member at once ({@code recon:proc_window});</li>
 *   <li>{@code GET /medic/cluster/global} — the global names ({@code global:registered_names/0} with each
 *       holder's pid and node);</li>
 *   <li>{@code GET /medic/cluster/applications?timeout_ms=} — where each failover application runs
 *       ({@link FailoverStatus});</li>
 *   <li>{@code POST /medic/cluster/members/{node}/leave} and {@code .../down} — mutating rows (admin only,
 *       audited, absent in read-only mode): Akka Cluster's leave and down of a member
 *       ({@link MedicCluster#leave}, {@link MedicCluster#down}).</li>
 * </ul>
 *
 * On a node that is not a node of a cluster every row answers {@code 404 not_clustered}. Parameters are
 * parsed as Medic's own routes parse them ({@link MedicParams}): a bad one is a {@code 400} naming it.
 * Reference: docs/cluster.md#cluster-wide-introspection.
 */
public final class ClusterRoutes implements MedicRoutesExtension {
    private static final String DOCS = "cluster.md#cluster-wide-introspection";

    private final Node node;
    private final MedicParams params;

    /** Called when the {@code /medic} route tree is built. */
    public ClusterRoutes(Node node) {
        this.node = node;
        this.params = MedicParams.of(node);
    }

    /** The answer of {@code GET /medic/cluster/global}: each name with its holder, as this node's replica has them. */
    public record GlobalNames(String node, Map<String, String> names) {
    }

    @Override
    public List<MedicEndpoint> endpoints(MedicRoutesContext context) {
        Duration timeout = params.maxTimeout();
        return List.of(
                MedicEndpoint.read("cluster/nodes", DOCS, r -> recon().nodes(params.timeout(r)))
                        .withLongestWait(timeout),
                MedicEndpoint.read("cluster/processes", DOCS, r -> procCount(r)).withLongestWait(timeout),
                MedicEndpoint.read("cluster/processes/window", DOCS, r -> recon().procWindow(
                                params.attribute(r, "attr"), params.limit(r), params.window(r), params.timeout(r)))
                        .withLongestWait(params.maxWindow().plus(timeout)),
                MedicEndpoint.read("cluster/global", DOCS, r -> globalNames()),
                MedicEndpoint.read("cluster/applications", DOCS, r -> applications(r)).withLongestWait(timeout),
                MedicEndpoint.mutating("POST", "cluster/members/{node}/leave", DOCS, "cluster_leave",
                        r -> member(r, "leave")),
                MedicEndpoint.mutating("POST", "cluster/members/{node}/down", DOCS, "cluster_down",
                        r -> member(r, "down")));
    }

    /** The answer of a leave or down: the member and what it was asked. */
    public record MemberAction(String node, String action) {
    }

    private MemberAction member(MedicRequest r, String action) {
        MedicCluster c = cluster();
        String target = r.arg("node");
        if (c.members().stream().noneMatch(m -> m.node().equals(target))) {
            throw new MedicHttpException(404, "no_member", "node: bad value '" + target.replaceAll("\\p{Cntrl}", "?")
                    + "', expected a member of the cluster as host:port (GET /medic/cluster/nodes lists them)");
        }
        if (action.equals("leave")) {
            c.leave(target);
        } else {
            c.down(target);
        }
        return new MemberAction(target, action);
    }

    private Object procCount(MedicRequest r) {
        if (r.param("after").isPresent()) {
            throw MedicHttpException.badRequest("bad_after", "after: not accepted here: the cluster-wide ranking "
                    + "has no pages; expected sort and limit (a node's process table: GET /medic/processes on that node)");
        }
        return recon().procCount(params.attribute(r, "sort"), params.limit(r), params.timeout(r));
    }

    private java.util.concurrent.CompletionStage<List<FailoverStatus>> applications(MedicRequest r) {
        return cluster().failoverApplications(params.timeout(r)).handle((apps, e) -> {
            if (e == null) {
                return apps;
            }
            Throwable cause = io.medic.runtime.Jvm.unwrap(e);
            if (cause instanceof java.util.concurrent.TimeoutException) {
                throw new MedicHttpException(503, "coordinator_unavailable", cause.getMessage());
            }
            throw e instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(e);
        });
    }

    private GlobalNames globalNames() {
        MedicCluster c = cluster();
        Map<String, String> names = new java.util.TreeMap<>();
        for (Map.Entry<String, Pid> e : c.global().registeredNames().entrySet()) {
            names.put(e.getKey(), c.qualified(e.getValue()));
        }
        return new GlobalNames(c.nodeName(), names);
    }

    private ClusterRecon recon() {
        return cluster().recon();
    }

    private MedicCluster cluster() {
        if (!MedicCluster.isClustered(node)) {
            throw new MedicHttpException(404, "not_clustered", "node " + node.name() + " is not a node of a cluster "
                    + "(akka.actor.provider is not cluster, or medic.cluster.enabled = off; see docs/cluster.md#joining)");
        }
        return MedicCluster.get(node);
    }
}
