package io.medic.supervision;

import io.medic.runtime.ExitReason;

/**
 * The info of a supervisor's exit reason when one of its children could not be started:
 * {@code {shutdown, {failed_to_start_child, Id, Reason}}}.
 *
 * @param childId the child that failed
 * @param reason  why it failed
 */
public record FailedToStartChild(String childId, ExitReason reason) {
    @Override
    public String toString() {
        return "{failed_to_start_child, " + childId + ", " + reason + "}";
    }
}
