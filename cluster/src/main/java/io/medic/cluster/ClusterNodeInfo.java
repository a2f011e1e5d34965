package io.medic.cluster;

import io.medic.introspection.NodeStats;
import java.util.List;

/**
 * One member and its node stats: Erlang's {@code nodes()} entry with
 * {@code rpc:call(Node, recon, node_stats_list, [1, 0])}.
 *
 * @param node      its name, as its pids print it ({@code 127.0.0.1:25521})
 * @param address   its Akka address
 * @param status    Akka's member status ({@code up}, {@code joining}, {@code leaving} ...)
 * @param reachable whether the asking node's failure detector reaches it
 * @param self      whether it is the asking node
 * @param leader    whether it is the cluster's leader as the asking node sees it
 * @param oldest    whether it is the oldest member: where the cluster's singletons run (the failover
 *                  coordinator among them)
 * @param roles     its Akka Cluster roles
 * @param baseUrl   the base URL of its HTTP API ({@code http://127.0.0.1:8559}; its routes are under
 *                  {@code /medic}), when it serves one; null otherwise
 * @param stats     its node stats, null if it did not answer (see the answer's bad nodes)
 */
public record ClusterNodeInfo(String node, String address, String status, boolean reachable, boolean self,
                              boolean leader, boolean oldest, List<String> roles, String baseUrl, NodeStats stats) {
}
