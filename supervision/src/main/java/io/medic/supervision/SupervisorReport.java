package io.medic.supervision;

import io.medic.runtime.Pid;
import java.time.Duration;
import java.util.List;

/**
 * Everything a supervisor can say about itself, for introspection: its flags, its children in start
 * order, its restart budget, and its recent events (oldest first, bounded).
 */
public record SupervisorReport(Pid pid, Strategy strategy, int intensity, Duration period,
                               List<ChildInfo> children, RestartBudget budget, List<SupervisorEvent> events) {
}
