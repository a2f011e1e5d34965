package io.medic.supervision.internal;

import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.supervision.Application;
import io.medic.supervision.ApplicationInfo;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** INTERNAL API — work in progress: the application controller. */
public final class ApplicationController {
    public static ApplicationController of(Node node) {
        throw new UnsupportedOperationException("application controller not implemented yet");
    }

    public CompletionStage<Pid> start(Application application) { throw new UnsupportedOperationException(); }

    public CompletionStage<Void> stop(String name) { throw new UnsupportedOperationException(); }

    public List<ApplicationInfo> list() { throw new UnsupportedOperationException(); }

    public Optional<ApplicationInfo> get(String name) { throw new UnsupportedOperationException(); }

    public boolean allStarted() { throw new UnsupportedOperationException(); }

    public boolean permanentTerminated() { throw new UnsupportedOperationException(); }
}
