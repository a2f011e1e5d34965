package io.medic.runtime;

/**
 * The message a monitoring process receives when the monitored one stops:
 * {@code {'DOWN', Ref, process, Pid, Reason}}. A {@link GenServer} gets it in {@code handleInfo}.
 *
 * @param monitor the monitor that fired
 * @param pid     the process that stopped
 * @param reason  why it stopped
 */
public record Down(MonitorRef monitor, Pid pid, ExitReason reason) {
}
