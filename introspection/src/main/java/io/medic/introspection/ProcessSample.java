package io.medic.introspection;

import io.medic.runtime.Pid;
import io.medic.runtime.ProcessStatus;

/**
 * One row of {@link Recon#procCount} or {@link Recon#procWindow}: recon's
 * {@code {Pid, Value, [Name, {current_function, _}, {initial_call, _}]}}.
 *
 * @param pid                the process
 * @param value              the attribute's value (proc_count) or its increase over the window (proc_window)
 * @param registeredName     its registered name, or null
 * @param initialCall        the class it was started from ({@code initial_call})
 * @param currentMessageType the type of the message it is handling now, or null when idle
 *                           ({@code current_function}'s closest analog)
 * @param status             its status when read
 */
public record ProcessSample(Pid pid, long value, String registeredName, String initialCall,
                            String currentMessageType, ProcessStatus status) {
}
