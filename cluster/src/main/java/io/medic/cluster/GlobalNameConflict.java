package io.medic.cluster;

import io.medic.runtime.Pid;

/**
 * The info message a process gets when it loses its global name to a conflict resolved with
 * {@link Global.Conflict#NOTIFY_LOSER} or {@link Global.Conflict#NOTIFY_BOTH}: OTP's
 * {@code {global_name_conflict, Name}} and {@code {global_name_conflict, Name, OtherPid}}. The process
 * keeps running, without the name.
 *
 * @param name  the name it lost
 * @param other the other process that was registered under it, with its node
 */
public record GlobalNameConflict(String name, Pid other) {
}
