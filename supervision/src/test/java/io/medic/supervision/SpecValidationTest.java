package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.StartException;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Validation of flags and child specs (OTP {@code check_flags/1}, {@code check_childspec/2},
 * {@code check_startspec/2}, {@code check_childspecs/1}): every problem is reported, each naming the
 * field, the bad value and what was expected; a duplicate id names the id; validating starts nothing.
 */
class SpecValidationTest extends SupervisionTestSupport {

    private static final ChildStart START = ChildStart.genServer(() -> null);

    private static ChildSpec good(String id) {
        return ChildSpec.of(id, START);
    }

    @Test
    void aValidSpecHasNoProblems() {
        assertEquals(List.of(), good("a").check());
        assertEquals(List.of(), SupervisorSpec.of(SupervisorFlags.oneForOne(), good("a"), good("b")).check());
        assertEquals(List.of(), Supervisor.checkChildSpecs(List.of(good("a"), good("b"))));
        assertEquals(List.of(), good("a").withShutdown(Shutdown.brutalKill()).check());
        assertEquals(List.of(), good("a").withShutdown(Shutdown.infinity()).check());
    }

    @Test
    void eachBadChildSpecFieldNamesTheFieldTheValueAndTheExpectation() {
        assertEquals(List.of("child (no id): id: bad value null, expected a non-blank string"), good(null).check());
        assertEquals(List.of("child '  ': id: bad value '  ', expected a non-blank string"), good("  ").check());
        assertEquals(List.of("child '': id: bad value '', expected a non-blank string"), good("").check());
        assertEquals(List.of("child 'a': start: bad value null, expected a ChildStart (e.g. ChildStart.genServer(MyServer::new))"),
                ChildSpec.of("a", null).check());
        assertEquals(List.of("child 'a': restart: bad value null, expected PERMANENT, TRANSIENT or TEMPORARY"),
                good("a").withRestart(null).check());
        assertEquals(List.of("child 'a': type: bad value null, expected WORKER or SUPERVISOR"),
                good("a").withType(null).check());
        assertEquals(List.of(), good("a").withShutdown(Shutdown.timeout(Duration.ZERO)).check(), "0 ms is valid, as in OTP");
        assertEquals(List.of("child 'a': shutdown: bad value PT-0.5S, expected a timeout of 0 or more, brutalKill() or infinity()"),
                good("a").withShutdown(Shutdown.timeout(Duration.ofMillis(-500))).check());
        assertEquals(List.of("child 'a': name: bad value 'has space', a name cannot contain whitespace or control"
                + " characters (at index 3)"), good("a").withName("has space").check());
        assertEquals(List.of("child 'a': name: bad value '0.1.0', a name cannot look like a pid (A.B.C)"),
                good("a").withName("0.1.0").check());
        assertEquals(List.of("child 'a': name: bad value '/user/x', a name cannot start with '<' or '/' (those are pid and path forms)"),
                good("a").withName("/user/x").check());
        String longId = "x".repeat(256);
        assertEquals(List.of("child '" + longId + "': id: bad value of 256 characters, expected at most 255"),
                good(longId).check());
    }

    @Test
    void everyProblemOfASpecIsReportedAtOnce() {
        List<String> errors = ChildSpec.of(null, null).withRestart(null).withType(null)
                .withShutdown(Shutdown.timeout(Duration.ofMillis(-1))).check();
        assertEquals(5, errors.size(), errors.toString());
        for (String field : List.of("id:", "start:", "restart:", "type:", "shutdown:")) {
            assertTrue(errors.stream().anyMatch(e -> e.contains(field)), field + " in " + errors);
        }
    }

    @Test
    void duplicateIdsNameTheId() {
        assertEquals(List.of("child 'a': id: duplicate id 'a', expected ids unique within a supervisor"),
                Supervisor.checkChildSpecs(List.of(good("a"), good("b"), good("a"))));
        assertEquals(List.of("children[1]: bad value null, expected a ChildSpec",
                        "child (no id): id: bad value null, expected a non-blank string"),
                Supervisor.checkChildSpecs(Arrays.asList(good("a"), null, good(null))));
    }

    @Test
    void simpleOneForOneNeedsExactlyOneSpec() {
        assertEquals(List.of("children: bad value of 0 child specs, expected exactly one for SIMPLE_ONE_FOR_ONE"
                        + " (the template of its dynamic children)"),
                SupervisorSpec.of(SupervisorFlags.simpleOneForOne()).check());
        assertEquals(List.of("children: bad value of 2 child specs, expected exactly one for SIMPLE_ONE_FOR_ONE"
                        + " (the template of its dynamic children)"),
                SupervisorSpec.of(SupervisorFlags.simpleOneForOne(), good("a"), good("b")).check());
        assertEquals(List.of(), SupervisorSpec.of(SupervisorFlags.simpleOneForOne(), good("a")).check());
    }

