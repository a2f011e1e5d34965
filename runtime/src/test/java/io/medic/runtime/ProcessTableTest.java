package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §2, the process table: one record per live process, readable without messaging the process
 * (above all while it is stuck in a handler), removed when the process stops.
 */
class ProcessTableTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static Node node;
    /** Keeps the allocation of a handler from being optimised away. */
    static volatile byte[] sink;

    @BeforeAll
    static void start() {
        // sample the allocation of every message, so the allocated-bytes check is deterministic
        node = Node.start("process-table-test",
                ConfigFactory.parseString("medic.accounting.allocation-sample-every = 1"));
    }

    @AfterEach
    void cleanUp() {
        Cleanup.killAll(node);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void blockedProcessIsReadableWithoutMessagingIt() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("table-blocked"), T);
        ProcessEntry entry = pid.entry();
        Await.until("the new server to be waiting", () -> entry.status() == ProcessStatus.WAITING);
        long handledBefore = entry.messagesHandled();
        long inBefore = entry.messagesIn();

        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();

        // the process is stuck inside handleCast: everything below is read from the table only
        assertEquals(ProcessStatus.RUNNING, entry.status());
        assertEquals(Optional.of(Block.class.getName()), entry.currentMessageType());
        Thread thread = entry.currentThread().orElseThrow(() -> new AssertionError("no current thread"));
        List<StackTraceElement> trace = entry.stackTrace();
        assertTrue(hasFrame(trace, CountDownLatch.class.getName(), "await"),
                "stack trace should show the blocking CountDownLatch.await: " + trace);
        assertTrue(hasFrame(trace, Recorder.class.getName(), "handleCast"),
                "stack trace should show the handler that blocks: " + trace);
        assertEquals(0, entry.messageQueueLen());

        // the queue length grows with every message sent, whatever its kind
        List<CompletionStage<Object>> calls = new ArrayList<>();
        int sent = 0;
        for (int i = 1; i <= 5; i++) {
            GenServer.cast(pid, "cast-" + i);
            assertEquals(++sent, entry.messageQueueLen(), "queue length after " + sent + " messages");
        }
        for (int i = 1; i <= 2; i++) {
            calls.add(GenServer.callAsync(pid, "call-" + i, T));
            assertEquals(++sent, entry.messageQueueLen(), "queue length after " + sent + " messages");
        }
        for (int i = 1; i <= 3; i++) {
            Medic.send(pid, "info-" + i);
            assertEquals(++sent, entry.messageQueueLen(), "queue length after " + sent + " messages");
        }
        assertEquals(inBefore + 1 + sent, entry.messagesIn());
        assertEquals(handledBefore, entry.messagesHandled(), "nothing handled while blocked");

        ProcessInfo info = entry.snapshot();
        assertEquals(ProcessStatus.RUNNING, info.status());
        assertEquals(Block.class.getName(), info.currentMessageType());
        assertEquals(thread.getName(), info.currentThread());
        assertEquals(sent, info.messageQueueLen());
        assertEquals("table-blocked", info.registeredName());

        gate.open();
        Await.until("the queue to drain and the server to wait again",
                () -> entry.messageQueueLen() == 0 && entry.status() == ProcessStatus.WAITING
                        && entry.messagesHandled() == handledBefore + 1 + 10);
        assertEquals(Optional.empty(), entry.currentMessageType());
        assertEquals(Optional.empty(), entry.currentThread());
        assertEquals(List.of(), entry.stackTrace());
        assertEquals("call-1", Await.result(calls.get(0)));
        assertEquals("call-2", Await.result(calls.get(1)));
        assertEquals(List.of("cast-1", "cast-2", "cast-3", "cast-4", "cast-5", "call-1", "call-2",
                "info-1", "info-2", "info-3"), GenServer.call(pid, Recorder.GET, T));
        GenServer.stop(pid, ExitReason.NORMAL, T);
    }

    @Test
    void callInProgressShowsTheRequestType() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Gate gate = new Gate();
        CompletionStage<Object> call = GenServer.callAsync(pid, new Block(gate), T);
        gate.awaitEntered();
        assertEquals(ProcessStatus.RUNNING, pid.entry().status());
        assertEquals(Optional.of(Block.class.getName()), pid.entry().currentMessageType());
        assertTrue(hasFrame(pid.entry().stackTrace(), Recorder.class.getName(), "handleCall"),
                "stack trace should show handleCall: " + pid.entry().stackTrace());
        gate.open();
        assertEquals("unblocked", Await.result(call));
        Medic.exit(pid, ExitReason.KILLED);
    }

    @Test
    void recordHoldsTheProcessAttributes() throws Exception {
        Instant before = Instant.now().minusMillis(1);
        Pid pid = GenServer.startSync(node, new Recorder(),
                SpawnOptions.DEFAULT.withName("table-fields").withRestarts(3), T);
        Instant after = Instant.now().plusMillis(1);
        ProcessEntry e = pid.entry();

        assertSame(pid, e.pid());
        assertEquals("gen_server", e.kind());
        assertEquals(Recorder.class.getName(), e.initialCall());
        assertEquals(Optional.empty(), e.parent(), "a top-level process has no Medic parent");
        assertEquals("akka://process-table-test/user", e.parentPath());
        assertEquals(Optional.of("table-fields"), e.registeredName());
        assertEquals(3, e.restarts());
        assertFalse(e.startTime().isBefore(before) || e.startTime().isAfter(after),
                "start time " + e.startTime() + " should be between " + before + " and " + after);
        assertTrue(e.isAlive());
        assertEquals(Optional.empty(), e.exitReason());
        assertFalse(e.isSensitive());
        assertTrue(node.processes().entries().contains(e));

        // messages handled, replies out, reductions
        long handled = e.messagesHandled();
        for (int i = 0; i < 4; i++) {
            GenServer.call(pid, "x" + i, T);
        }
        GenServer.cast(pid, "y");
        Await.until("5 more messages handled", () -> e.messagesHandled() == handled + 5);
        assertEquals(4, e.messagesOut(), "one reply per call");
        assertTrue(e.reductions() >= e.messagesHandled(), "reductions count at least one per message");

        // busy time includes the message being handled right now
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        long busyBefore = e.busyTimeMicros();
        Await.until("busy time to grow while the handler runs", () -> e.busyTimeMicros() > busyBefore);
        gate.open();

        // allocated bytes: every message is sampled on this node
        long allocatedBefore = e.allocatedBytes();
        GenServer.call(pid, new Recorder.Exec(self -> {
            sink = new byte[4 << 20];
            return "allocated";
        }), T);
        // the reply leaves from inside the handler: the accounting of that message ends just after
        Await.until("a handler allocating 4 MiB to add at least that much to allocated bytes",
                () -> e.allocatedBytes() - allocatedBefore >= 4 << 20);

        // a Medic child of a Medic process has it as parent
        Pid child = GenServer.call(pid, new Recorder.Exec(self ->
                GenServer.spawn(self.ctx(), new Recorder(), SpawnOptions.DEFAULT).pid()), T);
        assertEquals(Optional.of(pid), child.entry().parent());
        assertEquals(pid.path(), child.entry().parentPath());
        assertTrue(child.path().startsWith(pid.path() + "/"), child.path());

        Await.until("the spawning call to be accounted", () -> e.messagesHandled() == handled + 8);
        ProcessInfo info = e.snapshot();
        assertEquals(pid, info.pid());
        assertEquals("gen_server", info.kind());
        assertEquals(Recorder.class.getName(), info.initialCall());
        assertNull(info.parent());
        assertEquals("table-fields", info.registeredName());
        assertEquals(3, info.restarts());
        assertEquals(e.startTime(), info.startTime());
        assertEquals(handled + 8, info.messagesHandled());
        assertEquals(6, info.messagesOut(), "4 calls, the allocating call and the spawning call");
        GenServer.stop(pid, ExitReason.NORMAL, T).toCompletableFuture().get();
    }

    @Test
    void initializingProcessIsShownAsInitializingAndQueuesMessages() {
        Gate gate = new Gate();
        Recorder slowInit = new Recorder() {
            @Override
            protected Init<List<Object>> init() throws Exception {
                gate.pass();
                return super.init();
            }
        };
        CompletionStage<Pid> started = GenServer.start(node, slowInit, SpawnOptions.DEFAULT.withName("slow-init"));
        gate.awaitEntered();
        Pid pid = node.whereis("slow-init").orElseThrow();
        assertEquals(ProcessStatus.INITIALIZING, pid.entry().status());
        GenServer.cast(pid, "early-1");
        GenServer.cast(pid, "early-2");
        assertEquals(2, pid.entry().messageQueueLen());
        assertFalse(started.toCompletableFuture().isDone(), "start completes only after init");

        gate.open();
        assertSame(pid, Await.result(started));
        Await.until("the server to wait", () -> pid.entry().status() == ProcessStatus.WAITING);
        assertEquals(List.of("early-1", "early-2"), GenServer.call(pid, Recorder.GET, T));
        Medic.exit(pid, ExitReason.KILLED);
    }

    @Test
    void killedProcessIsExitingUntilItsHandlerReturnsThenDead() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        Medic.exit(pid, ExitReason.KILLED);
        assertEquals(ProcessStatus.EXITING, pid.entry().status(), "a kill cannot pre-empt a running handler");
        assertTrue(pid.isAlive());
        gate.open();
        assertEquals(ExitReason.KILLED, Await.result(Medic.whenExited(pid)));
        assertEquals(ProcessStatus.DEAD, pid.entry().status());
    }

    @Test
    void entryIsRemovedWhenTheProcessStops() {
        int baseline = node.processes().size();
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        assertEquals(baseline + 1, node.processes().size());
        assertEquals(Optional.of(pid), node.processes().byNumber(pid.number()));
        assertTrue(node.processes().entries().contains(pid.entry()));

        GenServer.cast(pid, new Recorder.StopWith(ExitReason.NORMAL));
        assertEquals(ExitReason.NORMAL, Await.result(Medic.whenExited(pid)));

        assertEquals(baseline, node.processes().size());
        assertEquals(Optional.empty(), node.processes().byNumber(pid.number()));
        assertFalse(node.processes().entries().contains(pid.entry()));
        assertEquals(Optional.empty(), node.processes().lookup(pid.toString()));
        // the pid keeps telling what happened
        assertFalse(pid.isAlive());
        assertEquals(ProcessStatus.DEAD, pid.entry().status());
        assertEquals(Optional.of(ExitReason.NORMAL), pid.exitReason());
    }

    private static boolean hasFrame(List<StackTraceElement> trace, String className, String method) {
        return trace.stream().anyMatch(f -> f.getClassName().equals(className) && f.getMethodName().equals(method));
    }
}
