package io.medic.introspection;

import io.medic.runtime.CrashReport;
import io.medic.runtime.Pid;
import java.time.Instant;
import java.util.List;

/**
 * The recent crashes of one process and of its other incarnations — what its supervisor restarted in
 * its place, and what was registered under its name — newest first: the crash reports it left
 * ({@code proc_lib}'s, as rb would list them for one process) and, when a supervisor watches it, the
 * supervisor's crash history of that child ({@code child_crashed} events: killed incarnations included,
 * which wrote no report). Found for a live process, and for a dead one by the pid it had or the name it
 * was registered under. See docs/introspection.md, "process-crashes".
 *
 * @param process         the process as it was asked for ({@code <0.N.0>}, a name ...)
 * @param pid             the live process it names now — for a dead pid, the child's incarnation running
 *                        now — or null
 * @param registeredName  its registered name (now, or in the newest report), or null
 * @param supervisor      the supervisor whose history was read, or null
 * @param childId         its child id under that supervisor, or null
 * @param supervisorError why the supervisor's history is missing (it did not answer in time ...), or null
 * @param limit           the most crashes listed
 * @param crashes         the crashes, one per incarnation, newest first
 * @param truncated       whether more crashes were known than {@code limit}
 */
public record ProcessCrashes(String process, Pid pid, String registeredName, Pid supervisor, String childId,
                             String supervisorError, int limit, List<Crash> crashes, boolean truncated) {

    public ProcessCrashes {
        crashes = List.copyOf(crashes);
    }

    /**
     * One crashed incarnation.
     *
     * @param at       when it crashed (its supervisor's time when it has one, else its report's)
     * @param pid      the incarnation
     * @param reason   its exit reason
     * @param restarts how many times its supervisor had restarted the child before it (its report's count
     *                 otherwise)
     * @param report   the crash report it wrote, or null (killed: it ran none of its code)
     */
    public record Crash(Instant at, Pid pid, String reason, int restarts, CrashReport report) {
    }
}
