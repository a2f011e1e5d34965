package io.medic.runtime;

/**
 * What {@code sys:get_status/1} reports for a process, fetched through the process itself.
 *
 * @param pid               the process
 * @param status            its status when it answered (running: it is answering)
 * @param kind              gen_server, supervisor or behavior
 * @param behaviour         the class it was started from ({@code initial_call} / the callback module)
 * @param parent            the parent Medic process, or null
 * @param parentPath        the parent actor's path
 * @param registeredName    its name, or null
 * @param suspended         whether it is suspended
 * @param statisticsEnabled whether sys statistics are being collected
 * @param logSize           the size of its sys log ring, 0 when the log is off
 * @param traceEnabled      whether sys trace is on
 * @param installed         the ids of the debug functions installed with {@link Sys#install}, in the
 *                          order installed, rendered as text
 * @param sensitive         whether it is sensitive
 * @param state             its state as rendered by {@code formatStatus}; null if not available
 * @param stateNote         null when {@code state} is given, otherwise why it is not
 */
public record SysStatus(
        Pid pid,
        ProcessStatus status,
        String kind,
        String behaviour,
        Pid parent,
        String parentPath,
        String registeredName,
        boolean suspended,
        boolean statisticsEnabled,
        int logSize,
        boolean traceEnabled,
        java.util.List<String> installed,
        boolean sensitive,
        Object state,
        String stateNote) {
}
