package io.medic.supervision;

import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.supervision.internal.ApplicationController;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The node's application controller ({@code application_controller}): starts applications, stops them
 * by hand, applies their start types when they terminate, and stops them in reverse start order when
 * the node shuts down. One per node; thread-safe.
 */
public final class Applications {
    private final ApplicationController controller;

    private Applications(ApplicationController controller) {
        this.controller = controller;
    }

    /** The controller of {@code node}. */
    public static Applications of(Node node) {
        return new Applications(ApplicationController.of(node));
    }

    /**
     * {@code application:start(Name, Type)}: starts the top supervisor (registered under the
     * application's name) and its tree; completes with its pid once all have started. Fails with an
     * {@link IllegalStateException} if an application of that name is already running.
     */
    public CompletionStage<Pid> start(Application application) {
        return controller.start(application);
    }

    /**
     * {@code application:stop(Name)}: shuts the tree down in order; completes when it has stopped.
     * Never takes the node down, whatever the start type.
     */
    public CompletionStage<Void> stop(String name) {
        return controller.stop(name);
    }

    /** Every application the node has started or is starting, in start order. */
    public List<ApplicationInfo> list() {
        return controller.list();
    }

    public Optional<ApplicationInfo> get(String name) {
        return controller.get(name);
    }

    /** True when every application that was asked to start has started and none is starting. */
    public boolean allStarted() {
        return controller.allStarted();
    }

    /** True once a permanent application has terminated (the node is then going down). */
    public boolean permanentTerminated() {
        return controller.permanentTerminated();
    }
}
