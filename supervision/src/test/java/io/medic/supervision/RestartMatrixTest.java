package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The matrix of OTP's {@code do_restart/3}: strategy × restart type × exit reason. A child x between
 * two permanent siblings a and z exits with each reason; the test checks whether it is restarted,
 * which siblings are restarted with it (the strategy), whether its spec is kept (which_children shows
 * it with status UNDEFINED) or removed (temporary; any child of simple_one_for_one), and
 * count_children.
 */
class RestartMatrixTest extends SupervisionTestSupport {

    /** The exit reasons of the matrix, and whether OTP counts each as normal. */
    enum Reason {
        NORMAL(ExitReason.NORMAL),
        SHUTDOWN(ExitReason.SHUTDOWN),
        SHUTDOWN_WITH_INFO(ExitReason.shutdown("maintenance")),
        EXCEPTION(ExitReason.exception(new IllegalStateException("boom"))),
        KILLED(ExitReason.KILLED),
        CUSTOM(ExitReason.custom("bad_state"));

        final ExitReason reason;

        Reason(ExitReason reason) {
            this.reason = reason;
        }

        boolean normal() {
            return this == NORMAL || this == SHUTDOWN || this == SHUTDOWN_WITH_INFO;
        }

        /** The journal entry of x's terminate: none when killed (terminate does not run). */
        Optional<String> terminateEntry() {
            return this == KILLED ? Optional.empty() : Optional.of("terminate:x:" + Worker.label(reason));
        }
    }

    static Stream<Arguments> matrix() {
        List<Arguments> out = new ArrayList<>();
        for (Strategy s : Strategy.values()) {
            for (RestartType t : RestartType.values()) {
                for (Reason r : Reason.values()) {
                    out.add(Arguments.of(s, t, r));
                }
            }
        }
        return out.stream();
    }

    private static boolean restarted(RestartType type, Reason reason) {
        return switch (type) {
            case PERMANENT -> true;
            case TRANSIENT -> !reason.normal();
            case TEMPORARY -> false;
        };
    }

