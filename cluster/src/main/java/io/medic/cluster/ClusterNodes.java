package io.medic.cluster;

import java.util.List;

/**
 * The members of the cluster with their node stats, as one node sees them
 * ({@code GET /medic/cluster/nodes}); partial when some did not answer.
 *
 * @param node      the node that answered this request
 * @param timeoutMs how long each node was given
 * @param nodes     every member, oldest first; those that did not answer have null stats
 * @param badNodes  the members that did not answer, and why
 */
public record ClusterNodes(String node, long timeoutMs, List<ClusterNodeInfo> nodes, List<BadNode> badNodes) {
}
