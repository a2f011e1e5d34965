package io.medic.cluster;

import java.util.List;

/**
 * A member of the cluster as this node sees it now: Erlang's {@code nodes()} entry, with what Akka
 * Cluster knows of it.
 *
 * @param node      its name, as its pids print it ({@code 127.0.0.1:25521})
 * @param address   its Akka address ({@code akka://council@127.0.0.1:25521})
 * @param status    Akka's member status in lower case: {@code joining}, {@code weakly_up}, {@code up},
 *                  {@code leaving}, {@code exiting}, {@code down}
 * @param reachable whether this node's failure detector reaches it now
 * @param self      whether it is this node
 * @param roles     its Akka Cluster roles
 */
public record ClusterMember(String node, String address, String status, boolean reachable, boolean self,
                            List<String> roles) {
}
