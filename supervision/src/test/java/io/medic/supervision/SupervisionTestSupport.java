package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One node per test class (kill-grace 300 ms), one journal per test, and the bookkeeping that keeps
 * tests independent: every supervisor a test starts is stopped after it, every gate it made is opened,
 * and the process table must be back at its size before the test (no leaked process).
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "(io.medic.supervision.Worker")
abstract class SupervisionTestSupport {
    static final Duration KILL_GRACE = Duration.ofMillis(300);
    static final Duration T = Duration.ofSeconds(10);
    private static final AtomicInteger NODES = new AtomicInteger();

    static Node node;

    protected Journal journal;
    private final List<Pid> supervisors = new ArrayList<>();
    private final List<CountDownLatch> gates = new ArrayList<>();
    private int tableBaseline;

    @BeforeAll
    static void startNode() {
        node = Node.start("sup-test-" + NODES.incrementAndGet(),
                ConfigFactory.parseString("medic.supervision.kill-grace = " + KILL_GRACE.toMillis() + "ms"));
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @BeforeEach
    void baseline() {
        journal = new Journal();
        tableBaseline = node.processes().size();
    }

    @AfterEach
    void cleanUp() {
        gates.forEach(g -> {
            while (g.getCount() > 0) {
                g.countDown();
            }
        });
        for (int i = supervisors.size() - 1; i >= 0; i--) {
            Pid sup = supervisors.get(i);
            if (sup.isAlive()) {
                try {
                    Await.result(GenServer.stop(sup, ExitReason.SHUTDOWN, Duration.ofSeconds(30)), Duration.ofSeconds(35));
                } catch (AssertionError e) {
                    if (!(e.getCause() instanceof NoProcessException)) {
                        throw e;
                    }
                }
            }
        }
        Await.until(() -> "the process table to be back at " + tableBaseline + " processes; it has "
                + node.processes().entries().stream().map(p -> p.pid() + " " + p.initialCall())
                .collect(Collectors.toList()), () -> node.processes().size() == tableBaseline);
    }

    // ------------------------------------------------------------------ starting

    /** Starts a supervisor (stopped after the test). */
    Pid startSupervisor(SupervisorSpec spec) {
        Pid sup = Supervisor.startSync(node, spec, SpawnOptions.DEFAULT, T);
        supervisors.add(sup);
        return sup;
    }

    Pid startSupervisor(SupervisorFlags flags, ChildSpec... children) {
        return startSupervisor(SupervisorSpec.of(flags, children));
    }

    /** Remembers a supervisor started some other way, so that it is stopped after the test. */
    Pid track(Pid sup) {
        supervisors.add(sup);
        return sup;
    }

    /** A latch opened at the latest after the test. */
    CountDownLatch gate() {
        CountDownLatch g = new CountDownLatch(1);
        gates.add(g);
        return g;
    }

    ChildSpec worker(String id) {
        return Worker.spec(journal, id);
    }

    ChildSpec worker(String id, Worker.Script script) {
        return Worker.spec(journal, id, script);
    }

    // ------------------------------------------------------------------ reading children

    static List<ChildInfo> children(Pid sup) {
        return Supervisor.whichChildren(sup);
    }

    static List<String> ids(Pid sup) {
        return children(sup).stream().map(ChildInfo::id).collect(Collectors.toList());
    }

    static Optional<ChildInfo> child(Pid sup, String id) {
        return children(sup).stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The pid of a running child. */
    static Pid pid(Pid sup, String id) {
        ChildInfo c = child(sup, id).orElseThrow(() -> new AssertionError("no child " + id + " in " + children(sup)));
        assertEquals(ChildStatus.RUNNING, c.status(), () -> "child " + id + ": " + c);
        return c.pid();
    }

    /** Waits until child {@code id} runs with a pid other than {@code old}, and returns it. */
    static Pid awaitNewPid(Pid sup, String id, Pid old) {
        Await.until(() -> "child " + id + " to run with a pid other than " + old + "; children: " + children(sup),
                () -> child(sup, id).filter(c -> c.status() == ChildStatus.RUNNING && c.pid() != null
                        && !c.pid().equals(old)).isPresent());
        return pid(sup, id);
    }

    /** Waits for a process to exit and returns its exit reason. */
    static ExitReason awaitExit(Pid pid) {
        return Await.result(Medic.whenExited(pid));
    }

    /** Makes a worker exit with {@code reason}: through a call returning stop, a throw, or a kill. */
    static void makeExit(Pid worker, ExitReason reason) {
        if (reason instanceof ExitReason.Killed) {
            Medic.exit(worker, ExitReason.KILLED);
        } else if (reason instanceof ExitReason.Exception) {
            try {
                GenServer.call(worker, new Worker.Exit(reason));
                throw new AssertionError("the call should have failed with the crash");
            } catch (io.medic.runtime.ProcessExitException expected) {
                assertEquals(reason, expected.reason());
            }
        } else {
            assertEquals("bye", GenServer.call(worker, new Worker.Exit(reason)));
        }
    }

    /** A crash of a worker through a throwing handler. */
    static void crash(Pid worker) {
        makeExit(worker, ExitReason.exception(new IllegalStateException("crash on purpose")));
    }

    /** Runs a supervisor operation that must fail with a {@link SupervisorException}, and returns it. */
    static SupervisorException supervisorError(Runnable operation) {
        try {
            operation.run();
        } catch (SupervisorException e) {
            return e;
        }
        throw new AssertionError("expected a SupervisorException");
    }

    /** An event as a short string: {@code ChildStarted a 1}, {@code ChildCrashed a exception}... */
    static String describe(SupervisorEvent e) {
        if (e instanceof SupervisorEvent.ChildCrashed c) {
            return "ChildCrashed " + c.childId() + " " + Worker.label(c.reason());
        }
        if (e instanceof SupervisorEvent.ChildTerminated t) {
            return "ChildTerminated " + t.childId() + " " + Worker.label(t.reason());
        }
        if (e instanceof SupervisorEvent.ChildStarted s) {
            return "ChildStarted " + s.childId() + " " + s.restarts();
        }
        if (e instanceof SupervisorEvent.StartError s) {
            return "StartError " + s.childId() + " " + Worker.label(s.reason());
        }
        if (e instanceof SupervisorEvent.ShutdownError s) {
            return "ShutdownError " + s.childId();
        }
        return e.getClass().getSimpleName();
    }
}
