package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Sys;
import io.medic.runtime.SysStatus;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A supervisor is a Medic process: in the process table as kind {@code supervisor}, answering
 * {@code sys:get_status} with its children, and keeping typed events (bounded) and its restart budget.
 */
class SupervisorIntrospectionTest extends SupervisionTestSupport {

    @Test
    void aSupervisorIsInTheProcessTableAsASupervisorAndItsChildrenAsItsChildren() {
        Pid sup = startSupervisor(SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("a"),
                ChildSpec.supervisor("sub", SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("b")))));
        ProcessEntry entry = node.processes().entries().stream().filter(e -> e.pid().equals(sup)).findFirst()
                .orElseThrow(() -> new AssertionError("supervisor not in the process table"));
        assertEquals("supervisor", entry.kind());
        assertEquals(sup, node.lookup(sup.toString()).orElseThrow());
        Pid a = pid(sup, "a");
        Pid sub = pid(sup, "sub");
        assertEquals("gen_server", a.entry().kind());
        assertEquals("supervisor", sub.entry().kind());
        assertEquals(sup, a.entry().parent().orElseThrow());
        assertEquals(sup, sub.entry().parent().orElseThrow());
        assertEquals(sub, pid(sub, "b").entry().parent().orElseThrow());
        assertTrue(a.entry().monitoredBy().contains(sup), "the supervisor monitors its child");
    }

    @Test
    void aRegisteredSupervisorIsFoundByName() {
        Pid sup = track(Supervisor.startSync(node, SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("a")),
                SpawnOptions.DEFAULT.withName("top-sup"), T));
        assertEquals(sup, node.whereis("top-sup").orElseThrow());
        assertEquals("top-sup", Sys.getStatus(sup).registeredName());
    }

    @Test
    void sysGetStatusShowsTheSupervisorReportWithItsChildren() {
        Pid sup = startSupervisor(SupervisorFlags.restForOne().withIntensity(3).withPeriod(Duration.ofSeconds(7)),
                worker("a"), worker("b").withRestart(RestartType.TRANSIENT));
        SysStatus status = Sys.getStatus(sup);
        assertEquals("supervisor", status.kind());
        SupervisorReport report = assertInstanceOf(SupervisorReport.class, status.state());
        assertEquals(sup, report.pid());
        assertEquals(Strategy.REST_FOR_ONE, report.strategy());
        assertEquals(3, report.intensity());
        assertEquals(Duration.ofSeconds(7), report.period());
        assertEquals(List.of("a", "b"), report.children().stream().map(ChildInfo::id).collect(Collectors.toList()));
        assertEquals(pid(sup, "a"), report.children().get(0).pid());
        assertEquals(RestartType.TRANSIENT, report.children().get(1).restart());
        assertEquals(new RestartBudget(0, 3, Duration.ofSeconds(7)), report.budget());
        assertInstanceOf(SupervisorReport.class, Sys.getState(sup), "sys get_state too");
    }

    @Test
    void theEventHistoryIsBoundedAndKeepsTheLatestTypedEventsInOrder() {
        FakeTicker ticker = new FakeTicker();
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(10).withTicker(ticker).withEventHistory(5),
                worker("a"), worker("b"));
        List<SupervisorEvent> first = Supervisor.report(sup).events();
        assertEquals(List.of("ChildStarted a 0", "ChildStarted b 0"), describe(first));
        assertEquals(pid(sup, "a"), ((SupervisorEvent.ChildStarted) first.get(0)).pid());

        Pid a = pid(sup, "a");
        List<Pid> incarnations = new java.util.ArrayList<>(List.of(a));
        for (int i = 0; i < 3; i++) {
            crash(a);
            a = awaitNewPid(sup, "a", a);
            incarnations.add(a);
        }
        // 8 events happened: started a, started b, then three times terminated a + started a
        SupervisorReport report = Supervisor.report(sup);
        List<SupervisorEvent> events = report.events();
        assertEquals(List.of("ChildStarted a 1", "ChildCrashed a exception", "ChildStarted a 2",
                "ChildCrashed a exception", "ChildStarted a 3"), describe(events), "the last 5, oldest first");
        assertEquals(incarnations.get(1), ((SupervisorEvent.ChildStarted) events.get(0)).pid());
        assertEquals(incarnations.get(1), ((SupervisorEvent.ChildCrashed) events.get(1)).pid());
        assertEquals(incarnations.get(3), ((SupervisorEvent.ChildStarted) events.get(4)).pid());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(!events.get(i).time().isBefore(events.get(i - 1).time()), "events in time order");
        }
        assertEquals(new RestartBudget(3, 10, SupervisorFlags.DEFAULT_PERIOD), report.budget());
        ticker.advance(SupervisorFlags.DEFAULT_PERIOD.plusMillis(1));
        assertEquals(0, Supervisor.report(sup).budget().used(), "the budget is read from the ticker");
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void aStartErrorAndATerminationByHandAreEvents() {
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"));
        Pid a = pid(sup, "a");
        Supervisor.terminateChild(sup, "a");
        supervisorError(() -> Supervisor.startChild(sup, worker("x", Worker.Script.DEFAULT.init(Worker.InitMode.STOP))));
        List<SupervisorEvent> events = Supervisor.report(sup).events();
        assertEquals(List.of("ChildStarted a 0", "ChildTerminated a shutdown", "StartError x custom"), describe(events));
        assertEquals(a, ((SupervisorEvent.ChildTerminated) events.get(1)).pid());
        assertEquals(ExitReason.custom("init of x refused"), ((SupervisorEvent.StartError) events.get(2)).reason());
    }

    /** Events take their time from the supervisor's ticker: with a fake one, the times are exact. */
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    @Test
    void eventTimesComeFromTheInjectedTicker() {
        FakeTicker ticker = new FakeTicker();
        Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(10).withTicker(ticker), worker("a"));
        Pid a0 = pid(sup, "a");
        ticker.advance(Duration.ofSeconds(90));
        crash(a0);
        awaitNewPid(sup, "a", a0);
        ticker.advance(Duration.ofMillis(1500));
        Supervisor.terminateChild(sup, "a");
        supervisorError(() -> Supervisor.startChild(sup, worker("x", Worker.Script.DEFAULT.init(Worker.InitMode.STOP))));

        List<SupervisorEvent> events = Supervisor.report(sup).events();
        assertEquals(List.of("ChildStarted a 0", "ChildCrashed a exception", "ChildStarted a 1",
                "ChildTerminated a shutdown", "StartError x custom"), describe(events));
        java.time.Instant t0 = FakeTicker.ORIGIN;
        java.time.Instant t1 = t0.plusSeconds(90);
        java.time.Instant t2 = t1.plusMillis(1500);
        assertEquals(List.of(t0, t1, t1, t2, t2), events.stream().map(SupervisorEvent::time).collect(Collectors.toList()));
    }

    private static List<String> describe(List<SupervisorEvent> events) {
        return events.stream().map(SupervisionTestSupport::describe).collect(Collectors.toList());
    }
}
