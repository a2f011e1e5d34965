package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.StartException;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * start_link semantics (OTP {@code init_children/2}, {@code start_children/2}): children start in list
 * order, depth-first, each child's init acknowledged before the next child is spawned; a failing init
 * aborts the start, stopping the children already started newest first, and the caller gets
 * {@code {shutdown, {failed_to_start_child, Id, Reason}}}; {@code ignore} keeps a spec without a process.
 */
class SynchronousStartTest extends SupervisionTestSupport {

    @Test
    void childrenStartInListOrderDepthFirst() {
        SupervisorSpec sub = SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("b1"), worker("b2"));
        SupervisorSpec subSub = SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("c1"));
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"), ChildSpec.supervisor("sub", sub),
                ChildSpec.supervisor("sub2", SupervisorSpec.of(SupervisorFlags.oneForOne(),
                        ChildSpec.supervisor("subsub", subSub), worker("c2"))), worker("d"));

        assertEquals(List.of("init:a", "init:b1", "init:b2", "init:c1", "init:c2", "init:d"), journal.of("init"));
        assertEquals(List.of("a", "sub", "sub2", "d"), ids(sup));
        Pid subPid = pid(sup, "sub");
        assertTrue(Supervisor.isSupervisor(subPid));
        assertEquals(List.of("b1", "b2"), ids(subPid));
        assertEquals(new ChildCounts(4, 4, 2, 2), Supervisor.countChildren(sup));
        assertEquals(ChildType.SUPERVISOR, child(sup, "sub").orElseThrow().type());
        assertEquals(Shutdown.infinity(), child(sup, "sub").orElseThrow().shutdown(), "a supervisor's default shutdown");
        assertEquals(Shutdown.timeout(Shutdown.DEFAULT_WORKER_TIMEOUT), child(sup, "a").orElseThrow().shutdown());
    }

    @Test
    void eachChildsInitCompletesBeforeTheNextChildIsSpawned() {
        CountDownLatch gateA = gate();
        CountDownLatch gateB = gate();
        CountDownLatch gateC = gate();
        int tableBefore = node.processes().size();
        CompletableFuture<Pid> started = Supervisor.start(node, SupervisorSpec.of(SupervisorFlags.oneForOne(),
                        worker("a", Worker.Script.DEFAULT.initGate(gateA)),
                        worker("b", Worker.Script.DEFAULT.initGate(gateB)),
                        worker("c", Worker.Script.DEFAULT.initGate(gateC))), SpawnOptions.DEFAULT)
                .toCompletableFuture();
        started.thenAccept(this::track);

        journal.await("init-begin:a");
        assertEquals(List.of("init-begin:a"), journal.entries(), "b is not started while a's init runs");
        assertEquals(tableBefore + 2, node.processes().size(), "only the supervisor and a exist");
        assertFalse(started.isDone());
        Pid sup = supervisorOf("a");
        assertEquals(ProcessStatus.INITIALIZING, sup.entry().status(), "the supervisor has not acknowledged its start");

        gateA.countDown();
        journal.await("init-begin:b");
        assertEquals(List.of("init-begin:a", "init:a", "init-begin:b"), journal.entries());
        assertEquals(tableBefore + 3, node.processes().size(), "c not spawned while b's init runs");
        assertFalse(started.isDone(), "start_link returns only once all children have started");

        gateB.countDown();
        journal.await("init-begin:c");
        assertFalse(started.isDone());
        gateC.countDown();
        assertEquals(sup, Await.result(started));
        assertEquals(List.of("init-begin:a", "init:a", "init-begin:b", "init:b", "init-begin:c", "init:c"),
                journal.entries());
    }

    @Test
    void aChildSupervisorsChildrenAllStartBeforeItsNextSibling() {
        CountDownLatch gateB2 = gate();
        CompletableFuture<Pid> started = Supervisor.start(node, SupervisorSpec.of(SupervisorFlags.oneForOne(),
                worker("a"),
                ChildSpec.supervisor("sub", SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("b1"),
                        worker("b2", Worker.Script.DEFAULT.initGate(gateB2)))),
                worker("c")), SpawnOptions.DEFAULT).toCompletableFuture();
        started.thenAccept(this::track);

        journal.await("init-begin:b2");
        assertFalse(journal.contains("init-begin:c"), "c waits for the whole subtree: " + journal);
        gateB2.countDown();
        Await.result(started);
        assertEquals(List.of("init-begin:a", "init:a", "init-begin:b1", "init:b1", "init-begin:b2", "init:b2",
                "init-begin:c", "init:c"), journal.entries());
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void aChildThrowingInInitAbortsTheStartStoppingTheStartedChildrenNewestFirst() {
        int tableBefore = node.processes().size();
        StartException e = assertThrows(StartException.class, () -> Supervisor.startSync(node,
                SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("a"), worker("b"),
                        worker("c", Worker.Script.DEFAULT.init(Worker.InitMode.THROW)), worker("d")),
                SpawnOptions.DEFAULT, T));

        assertEquals(List.of("init:a", "init:b", "init-failed:c", "terminate:b:shutdown", "terminate:a:shutdown"),
                journal.of("init", "init-failed", "terminate"), "d never started; b then a stopped");
        ExitReason.ShutdownWithInfo reason = assertInstanceOf(ExitReason.ShutdownWithInfo.class, e.reason());
        FailedToStartChild failed = assertInstanceOf(FailedToStartChild.class, reason.info());
        assertEquals("c", failed.childId());
        ExitReason.Exception cause = assertInstanceOf(ExitReason.Exception.class, failed.reason());
        assertEquals("init of c failed on attempt 1", cause.cause().getMessage());
        assertTrue(e.getMessage().contains("failed_to_start_child, c,"), e.getMessage());
        assertTrue(e.getMessage().contains("init of c failed on attempt 1"), e.getMessage());
        Await.until(() -> "nothing left of the failed start", () -> node.processes().size() == tableBefore);
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void aChildReturningStopFromInitAbortsTheStartThroughTheAsyncForm() {
        int tableBefore = node.processes().size();
        Throwable t = Await.failure(Supervisor.start(node, SupervisorSpec.of(SupervisorFlags.oneForOne(),
                worker("a"), worker("b", Worker.Script.DEFAULT.init(Worker.InitMode.STOP)), worker("c")),
                SpawnOptions.DEFAULT));

        StartException e = assertInstanceOf(StartException.class, t);
        assertEquals(ExitReason.shutdown(new FailedToStartChild("b", ExitReason.custom("init of b refused"))), e.reason());
        assertTrue(e.getMessage().contains("{failed_to_start_child, b, init of b refused}"), e.getMessage());
        assertEquals(List.of("init:a", "init-failed:b", "terminate:a:shutdown"), journal.of("init", "init-failed", "terminate"));
        Await.until(() -> "nothing left of the failed start", () -> node.processes().size() == tableBefore);
    }

    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void aFailingGrandchildAbortsTheWholeTreeStart() {
        StartException e = assertThrows(StartException.class, () -> Supervisor.startSync(node,
                SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("a"),
                        ChildSpec.supervisor("sub", SupervisorSpec.of(SupervisorFlags.oneForOne(), worker("b1"),
                                worker("b2", Worker.Script.DEFAULT.init(Worker.InitMode.THROW)))),
                        worker("c")),
                SpawnOptions.DEFAULT, T));
        assertEquals(List.of("init:a", "init:b1", "init-failed:b2", "terminate:b1:shutdown", "terminate:a:shutdown"),
                journal.of("init", "init-failed", "terminate"));
        FailedToStartChild outer = (FailedToStartChild) ((ExitReason.ShutdownWithInfo) e.reason()).info();
        assertEquals("sub", outer.childId());
        FailedToStartChild inner = (FailedToStartChild) ((ExitReason.ShutdownWithInfo) outer.reason()).info();
        assertEquals("b2", inner.childId());
        assertTrue(e.getMessage().contains("failed_to_start_child, sub, {shutdown, {failed_to_start_child, b2,"), e.getMessage());
    }

    @Test
    void ignoreKeepsAPermanentOrTransientSpecWithoutAProcessAndDropsATemporaryOne() {
        Worker.Script ignoring = Worker.Script.DEFAULT.init(Worker.InitMode.IGNORE);
        Pid sup = startSupervisor(SupervisorFlags.oneForOne(), worker("a"), worker("p", ignoring),
                worker("t", ignoring).withRestart(RestartType.TRANSIENT),
                worker("tmp", ignoring).withRestart(RestartType.TEMPORARY), worker("z"));

        assertEquals(List.of("init:a", "ignore:p", "ignore:t", "ignore:tmp", "init:z"), journal.of("init", "ignore"),
                "ignore does not abort the start");
        List<ChildInfo> children = children(sup);
        assertEquals(List.of("a", "p", "t", "z"), children.stream().map(ChildInfo::id).collect(Collectors.toList()));
        for (String id : List.of("p", "t")) {
            ChildInfo c = child(sup, id).orElseThrow();
            assertNull(c.pid());
            assertEquals(ChildStatus.UNDEFINED, c.status());
        }
        assertEquals(new ChildCounts(4, 2, 0, 4), Supervisor.countChildren(sup));
        assertNull(Supervisor.restartChild(sup, "p"), "restart_child of an ignoring child: {ok, undefined}");
    }

    /** The supervisor that spawned the child with this journal id, found through the process table. */
    private Pid supervisorOf(String childId) {
        ProcessEntry child = node.processes().entries().stream()
                .filter(p -> p.initialCall().equals(Worker.class.getName()) && p.isAlive()
                        && p.parent().filter(Supervisor::isSupervisor).isPresent())
                .findFirst().orElseThrow(() -> new AssertionError("no worker " + childId));
        return child.parent().orElseThrow();
    }
}
