package io.medic.runtime.ports;

/**
 * The JVM process's open and maximum file descriptors (the OS limit behind every port): what
 * {@code os:cmd("ls /proc/PID/fd | wc -l")} and {@code ulimit -n} tell an Erlang operator.
 *
 * @param open descriptors open now, or -1 when the platform does not say
 * @param max  the per-process limit, or -1 when the platform does not say
 */
public record FileDescriptors(long open, long max) {
}
