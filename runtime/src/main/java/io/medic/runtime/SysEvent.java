package io.medic.runtime;

import java.time.Instant;

/**
 * One entry of a process's sys log ({@code sys:log(Pid, get)}) or one sys trace line.
 *
 * @param time        when it happened
 * @param kind        {@code call}, {@code cast}, {@code info}, {@code reply}, {@code noreply},
 *                    {@code continue}, {@code system} or {@code stop}
 * @param description the message or reply rendered with {@code toString}, cut at
 *                    {@code medic.sys.event-max-chars}
 */
public record SysEvent(Instant time, String kind, String description) {
}
