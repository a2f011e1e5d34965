/**
 * Medic on Akka Cluster: Erlang's distribution for Medic nodes. {@link io.medic.cluster.MedicCluster}
 * joins a node to an Akka Cluster (seed nodes or Akka Management's Cluster Bootstrap) and makes pids of
 * other nodes ({@code <0.N.0>@host:port}) work with calls, casts, sends, exits and monitors, with OTP's
 * {@code nodedown} fail-fast; {@link io.medic.cluster.Global} is {@code global} (cluster-wide names on
 * Distributed Data); {@link io.medic.cluster.FailoverApplication} is a distributed application with
 * failover and takeover (a Cluster Singleton decides where it runs); {@link io.medic.cluster.ClusterRecon}
 * and {@link io.medic.cluster.ClusterRoutes} are {@code recon:rpc} across the members, from Java and under
 * {@code GET /medic/cluster/...}. Reference: docs/cluster.md.
 */
package io.medic.cluster;
