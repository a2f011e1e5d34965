package io.medic.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A cluster-wide ranking: every node's top N merged into the cluster's top N —
 * {@code recon:rpc(recon, proc_count, [Attr, N])} or {@code proc_window}, merged, with the bad nodes.
 * Partial when some node did not answer: {@code badNodes} names them, and {@code processes} is the top
 * of the others.
 *
 * @param attribute the attribute's wire name ({@code message_queue_len}, {@code memory_bytes} ...)
 * @param limit     N
 * @param windowMs  the window, for a window ranking; null for a ranking of current values
 * @param timeoutMs how long each node was given (after the window)
 * @param processes the top N over the nodes that answered, largest first
 * @param nodes     the nodes that answered
 * @param badNodes  the nodes that did not, and why
 */
public record ClusterRanking(String attribute, int limit,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Long windowMs, long timeoutMs,
                             List<ClusterSample> processes, List<String> nodes, List<BadNode> badNodes) {
}
