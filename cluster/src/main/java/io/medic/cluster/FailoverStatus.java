package io.medic.cluster;

import java.util.List;

/**
 * Where a failover application runs, as the cluster's coordinator knows it: the cluster-wide view of
 * {@code application:which_applications/0} for distributed applications.
 *
 * @param name       the application
 * @param node       the node it runs on, is starting on or is stopping on; null when it runs nowhere
 * @param phase      {@code starting}, {@code running}, {@code stopping} (a takeover), {@code stopped} (stopped on
 *                   its node, by itself or by hand: it stays stopped), or {@code waiting} (no candidate node)
 * @param candidates the nodes that may run it now, best first
 * @param takeover   whether it moves back to a better node when one joins
 */
public record FailoverStatus(String name, String node, String phase, List<String> candidates, boolean takeover) {
}
