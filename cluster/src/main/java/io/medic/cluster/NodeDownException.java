package io.medic.cluster;

import io.medic.runtime.MedicException;

/**
 * The node of the process asked is down or unreachable: Erlang's {@code {nodedown, Node}} exit of a
 * {@code gen_server:call}. A call to a process of a node that is not reachable now fails with this at
 * once; a call in flight when its node becomes unreachable, or leaves the cluster, fails with it then —
 * not after its timeout. The process may still be alive (an unreachable node may come back): what is
 * known is only that no answer can come.
 */
public final class NodeDownException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final String node;

    public NodeDownException(String target, String node, String why) {
        super("node " + node + " of " + target + " is " + why + ": nodedown");
        this.node = node;
    }

    /** The node, as pids print it ({@code 127.0.0.1:25521}). */
    public String node() {
        return node;
    }

    @Override
    public String code() {
        return "nodedown";
    }
}
