package io.medic.cluster;

/**
 * A node that did not answer a cluster-wide query in time, or could not: one of the "bad nodes" of
 * {@code recon:rpc} / {@code rpc:multicall}.
 *
 * @param node   the node ({@code 127.0.0.1:25521})
 * @param reason why: {@code timeout after 2000 ms}, {@code unreachable}, {@code busy: ...}, ...
 */
public record BadNode(String node, String reason) {
}
