package io.medic.introspection;

import io.medic.runtime.Node;
import java.util.concurrent.Executor;

/**
 * What a {@link MedicRoutesExtension} is given when the {@code /medic} route tree is built: the node
 * it serves, the dispatcher Medic's own routes run on, and the server's switches — what an OTP
 * application's start function is given through its environment. Immutable.
 */
public interface MedicRoutesContext {

    /** The extension's name: its key under {@code medic.http.extensions}. */
    String name();

    /** The node whose routes these are. */
    Node node();

    /**
     * The dispatcher of the {@code /medic} routes ({@code medic.http.dispatcher}): where a handler
     * should run costly work or complete its stages, so that a node whose default dispatcher is
     * saturated still answers. Handlers already run on it when the server was started with
     * {@link MedicManagement#start}.
     */
    Executor executor();

    /**
     * Whether mutating routes are off ({@code akka.management.http.route-providers-read-only}, true by
     * default). Medic enforces it for every {@link MedicEndpoint#mutating mutating} row; an extension
     * only needs it to adapt what it shows (a dashboard hiding its destructive buttons).
     */
    boolean readOnly();

    /** Whether {@code medic.http.auth} has users: every {@code /medic} request then authenticates. */
    boolean authEnabled();
}
