package io.medic.supervision;

import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import java.time.Instant;

/**
 * An application as the node's application controller sees it ({@code application:which_applications/0}
 * plus its state).
 *
 * @param name       the application name
 * @param type       its start type
 * @param status     starting, running, stopped (by hand or at node shutdown) or failed
 * @param supervisor its top supervisor (null before it started or if its start failed)
 * @param exitReason why it terminated, if it did
 * @param startedAt  when its start completed, or null
 */
public record ApplicationInfo(String name, Application.StartType type, Status status, Pid supervisor,
                              ExitReason exitReason, Instant startedAt) {

    /** Lifecycle of an application. */
    public enum Status { STARTING, RUNNING, STOPPING, STOPPED, FAILED }
}
