package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.CoordinatedShutdown;
import akka.actor.testkit.typed.javadsl.TestProbe;
import com.typesafe.config.ConfigFactory;
import io.medic.runtime.Down;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.StartException;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Escalation up a supervision tree, and applications (OTP {@code application} start types): a
 * permanent application whose top supervisor exits stops the node with status 1; a transient one only
 * if the exit is abnormal (anything but {@code normal}); a temporary one never. Applications start in
 * order, synchronously, and a failed start of a vital one fails the node's start. One node per test.
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "(io.medic.supervision.Worker")
class ApplicationTest {
    private static final AtomicInteger NODES = new AtomicInteger();
    private static final Duration T = Duration.ofSeconds(15);

    private final Journal journal = new Journal();
    private Node node;

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
    }

    private Node start(Application... apps) {
        node = Node.start("app-test-" + NODES.incrementAndGet(), ConfigFactory.empty(), List.of(apps));
        return node;
    }

    private ChildSpec worker(String id) {
        return Worker.spec(journal, id);
    }

    private static SupervisorSpec tree(SupervisorFlags flags, ChildSpec... children) {
        return SupervisorSpec.of(flags, children);
    }

    private static int exitStatus(Node node) {
        return Await.result(node.exitStatus(), T);
    }

    /** The node has not been asked to stop (nothing called CoordinatedShutdown) and is running. */
    private static void assertRunning(Node node) {
        assertTrue(CoordinatedShutdown.get(node.classicSystem()).getShutdownReason().isEmpty(), "no shutdown requested");
        assertFalse(node.exitStatus().toCompletableFuture().isDone());
        assertFalse(Applications.of(node).permanentTerminated());
    }

    // ------------------------------------------------------------------ escalation

    /**
     * top (one_for_one, 1 restart per hour) → [s, mid (intensity 0) → [low (intensity 0) → [l1, l2]]].
     * A leaf crash takes low and mid down with reason shutdown; top restarts mid (a whole new subtree).
     * The second time, top's own budget is exceeded: top exits, and the permanent application stops the node.
     */
    @Test
    @ExpectLog(logger = "io.medic.application", message = "exited with reason")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status")
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void exceededIntensityEscalatesUpTheTreeToTheApplicationAndStopsTheNode() {
        FakeTicker ticker = new FakeTicker();
        SupervisorSpec low = tree(SupervisorFlags.oneForOne().withIntensity(0).withTicker(ticker), worker("l1"), worker("l2"));
        SupervisorSpec mid = tree(SupervisorFlags.oneForOne().withIntensity(0).withTicker(ticker), ChildSpec.supervisor("low", low));
        SupervisorSpec top = tree(SupervisorFlags.oneForOne().withIntensity(1).withPeriod(Duration.ofHours(1)).withTicker(ticker),
                worker("s"), ChildSpec.supervisor("mid", mid));
        Node node = start(Application.permanent("shop", top));
        Pid topPid = node.whereis("shop").orElseThrow();
        Tree before = Tree.of(topPid);
        TestProbe<Down> probe = TestProbe.create(node.system());
        Medic.monitor(probe.ref(), before.mid);
        Medic.monitor(probe.ref(), before.low);
        int mark = journal.mark();

        SupervisionTestSupport.crash(before.l2);

        Map<Pid, ExitReason> downs = downs(probe, 2);
        assertEquals(Map.of(before.low, ExitReason.SHUTDOWN, before.mid, ExitReason.SHUTDOWN), downs,
                "low and mid exceeded their intensity: exit shutdown");
        Pid newMid = SupervisionTestSupport.awaitNewPid(topPid, "mid", before.mid);
        Await.until(() -> "the new subtree to run", () -> Tree.of(topPid).l2 != null);
        Tree after = Tree.of(topPid);
        assertEquals(newMid, after.mid);
        assertEquals(before.s, after.s, "s, a sibling under one_for_one, untouched");
        for (Pid p : List.of(after.mid, after.low, after.l1, after.l2)) {
            assertTrue(p.isAlive());
        }
        for (Pid p : List.of(before.mid, before.low, before.l1, before.l2)) {
            assertFalse(p.isAlive());
        }
        assertNotEquals(before.low, after.low);
        assertNotEquals(before.l1, after.l1);
        assertEquals(List.of("terminate:l2:exception", "terminate:l1:shutdown", "init:l1", "init:l2"),
                journal.since(mark, "init", "terminate"));
        assertEquals(1, Supervisor.report(topPid).budget().used());
        // the node goes down with top, probes included: wait for these exits with futures
        CompletionStage<ExitReason> midExit = Medic.whenExited(after.mid);
        CompletionStage<ExitReason> topExit = Medic.whenExited(topPid);
        mark = journal.mark();

        SupervisionTestSupport.crash(after.l1);

        assertEquals(ExitReason.SHUTDOWN, Await.result(midExit));
        assertEquals(ExitReason.SHUTDOWN, Await.result(topExit),
                "top's second restart within the hour is one too many: top exits shutdown");
        assertEquals(1, exitStatus(node), "a permanent application's exit stops the node with status 1");
        assertEquals(List.of("terminate:l1:exception", "terminate:l2:shutdown", "terminate:s:shutdown"),
                journal.since(mark, "init", "terminate"));
        ApplicationInfo info = Applications.of(node).get("shop").orElseThrow();
        assertEquals(ApplicationInfo.Status.FAILED, info.status());
        assertEquals(ExitReason.SHUTDOWN, info.exitReason());
        assertTrue(Applications.of(node).permanentTerminated());
    }

    /** A transient child supervisor that exceeds its intensity exits with shutdown: a normal exit, not restarted. */
    @Test
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void aTransientChildSupervisorExitingOnIntensityIsNotRestarted() {
        FakeTicker ticker = new FakeTicker();
        SupervisorSpec sub = tree(SupervisorFlags.oneForOne().withIntensity(0).withTicker(ticker), worker("w"));
        Node node = start(Application.permanent("app", tree(SupervisorFlags.oneForOne().withTicker(ticker),
                ChildSpec.supervisor("sub", sub).withRestart(RestartType.TRANSIENT), worker("s"))));
        Pid top = node.whereis("app").orElseThrow();
        Pid subPid = SupervisionTestSupport.pid(top, "sub");
        SupervisionTestSupport.crash(SupervisionTestSupport.pid(subPid, "w"));
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(subPid)));
        Await.until(() -> "sub undefined", () -> SupervisionTestSupport.child(top, "sub").orElseThrow().pid() == null);
        assertEquals(ChildStatus.UNDEFINED, SupervisionTestSupport.child(top, "sub").orElseThrow().status());
        assertEquals(0, Supervisor.report(top).budget().used());
        assertRunning(node);
    }

    // ------------------------------------------------------------------ start types

    @Test
    @ExpectLog(logger = "io.medic.application", message = "exited with reason")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status")
    void aPermanentApplicationWhoseTopSupervisorExitsEvenNormallyStopsTheNode() {
        Node node = start(Application.permanent("perm", tree(SupervisorFlags.oneForOne(), worker("a"))));
        Pid top = node.whereis("perm").orElseThrow();
        Await.result(GenServer.stop(top, ExitReason.NORMAL, T));
        assertEquals(1, exitStatus(node));
        assertEquals(List.of("terminate:a:shutdown"), journal.of("terminate"), "a supervisor stops its children with shutdown");
    }

    @Test
    void aTransientApplicationExitingNormallyLeavesTheNodeRunning() {
        Node node = start(Application.transientApp("trans", tree(SupervisorFlags.oneForOne(), worker("a"))));
        Pid top = node.whereis("trans").orElseThrow();
        Await.result(GenServer.stop(top, ExitReason.NORMAL, T));
        Await.until(() -> "the controller to see the exit",
                () -> Applications.of(node).get("trans").orElseThrow().exitReason() != null);
        assertEquals(ExitReason.NORMAL, Applications.of(node).get("trans").orElseThrow().exitReason());
        assertRunning(node);
    }

    /** Exit reasons are values: any instance of normal is normal. */
    @Test
    void aTransientApplicationExitingWithAnotherInstanceOfNormalLeavesTheNodeRunning() {
        Node node = start(Application.transientApp("trans", tree(SupervisorFlags.oneForOne(), worker("a"))));
        Await.result(GenServer.stop(node.whereis("trans").orElseThrow(), new ExitReason.Normal(), T));
        assertRunning(node);
    }

    @Test
    @ExpectLog(logger = "io.medic.application", message = "exited with reason")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status")
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void aTransientApplicationExitingOnIntensityStopsTheNodeBecauseShutdownIsAbnormalForApplications() {
        Node node = start(Application.transientApp("trans",
                tree(SupervisorFlags.oneForOne().withIntensity(0), worker("a"))));
        Pid top = node.whereis("trans").orElseThrow();
        SupervisionTestSupport.crash(SupervisionTestSupport.pid(top, "a"));
        assertEquals(1, exitStatus(node), "OTP: a transient application stops the node for any reason but normal");
    }

    @Test
    @ExpectLog(logger = "io.medic.application", message = "exited with reason")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status")
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "terminating with reason bad")
    void aTransientApplicationExitingWithAnAbnormalReasonStopsTheNode() {
        Node node = start(Application.transientApp("trans", tree(SupervisorFlags.oneForOne(), worker("a"))));
        Await.result(GenServer.stop(node.whereis("trans").orElseThrow(), ExitReason.custom("bad"), T));
        assertEquals(1, exitStatus(node));
    }

    @Test
    @ExpectLog(level = "WARN", logger = "io.medic.application", message = "exited with reason")
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void aTemporaryApplicationExitingLeavesTheNodeRunning() {
        Node node = start(Application.temporary("temp", tree(SupervisorFlags.oneForOne().withIntensity(0), worker("a"))));
        Pid top = node.whereis("temp").orElseThrow();
        SupervisionTestSupport.crash(SupervisionTestSupport.pid(top, "a"));
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(top)));
        Await.until(() -> "the controller to see the exit",
                () -> Applications.of(node).get("temp").orElseThrow().exitReason() != null);
        assertRunning(node);
    }

    @Test
    void stoppingAPermanentApplicationByHandDoesNotStopTheNode() {
        Node node = start(Application.permanent("perm", tree(SupervisorFlags.oneForOne(), worker("a"), worker("b"))));
        Pid top = node.whereis("perm").orElseThrow();
        Await.result(Applications.of(node).stop("perm"));
        assertFalse(top.isAlive());
        assertEquals(List.of("terminate:b:shutdown", "terminate:a:shutdown"), journal.of("terminate"));
        ApplicationInfo info = Applications.of(node).get("perm").orElseThrow();
        assertEquals(ApplicationInfo.Status.STOPPED, info.status());
        assertRunning(node);
        assertTrue(node.whereis("perm").isEmpty());
    }

    // ------------------------------------------------------------------ starting with the node

    @Test
    void theNodeStartsApplicationsInOrderAndStopsThemInReverseOrder() {
        Node node = start(
                Application.permanent("first", tree(SupervisorFlags.oneForOne(), worker("f1"), worker("f2"))),
                Application.temporary("second", tree(SupervisorFlags.oneForOne(), worker("s1"))));
        assertEquals(List.of("init:f1", "init:f2", "init:s1"), journal.of("init"), "second starts after first has started");
        List<ApplicationInfo> apps = Applications.of(node).list();
        assertEquals(List.of("first", "second"), apps.stream().map(ApplicationInfo::name).collect(Collectors.toList()));
        assertTrue(apps.stream().allMatch(a -> a.status() == ApplicationInfo.Status.RUNNING));
        assertTrue(Applications.of(node).allStarted());
        assertEquals(node.whereis("first").orElseThrow(), apps.get(0).supervisor());
        assertTrue(Supervisor.isSupervisor(apps.get(1).supervisor()));

        node.close();
        assertEquals(0, exitStatus(node));
        assertEquals(List.of("terminate:s1:shutdown", "terminate:f2:shutdown", "terminate:f1:shutdown"),
                journal.of("terminate"), "node shutdown stops applications newest first");
    }

    @Test
    @ExpectLog(logger = "io.medic.application", message = "failed to start")
    @ExpectLog(logger = "io.medic.runtime", message = "failed, stopping the node")
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void aFailingPermanentApplicationFailsTheNodesStartNamingTheApplicationAndTheChild() {
        StartException e = assertThrows(StartException.class, () -> start(
                Application.permanent("good", tree(SupervisorFlags.oneForOne(), worker("g"))),
                Application.permanent("broken", tree(SupervisorFlags.oneForOne(), worker("b1"),
                        Worker.spec(journal, "bad", Worker.Script.DEFAULT.init(Worker.InitMode.THROW)))),
                Application.permanent("never", tree(SupervisorFlags.oneForOne(), worker("n")))));
        node = null;
        assertTrue(e.getMessage().startsWith("node app-test-"), e.getMessage());
        assertTrue(e.getMessage().contains(": start of broken failed: "), e.getMessage());
        assertTrue(e.getMessage().contains("{failed_to_start_child, bad, {exception, java.lang.IllegalStateException: init of bad"),
                e.getMessage());
        FailedToStartChild failed = (FailedToStartChild) ((ExitReason.ShutdownWithInfo) e.reason()).info();
        assertEquals("bad", failed.childId());
        assertEquals(List.of("init:g", "init:b1", "init-failed:bad", "terminate:b1:shutdown", "terminate:g:shutdown"),
                journal.of("init", "init-failed", "terminate"), "the started application is stopped with the node; the next never starts");
    }

    @Test
    @ExpectLog(logger = "io.medic.application", message = "failed to start")
    @ExpectLog(logger = "io.medic.runtime", message = "failed, continuing without")
    @ExpectLog(logger = "io.medic.supervision", message = "failed to start")
    void aFailingTemporaryApplicationDoesNotFailTheNodesStart() {
        Node node = start(
                Application.temporary("optional", tree(SupervisorFlags.oneForOne(),
                        Worker.spec(journal, "bad", Worker.Script.DEFAULT.init(Worker.InitMode.STOP)))),
                Application.permanent("core", tree(SupervisorFlags.oneForOne(), worker("c"))));
        assertRunning(node);
        assertEquals(ApplicationInfo.Status.FAILED, Applications.of(node).get("optional").orElseThrow().status());
        assertEquals(ApplicationInfo.Status.RUNNING, Applications.of(node).get("core").orElseThrow().status());
        assertEquals(List.of("init-failed:bad", "init:c"), journal.of("init", "init-failed"));
        assertFalse(Applications.of(node).allStarted());
    }

    @Test
    void anApplicationCannotBeStartedTwice() {
        Node node = start(Application.permanent("once", tree(SupervisorFlags.oneForOne(), worker("a"))));
        Throwable t = Await.failure(Applications.of(node).start(
                Application.permanent("once", tree(SupervisorFlags.oneForOne(), worker("b")))));
        assertEquals("application 'once' is already running", t.getMessage());
        assertEquals(List.of("init:a"), journal.of("init"));
    }

    // ------------------------------------------------------------------ helpers

    private static Map<Pid, ExitReason> downs(TestProbe<Down> probe, int n) {
        Map<Pid, ExitReason> out = new HashMap<>();
        for (Down d : probe.receiveSeveralMessages(n, T)) {
            out.put(d.pid(), d.reason());
        }
        return out;
    }

    /** The pids of the escalation test's tree. */
    private record Tree(Pid s, Pid mid, Pid low, Pid l1, Pid l2) {
        static Tree of(Pid top) {
            Pid mid = pidOrNull(top, "mid");
            Pid low = mid == null ? null : pidOrNull(mid, "low");
            return new Tree(pidOrNull(top, "s"), mid, low, low == null ? null : pidOrNull(low, "l1"),
                    low == null ? null : pidOrNull(low, "l2"));
        }

        private static Pid pidOrNull(Pid sup, String id) {
            try {
                return SupervisionTestSupport.child(sup, id).map(ChildInfo::pid).orElse(null);
            } catch (RuntimeException e) {
                return null; // a supervisor of the subtree is still starting
            }
        }
    }
}