    @ParameterizedTest(name = "{0} {1} child exits {2}")
    @MethodSource("matrix")
    void restartTypeTimesExitReason(Strategy strategy, RestartType type, Reason reason) {
        assertTrue(reason.reason.isNormal() == reason.normal(), "ExitReason.isNormal agrees with OTP for " + reason);
        Worker.Script script = Worker.Script.DEFAULT;
        Pid sup;
        if (strategy == Strategy.SIMPLE_ONE_FOR_ONE) {
            sup = startSupervisor(SupervisorSpec.of(flags(strategy),
                    Worker.template(journal, "w", script).withRestart(type)));
            for (String id : List.of("a", "x", "z")) {
                Supervisor.startChild(sup, List.<Object>of(id));
            }
        } else {
            sup = startSupervisor(SupervisorSpec.of(flags(strategy),
                    worker("a"), worker("x").withRestart(type), worker("z")));
        }
        List<Pid> before = pids(sup);
        Pid x0 = before.get(1);
        int mark = journal.mark();

        makeExit(x0, reason.reason);
        assertEquals(reason.reason, awaitExit(x0), "x's exit reason");

        boolean restarted = restarted(type, reason);
        List<String> expected = new ArrayList<>();
        reason.terminateEntry().ifPresent(expected::add);
        if (restarted) {
            switch (strategy) {
                case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> expected.add("init:x");
                case ONE_FOR_ALL -> expected.addAll(List.of("terminate:z:shutdown", "terminate:a:shutdown",
                        "init:a", "init:x", "init:z"));
                case REST_FOR_ONE -> expected.addAll(List.of("terminate:z:shutdown", "init:x", "init:z"));
            }
            awaitAllRunningWithNewPids(sup, before, restartedPositions(strategy));
        } else {
            // the decision not to restart clears x's pid in the same step: once it shows no pid and is not
            // RESTARTING, nothing more will happen to it
            Await.until(() -> "x to be dropped or undefined: " + children(sup), () -> {
                List<ChildInfo> now = children(sup);
                return now.size() == 2 || (now.get(1).pid() == null && now.get(1).status() == ChildStatus.UNDEFINED);
            });
        }
        assertEquals(expected, journal.since(mark, "init", "terminate"), "journal");

        List<ChildInfo> after = children(sup);
        boolean specKept = restarted || (type != RestartType.TEMPORARY && strategy != Strategy.SIMPLE_ONE_FOR_ONE);
        assertEquals(specKept ? 3 : 2, after.size(), "children: " + after);
        ChildInfo a = after.get(0);
        ChildInfo z = after.get(after.size() - 1);
        if (specKept) {
            ChildInfo x = after.get(1);
            assertEquals(strategy == Strategy.SIMPLE_ONE_FOR_ONE ? "w" : "x", x.id());
            if (restarted) {
                assertEquals(ChildStatus.RUNNING, x.status());
                assertNotEquals(x0, x.pid());
                assertTrue(x.pid().isAlive());
                assertEquals(1, x.restarts());
            } else {
                assertEquals(ChildStatus.UNDEFINED, x.status(), "a kept spec without a process");
                assertNull(x.pid());
            }
        }
        boolean siblingsRestarted = restarted && strategy == Strategy.ONE_FOR_ALL;
        boolean laterRestarted = restarted && (strategy == Strategy.ONE_FOR_ALL || strategy == Strategy.REST_FOR_ONE);
        assertEquals(!siblingsRestarted, a.pid().equals(before.get(0)), "a keeps its pid unless one_for_all restarts");
        assertEquals(!laterRestarted, z.pid().equals(before.get(2)), "z keeps its pid unless a group restart");
        assertEquals(!siblingsRestarted, before.get(0).isAlive());
        assertEquals(!laterRestarted, before.get(2).isAlive());
        assertFalse(x0.isAlive());

        int specs = specKept ? 3 : 2;
        int active = specKept && !restarted ? 2 : specs;
        int specCount = strategy == Strategy.SIMPLE_ONE_FOR_ONE ? 1 : specs; // OTP: the template only
        assertEquals(new ChildCounts(specCount, active, 0, specs), Supervisor.countChildren(sup), "count_children");
        assertTrue(sup.isAlive(), "the supervisor survives (budget of 10)");

        if (type == RestartType.TEMPORARY && strategy != Strategy.SIMPLE_ONE_FOR_ONE) {
            SupervisorException e = supervisorError(() -> Supervisor.restartChild(sup, "x"));
            assertEquals(SupervisorException.Error.NOT_FOUND, e.error(), "a temporary child's spec is gone");
        }
    }

    private static SupervisorFlags flags(Strategy strategy) {
        return SupervisorFlags.of(strategy).withIntensity(10).withPeriod(Duration.ofHours(1))
                .withTicker(new FakeTicker());
    }

    private static List<Integer> restartedPositions(Strategy strategy) {
        return switch (strategy) {
            case ONE_FOR_ONE, SIMPLE_ONE_FOR_ONE -> List.of(1);
            case ONE_FOR_ALL -> List.of(0, 1, 2);
            case REST_FOR_ONE -> List.of(1, 2);
        };
    }

    private static List<Pid> pids(Pid sup) {
        List<Pid> out = new ArrayList<>();
        for (ChildInfo c : children(sup)) {
            out.add(c.pid());
        }
        return out;
    }

    private static void awaitAllRunningWithNewPids(Pid sup, List<Pid> before, List<Integer> positions) {
        Map<Integer, Pid> old = new HashMap<>();
        positions.forEach(i -> old.put(i, before.get(i)));
        Await.until(() -> "children " + positions + " to run with new pids: " + children(sup), () -> {
            List<ChildInfo> now = children(sup);
            if (now.size() != before.size()) {
                return false;
            }
            for (int i = 0; i < now.size(); i++) {
                ChildInfo c = now.get(i);
                if (c.status() != ChildStatus.RUNNING || c.pid() == null) {
                    return false;
                }
                if (old.containsKey(i) && c.pid().equals(old.get(i))) {
                    return false;
                }
            }
            return true;
        });
    }
}
