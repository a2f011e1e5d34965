package io.medic.cluster;

/**
 * A marker for messages that cross nodes, bound by the cluster module's {@code reference.conf} to
 * Akka's Jackson JSON serializer ({@code akka-serialization-jackson}): implement it on the requests,
 * replies, casts and infos your processes send to processes of other nodes. Records, enums and
 * ordinary beans work as Jackson writes them; a {@link io.medic.runtime.Pid} field travels as its node,
 * number and actor (arriving as the same process: a remote pid there, the local one back home).
 * Binding your own marker interface in {@code akka.actor.serialization-bindings} works as well (Akka's
 * documented way); Java serialization stays off, as Akka 2.6 has it by default. Erlang sends any term;
 * the JVM needs a serializer, which is why this marker exists (docs/cluster.md#serialization).
 */
public interface ClusterMessage {
}
