package io.medic.runtime;

/**
 * A monitor on a process, as returned by {@code erlang:monitor(process, Pid)}. When the process stops
 * the monitor fires once, with a {@link Down} message. Thread-safe.
 */
public interface MonitorRef {

    /** The monitored process. */
    Pid target();

    /**
     * Removes the monitor ({@code erlang:demonitor/1}): no {@link Down} is delivered afterwards. A
     * {@code Down} already sent may still arrive.
     *
     * @return true if the monitor was active and is now removed
     */
    boolean demonitor();
}
