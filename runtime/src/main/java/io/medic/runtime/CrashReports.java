package io.medic.runtime;

import io.medic.runtime.internal.CrashLog;
import io.medic.runtime.internal.ProcessRecord;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The crash reports of one node: every {@link CrashReport} its processes wrote, in a bounded ring
 * ({@code medic.crash.history}, 100 by default; the oldest goes first), and the report of any dead
 * process, kept with its pid for as long as the pid is. What OTP's logger keeps of
 * {@code proc_lib}'s crash reports (and what rb, the report browser, reads back), here kept in memory
 * and served at {@code GET /medic/crashes}. Thread-safe; readers never block a crashing process for
 * longer than a copy of the ring takes.
 *
 * <p>When a report is written: a Medic process — a {@code GenServer}, a supervisor, a plain behaviour
 * spawned through Medic — exits with an abnormal reason, as {@code proc_lib} writes one: never for
 * {@code normal}, {@code shutdown} or {@code {shutdown, _}}, and never for {@code killed}: a killed
 * process runs none of its own code (in OTP, {@code exit(Pid, kill)} and a supervisor's
 * {@code brutal_kill} leave no crash report either; the supervisor reports the exit).
 */
public final class CrashReports {
    private final CrashLog log;

    private CrashReports(CrashLog log) {
        this.log = log;
    }

    /** The crash reports of {@code node}. */
    public static CrashReports of(Node node) {
        return new CrashReports(node.services().crashes);
    }

    /**
     * The reports kept, newest first: those with {@code since < id < before}, at most {@code limit}.
     * {@code since} 0 and {@code before} {@link Long#MAX_VALUE} take them all; polling with the newest
     * id seen as {@code since} gives what came after it, paging with the oldest id of a page as
     * {@code before} gives the page before it.
     *
     * <p>Cost: one pass over the ring (at most {@code medic.crash.history} reports), under its lock.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1 or {@code since} is negative
     */
    public List<CrashReport> list(long since, long before, int limit) {
        check(since, limit);
        return log.list(since, before, limit, r -> true);
    }

    /**
     * The reports kept of a process registered as {@code name} when it crashed, newest first, at most
     * {@code limit}: a named child's crashes across its incarnations.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public List<CrashReport> ofName(String name, int limit) {
        Objects.requireNonNull(name, "name");
        check(0, limit);
        return log.list(0, Long.MAX_VALUE, limit, r -> name.equals(r.registeredName()));
    }

    /**
     * The reports kept of one process and of the other incarnations registered under its name: those
     * whose pid number is {@code pidNumber} (one at most: a pid exits once), or whose registered name
     * was {@code registeredName} (null: none), newest first, at most {@code limit}. What a dead process
     * left, found by the pid it had or the name it was registered under.
     *
     * @throws IllegalArgumentException if {@code limit} is below 1
     */
    public List<CrashReport> ofProcess(long pidNumber, String registeredName, int limit) {
        check(0, limit);
        return log.list(0, Long.MAX_VALUE, limit, r -> r.pid().number() == pidNumber
                || registeredName != null && registeredName.equals(r.registeredName()));
    }

    /**
     * The report {@code pid} wrote when it exited, if it did: kept with the (dead) pid, so it outlives
     * the ring. Empty for a live process, and for one that exited normally or was killed. Cost: O(1).
     */
    public Optional<CrashReport> of(Pid pid) {
        return Optional.ofNullable(ProcessRecord.of(pid).crashReport());
    }

    /** The report kept in the ring with this id, if it is still there. */
    public Optional<CrashReport> byId(long id) {
        List<CrashReport> one = log.list(id - 1, id + 1, 1, r -> true);
        return one.isEmpty() ? Optional.empty() : Optional.of(one.get(0));
    }

    /**
     * The id of the newest report written on this node, 0 if none: poll with it as {@code since}. Ids
     * count from 1, so it is also how many reports were written since the node started; all but the
     * last {@link #capacity()} have left the ring.
     */
    public long latestId() {
        return log.latestId();
    }

    /** How many reports the ring keeps ({@code medic.crash.history}). */
    public int capacity() {
        return log.capacity();
    }

    private static void check(long since, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit: bad value " + limit + ", expected 1 or more");
        }
        if (since < 0) {
            throw new IllegalArgumentException("since: bad value " + since + ", expected 0 or more");
        }
    }
}
