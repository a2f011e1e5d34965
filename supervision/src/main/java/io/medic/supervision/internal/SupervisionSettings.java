package io.medic.supervision.internal;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import io.medic.runtime.Node;
import io.medic.runtime.SettingsReader;
import java.time.Duration;

/**
 * INTERNAL API
 *
 * <p>The {@code medic.supervision} section (defaults in the supervision module's {@code reference.conf}),
 * read and validated once per node like Medic's other sections: every bad value is reported with its
 * path, the value and what was expected. Immutable.
 */
public final class SupervisionSettings implements Extension {
    private static final Id ID = new Id();

    /** How long a supervisor waits for a killed child to stop before reporting it abandoned. */
    public final Duration killGrace;
    /** How long the node's shutdown waits for each application's tree to stop. */
    public final Duration applicationStopTimeout;
    /** Crashes a supervisor keeps of each child, across its incarnations. */
    public final int crashesPerChild;
    /** Crashes a supervisor keeps of all its children together. */
    public final int crashesPerSupervisor;
    /** Supervisor events the node keeps of all its supervisors, dead ones included. */
    public final int nodeHistory;

    private static final class Id extends AbstractExtensionId<SupervisionSettings> {
        @Override
        public SupervisionSettings createExtension(ExtendedActorSystem system) {
            return new SupervisionSettings(system);
        }
    }

    private SupervisionSettings(ExtendedActorSystem system) {
        SettingsReader r = new SettingsReader(system.settings().config(), "medic.supervision");
        killGrace = r.duration("kill-grace", Duration.ZERO, Duration.ofHours(1));
        applicationStopTimeout = r.duration("application-stop-timeout", Duration.ofMillis(1), Duration.ofHours(1));
        crashesPerChild = r.integer("crash-history.per-child", 0, 1000);
        crashesPerSupervisor = r.integer("crash-history.per-supervisor", 0, 100_000);
        nodeHistory = r.integer("node-history", 0, 100_000);
        if (crashesPerChild > crashesPerSupervisor) {
            r.error("crash-history.per-child", "bad value " + crashesPerChild + ", expected at most "
                    + "medic.supervision.crash-history.per-supervisor (" + crashesPerSupervisor + ")");
        }
        r.throwIfInvalid("Medic supervision configuration");
    }

    public static SupervisionSettings of(Node node) {
        return ID.get(node.classicSystem());
    }
}
