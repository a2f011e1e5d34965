package io.medic.cluster;

import io.medic.runtime.ProcessStatus;

/**
 * One process of a cluster-wide ranking: recon's {@code {Pid, Value, [Name, ...]}} with its node, as
 * {@code recon:rpc} of {@code proc_count} returns it per node.
 *
 * @param node               the node it runs on ({@code 127.0.0.1:25521})
 * @param pid                its pid with its node, {@code <0.42.0>@127.0.0.1:25521}: what
 *                           {@link io.medic.runtime.Node#lookup} and the HTTP {@code {pid}} accept
 * @param value              the attribute's value, or its increase over the window
 * @param registeredName     its registered name, or null
 * @param initialCall        the class it was started from
 * @param currentMessageType the type of the message it was handling when read, or null
 * @param status             its status when read
 */
public record ClusterSample(String node, String pid, long value, String registeredName, String initialCall,
                            String currentMessageType, ProcessStatus status) {
}
