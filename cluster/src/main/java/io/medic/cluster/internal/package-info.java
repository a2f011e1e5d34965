/**
 * INTERNAL API: the cluster module's machinery — the node's cluster services and agent (membership,
 * remote pids, calls and monitors across nodes), the wire messages and their serializer, the global name
 * registry on Distributed Data, the failover coordinator (a Cluster Singleton) and each node's side of
 * it, and the cluster-wide queries. Not for use outside Medic; changes without notice.
 */
package io.medic.cluster.internal;