    @Test
    void badFlagsAreRejected() {
        assertEquals(List.of("intensity: bad value -1, expected an integer >= 0"),
                SupervisorFlags.oneForOne().withIntensity(-1).check());
        assertEquals(List.of(), SupervisorFlags.oneForOne().withIntensity(0).check(), "0 is OTP's valid minimum");
        assertEquals(List.of("period: bad value PT0S, expected a positive duration"),
                SupervisorFlags.oneForOne().withPeriod(Duration.ZERO).check());
        assertEquals(List.of("period: bad value PT-1S, expected a positive duration"),
                SupervisorFlags.oneForOne().withPeriod(Duration.ofSeconds(-1)).check());
        assertEquals(List.of("period: bad value null, expected a positive duration"),
                SupervisorFlags.oneForOne().withPeriod(null).check());
        assertEquals(List.of("strategy: bad value null, expected one of ONE_FOR_ONE, ONE_FOR_ALL, REST_FOR_ONE, SIMPLE_ONE_FOR_ONE"),
                SupervisorFlags.oneForOne().withStrategy(null).check());
        assertEquals(List.of("ticker: bad value null, expected a Ticker (Ticker.SYSTEM by default)"),
                SupervisorFlags.oneForOne().withTicker(null).check());
        assertEquals(List.of("eventHistory: bad value 0, expected 1 to 100000"),
                SupervisorFlags.oneForOne().withEventHistory(0).check());
    }

    @Test
    void otpDefaults() {
        SupervisorFlags f = SupervisorFlags.oneForOne();
        assertEquals(1, f.intensity(), "OTP: intensity 1");
        assertEquals(Duration.ofSeconds(5), f.period(), "OTP: period 5 s");
        ChildSpec w = good("w");
        assertEquals(RestartType.PERMANENT, w.restart());
        assertEquals(ChildType.WORKER, w.type());
        assertEquals(Shutdown.timeout(Duration.ofSeconds(5)), w.shutdown());
        assertEquals(Shutdown.infinity(), w.withType(ChildType.SUPERVISOR).shutdown());
        assertEquals(Shutdown.infinity(), ChildSpec.supervisor("s", SupervisorSpec.of(f)).shutdown());
    }

    @Test
    void startingWithAnInvalidSpecThrowsInvalidSpecListingEveryProblemAndStartsNothing() {
        int table = node.processes().size();
        SupervisorSpec bad = SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(-2),
                worker("a"), ChildSpec.of("b", null), worker("a"));

        SupervisorException e = assertThrows(SupervisorException.class,
                () -> Supervisor.startSync(node, bad, SpawnOptions.DEFAULT, T));
        assertEquals(SupervisorException.Error.INVALID_SPEC, e.error());
        assertEquals("invalid supervisor spec: intensity: bad value -2, expected an integer >= 0; "
                + "child 'b': start: bad value null, expected a ChildStart (e.g. ChildStart.genServer(MyServer::new)); "
                + "child 'a': id: duplicate id 'a', expected ids unique within a supervisor", e.getMessage());
        assertEquals(table, node.processes().size(), "nothing started");
        assertEquals(List.of(), journal.entries(), "no init ran");

        Throwable async = Await.failure(Supervisor.start(node, bad, SpawnOptions.DEFAULT));
        assertEquals(e.getMessage(), assertInstanceOf(SupervisorException.class, async).getMessage(),
                "the async form fails its stage the same way");
        assertEquals(table, node.processes().size());
    }

    /**
     * As in OTP, a child supervisor's spec is checked when that child supervisor starts: the parent's
     * start fails naming the child, after stopping what it had started.
     */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void anInvalidChildSupervisorSpecFailsTheParentsStartNamingTheChild() {
        int table = node.processes().size();
        StartException e = assertThrows(StartException.class, () -> Supervisor.startSync(node,
                SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("a"),
                        ChildSpec.supervisor("sub", SupervisorSpec.of(SupervisorFlags.oneForOne().withPeriod(Duration.ZERO)))),
                SpawnOptions.DEFAULT, T));
        FailedToStartChild failed = (FailedToStartChild) ((ExitReason.ShutdownWithInfo) e.reason()).info();
        assertEquals("sub", failed.childId());
        ExitReason.Exception cause = assertInstanceOf(ExitReason.Exception.class, failed.reason());
        SupervisorException invalid = assertInstanceOf(SupervisorException.class, cause.cause());
        assertEquals("invalid supervisor spec: period: bad value PT0S, expected a positive duration", invalid.getMessage());
        assertEquals(List.of("init:a", "terminate:a:shutdown"), journal.of("init", "terminate"));
        Await.until(() -> "nothing left", () -> node.processes().size() == table);
    }

    @Test
    void anInvalidApplicationListsEveryProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Application.of("bad name", null,
                SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(-1))));
        assertEquals("invalid application 'bad name': application name: bad value 'bad name', a name cannot contain"
                + " whitespace or control characters (at index 3); application start type: bad value null, expected"
                + " PERMANENT, TRANSIENT or TEMPORARY; intensity: bad value -1, expected an integer >= 0", e.getMessage());
    }
}
