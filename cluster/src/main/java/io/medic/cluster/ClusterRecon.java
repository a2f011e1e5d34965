package io.medic.cluster;

import io.medic.cluster.internal.ClusterServices;
import io.medic.runtime.ProcessAttribute;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * recon across the cluster: each function asks every member at once — over Akka remoting, of the
 * member's Medic actor — gives each the same timeout, and merges what came back: {@code recon:rpc}
 * (and {@code rpc:multicall}), with its results and its bad nodes. Every answer is bounded (a member
 * sends at most its top {@code n}); a member that is unreachable, down, busy or too slow is named in the
 * answer's bad nodes with why, and the answer is made of the others.
 *
 * <pre>{@code
 * ClusterRanking top = MedicCluster.get(node).recon()
 *         .procCount(ProcessAttribute.MESSAGE_QUEUE_LEN, 10, Duration.ofSeconds(2)).toCompletableFuture().join();
 * }</pre>
 *
 * Thread-safe.
 */
public final class ClusterRecon {
    private final ClusterServices services;

    ClusterRecon(ClusterServices services) {
        this.services = services;
    }

    /**
     * {@code recon:proc_count(Attribute, N)} on every member, merged: the {@code n} processes of the
     * cluster with the largest {@code attribute}, each with its node. Cost on each member: one pass over
     * its process table (see {@code Recon.procCount}).
     *
     * @param timeout how long each member is given
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000
     */
    public CompletionStage<ClusterRanking> procCount(ProcessAttribute attribute, int n, Duration timeout) {
        return services.queries.procCount(Objects.requireNonNull(attribute, "attribute"), n, positive(timeout));
    }

    /**
     * {@code recon:proc_window(Attribute, N, Ms)} on every member at the same time, merged. A member that
     * is already sampling a process window answers {@code busy} and is a bad node of this answer.
     *
     * @param timeout how long each member is given after the window
     * @throws IllegalArgumentException if {@code n} is not between 1 and 1000, or the window not between 1 ms and 60 s
     */
    public CompletionStage<ClusterRanking> procWindow(ProcessAttribute attribute, int n, Duration window,
                                                      Duration timeout) {
        return services.queries.procWindow(Objects.requireNonNull(attribute, "attribute"), n,
                Objects.requireNonNull(window, "window"), positive(timeout));
    }

    /** Every member with its node stats ({@code recon:node_stats_list}) and the base URL of its HTTP API. */
    public CompletionStage<ClusterNodes> nodes(Duration timeout) {
        return services.queries.nodes(positive(timeout));
    }

    private static Duration positive(Duration timeout) {
        if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: bad value " + timeout + ", expected a positive duration");
        }
        return timeout;
    }
}
