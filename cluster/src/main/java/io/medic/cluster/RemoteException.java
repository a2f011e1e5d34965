package io.medic.cluster;

import io.medic.runtime.MedicException;

/**
 * An error raised on another node and carried back to the caller: its Erlang-style code, and its
 * message naming the original exception's class. The exception itself is not sent (it need not be
 * serializable, and its class need not exist here). It is the cause of the exit reason of a remote
 * process that crashed ({@code ExitReason.exception(RemoteException)}), and what a remote call fails
 * with when its server answered {@code from.fail(e)} or when the request or its reply could not cross
 * the network (code {@code badarg}: no serializer bound to its class, see docs/cluster.md#serialization).
 */
public final class RemoteException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String node;

    public RemoteException(String code, String message, String node) {
        super(message + " (on node " + node + ")");
        this.code = code;
        this.node = node;
    }

    /** The node it was raised on. */
    public String node() {
        return node;
    }

    @Override
    public String code() {
        return code;
    }

    /** How a throwable is described when it crosses nodes: its class and its message. */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getName() : t.getClass().getName() + ": " + m;
    }
}
