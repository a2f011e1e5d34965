package io.medic.supervision;

import java.time.Duration;

/**
 * A supervisor's restart budget now: restarts counted in the current window against its intensity.
 *
 * @param used      restarts within the last {@code period}
 * @param intensity how many are allowed within {@code period}
 * @param period    the sliding window
 */
public record RestartBudget(int used, int intensity, Duration period) {
}
