package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.Gate;
import io.medic.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, mailbox policies: {@code bounded(n)} keeping the old or dropping the oldest, {@code stack(n)};
 * the order and drops of each, the exact count (sent = handled + dropped + queued) under concurrent
 * senders, the call that fails at once, the control messages that are never dropped.
 */
@ExpectLog(level = "WARN", logger = "io.medic.overload", message = "dropped") // on purpose, in most tests
class MailboxPolicyTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(10);

    /** A message of one sender: its number {@code seq}. */
    record Msg(int sender, int seq) {
    }

    /** Records every cast and info it handles, in order; {@code "log"} answers them; a Block waits. */
    static final class Recorder extends GenServer<List<Object>> {
        /** Where every message handled is also recorded, for a test that cannot ask (null: nowhere). */
        private final List<Object> sink;

        Recorder() {
            this(null);
        }

        Recorder(List<Object> sink) {
            this.sink = sink;
        }

        @Override
        protected Init<List<Object>> init() {
            return ok(new ArrayList<>());
        }

        @Override
        protected Result<List<Object>> handleCast(Object message, List<Object> log) throws Exception {
            if (message instanceof Block b) {
                b.gate().pass();
            } else {
                log.add(message);
                if (sink != null) {
                    sink.add(message);
                }
            }
            return noreply(log);
        }

        @Override
        protected Result<List<Object>> handleInfo(Object message, List<Object> log) {
            log.add(message);
            return noreply(log);
        }

        @Override
        protected Result<List<Object>> handleCall(Object request, From from, List<Object> log) throws Exception {
            if (request instanceof Block b) {
                b.gate().pass();
            }
            return reply(List.copyOf(log), log);
        }
    }

    private static Pid blockedRecorder(MailboxPolicy policy, Gate gate) {
        return blockedRecorder(policy, gate, null);
    }

    private static Pid blockedRecorder(MailboxPolicy policy, Gate gate, List<Object> sink) {
        Pid pid = GenServer.startSync(node, new Recorder(sink), SpawnOptions.DEFAULT.withMailbox(policy), T);
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        return pid;
    }

    /** Waits for the queue to drain, then asks for the log (a call would be refused while the mailbox is full). */
    private static List<Object> handled(Pid pid) {
        Await.until(() -> "queue to drain: " + pid.entry().messageQueueLen(), () -> pid.entry().messageQueueLen() == 0);
        return GenServer.call(pid, "log", T);
    }

    private static List<Object> ints(int from, int to, int step) {
        List<Object> l = new ArrayList<>();
        for (int i = from; step > 0 ? i <= to : i >= to; i += step) {
            l.add(i);
        }
        return l;
    }

    // ------------------------------------------------------------------ order and drops, one sender

    @Test
    void boundedKeepOldRefusesTheNewMessagesWhenFull() {
        Gate gate = new Gate();
        Pid pid = blockedRecorder(MailboxPolicy.bounded(5), gate);
        for (int i = 1; i <= 10; i++) {
            GenServer.cast(pid, i);
        }
        ProcessEntry e = pid.entry();
        assertEquals(5, e.messageQueueLen());
        assertEquals(5, e.dropped());
        gate.open();
        assertEquals(ints(1, 5, 1), handled(pid));
        assertEquals(5, e.snapshot().dropped());
        assertEquals(MailboxPolicy.bounded(5, MailboxPolicy.Overflow.KEEP_OLD), e.snapshot().mailbox());
        assertEquals("bounded(5, keep_old)", e.mailboxPolicy().toString());
    }

    @Test
    void boundedDropOldestDropsTheOldestToMakeRoom() {
        Gate gate = new Gate();
        Pid pid = blockedRecorder(MailboxPolicy.bounded(5, MailboxPolicy.Overflow.DROP_OLDEST), gate);
        for (int i = 1; i <= 10; i++) {
            GenServer.cast(pid, i);
        }
        assertEquals(5, pid.entry().messageQueueLen());
        assertEquals(5, pid.entry().dropped());
        gate.open();
        assertEquals(ints(6, 10, 1), handled(pid));
    }

    @Test
    void stackTakesTheNewestFirstAndDropsTheOldestWhenFull() {
        Gate gate = new Gate();
        Pid pid = blockedRecorder(MailboxPolicy.stack(5), gate);
        for (int i = 1; i <= 10; i++) {
            GenServer.cast(pid, i);
        }
        assertEquals(5, pid.entry().messageQueueLen());
        assertEquals(5, pid.entry().dropped());
        gate.open();
        assertEquals(ints(10, 6, -1), handled(pid));
    }

    @Test
    void anUnboundedMailboxDropsNothing() {
        Gate gate = new Gate();
        Pid pid = blockedRecorder(MailboxPolicy.unbounded(), gate);
        for (int i = 1; i <= 10; i++) {
            GenServer.cast(pid, i);
        }
        assertEquals(10, pid.entry().messageQueueLen());
        assertEquals(0, pid.entry().dropped());
        assertEquals(MailboxPolicy.unbounded(), pid.entry().snapshot().mailbox());
        gate.open();
        assertEquals(ints(1, 10, 1), handled(pid));
    }

    // ------------------------------------------------------------------ concurrent senders

    /**
     * Four senders fill a blocked process's mailbox of 100 with 4 x 2,000 numbered messages; a reader
     * checks the length never passes the capacity. Then: sent = handled + dropped (+ 0 queued), and what
     * each sender got through is, for keep_old, the first messages it sent in order; for drop_oldest, its
     * last in order; for a stack, its last in reverse order.
     */
    @ParameterizedTest
    @ValueSource(strings = {"bounded(100, keep_old)", "bounded(100, drop_oldest)", "stack(100)"})
    void concurrentSendersLoseNothingThatIsNotCounted(String policyText) throws Exception {
        MailboxPolicy policy = MailboxPolicy.parse(policyText);
        int senders = 4;
        int perSender = 2_000;
        Gate gate = new Gate();
        Pid pid = blockedRecorder(policy, gate);
        ProcessEntry e = pid.entry();
        long inBefore = e.messagesIn();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicReference<String> problem = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (sending.get()) {
                long len = e.messageQueueLen();
                if (len > 100) {
                    problem.compareAndSet(null, "queue length " + len + " above the capacity 100");
                }
                Thread.yield();
            }
        }, "queue-length-reader");
        reader.start();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException ex) {
                    return;
                }
                for (int i = 0; i < perSender; i++) {
                    GenServer.cast(pid, new Msg(sender, i));
                }
            }, "sender-" + s);
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        sending.set(false);
        reader.join();
        assertEquals(null, problem.get());
        long sent = (long) senders * perSender;
        assertEquals(100, e.messageQueueLen(), "full");
        assertEquals(sent - 100, e.dropped(), "the rest dropped");
        assertEquals(sent - (policy.overflow().orElse(null) == MailboxPolicy.Overflow.KEEP_OLD ? sent - 100 : 0),
                e.messagesIn() - inBefore, "enqueued: what the mailbox took (keep_old never takes what it refuses)");
        gate.open();
        List<Object> log = handled(pid);
        assertEquals(sent, log.size() + e.dropped(), "sent = handled + dropped + queued (0)");

        List<List<Integer>> bySender = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            bySender.add(new ArrayList<>());
        }
        for (Object o : log) {
            Msg m = (Msg) o;
            bySender.get(m.sender()).add(m.seq());
        }
        for (int s = 0; s < senders; s++) {
            List<Integer> got = bySender.get(s);
            List<Integer> expected = new ArrayList<>();
            if (policy.kind() == MailboxPolicy.Kind.STACK) {
                for (int i = perSender - 1; i >= perSender - got.size(); i--) {
                    expected.add(i);
                }
            } else if (policy.overflow().orElseThrow() == MailboxPolicy.Overflow.KEEP_OLD) {
                for (int i = 0; i < got.size(); i++) {
                    expected.add(i);
                }
            } else {
                for (int i = perSender - got.size(); i < perSender; i++) {
                    expected.add(i);
                }
            }
            assertEquals(expected, got, policy + ": what sender " + s + " got through");
        }
    }

    /** While the process runs (not blocked): every message handled, dropped or queued, whatever the interleaving. */
    @ParameterizedTest
    @ValueSource(strings = {"bounded(8, keep_old)", "bounded(8, drop_oldest)", "stack(8)"})
    void sentIsHandledPlusDroppedWhileTheProcessRuns(String policyText) throws Exception {
        Pid pid = GenServer.startSync(node, new Recorder(),
                SpawnOptions.DEFAULT.withMailbox(MailboxPolicy.parse(policyText)), T);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            int sender = s;
            Thread t = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    GenServer.cast(pid, new Msg(sender, i));
                }
            }, "sender-" + s);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        List<Object> log = handled(pid);
        assertEquals(20_000, log.size() + pid.entry().dropped(), "sent = handled + dropped + queued (0)");
    }

    // ------------------------------------------------------------------ calls fail at once

    @Test
    void aCallToAFullMailboxFailsAtOnceWithOverloaded() {
        Gate gate = new Gate();
        Pid pid = blockedRecorder(MailboxPolicy.bounded(2), gate);
        GenServer.cast(pid, 1);
        GenServer.cast(pid, 2);
        CompletableFuture<Object> call = GenServer.callAsync(pid, "log", Duration.ofMinutes(5)).toCompletableFuture();
        assertTrue(call.isDone(), "refused at once, not after its 5 minutes");
        OverloadedException e = Await.failure(OverloadedException.class, call);
        assertEquals("overloaded", e.code());
        assertEquals("mailbox_full", e.reason());
        assertEquals("mailbox of " + pid, e.source());
        assertEquals("mailbox of " + pid + " is full (bounded(2, keep_old)): it refused the call", e.getMessage());
        assertEquals(1, pid.entry().dropped(), "the refused call is counted");
        gate.open();
        assertEquals(List.of(1, 2), handled(pid));
    }

    @Test
    void aQueuedCallDroppedToMakeRoomFailsAtOnce() {
        Gate gate = new Gate();
        Pid pid = blockedRecorder(MailboxPolicy.bounded(2, MailboxPolicy.Overflow.DROP_OLDEST), gate);
        CompletableFuture<Object> call = GenServer.callAsync(pid, "log", Duration.ofMinutes(5)).toCompletableFuture();
        GenServer.cast(pid, 1);
        assertTrue(!call.isDone(), "queued");
        GenServer.cast(pid, 2);
        assertTrue(call.isDone(), "dropped as the oldest: failed at once");
        OverloadedException e = Await.failure(OverloadedException.class, call);
        assertEquals("mailbox of " + pid + " is full (bounded(2, drop_oldest)): it dropped the call, the oldest"
                + " message, to make room for a new one", e.getMessage());
        gate.open();
        assertEquals(List.of(1, 2), handled(pid));
    }

    // ------------------------------------------------------------------ control messages

    @ParameterizedTest
    @ValueSource(strings = {"bounded(1, keep_old)", "bounded(1, drop_oldest)", "stack(1)"})
    void sysRequestsAndStopAreNeverDroppedByAFullMailbox(String policyText) {
        Gate gate = new Gate();
        Pid pid = blockedRecorder(MailboxPolicy.parse(policyText), gate);
        GenServer.cast(pid, 1);
        AtomicReference<List<Object>> seen = new AtomicReference<>();
        CompletableFuture<List<Object>> state = Sys.<List<Object>>replaceStateAsync(pid, s -> {
            seen.set(List.copyOf(s)); // what it had handled when the sys request came
            return s;
        }, T).toCompletableFuture();
        CompletableFuture<Void> suspended = Sys.suspendAsync(pid, T).toCompletableFuture();
        CompletableFuture<Void> resumed = Sys.resumeAsync(pid, T).toCompletableFuture();
        GenServer.cast(pid, 2);
        assertEquals(4, pid.entry().messageQueueLen(), "one user message and three sys requests, none dropped");
        assertEquals(1, pid.entry().dropped());
        gate.open();
        Await.result(suspended);
        Await.result(resumed);
        Await.result(state);
        if (policyText.startsWith("bounded")) {
            // in order: the cast sent before the sys request was handled before it (keep_old), or
            // dropped to make room for the one after it (drop_oldest)
            assertEquals(policyText.contains("keep_old") ? List.of(1) : List.of(), seen.get());
        } else {
            assertEquals(List.of(), seen.get(), "a stack takes control messages first");
        }
        CompletableFuture<ExitReason> stopped = GenServer.stop(pid, ExitReason.NORMAL, T).toCompletableFuture();
        assertEquals(ExitReason.NORMAL, Await.result(stopped));
    }

    @Test
    void anExitSignalKeepsItsPlaceBehindTheMessagesSentBeforeIt() {
        Gate gate = new Gate();
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        Pid pid = blockedRecorder(MailboxPolicy.bounded(3), gate, seen);
        GenServer.cast(pid, 1);
        GenServer.cast(pid, 2);
        Medic.exit(pid, ExitReason.SHUTDOWN);
        GenServer.cast(pid, 3);
        GenServer.cast(pid, 4); // refused: 1, 2 and 3 fill it; the exit signal does not count
        assertEquals(4, pid.entry().messageQueueLen());
        assertEquals(1, pid.entry().dropped());
        gate.open();
        Await.until("the process to stop", () -> !pid.entry().isAlive());
        assertEquals(ExitReason.SHUTDOWN, pid.entry().exitReason().orElseThrow());
        assertEquals(List.of(1, 2), seen, "what was sent before the signal, not what came after it");
    }

    // ------------------------------------------------------------------ report, rank, validation

    @Test
    void dropsAreReportedInOneRateLimitedLinePerProcess() {
        try (Expectation log = LogCapture.expect("WARN", "io.medic.overload", "dropped")) {
            Gate gate = new Gate();
            Pid pid = blockedRecorder(MailboxPolicy.bounded(1), gate);
            for (int i = 0; i < 50; i++) {
                GenServer.cast(pid, i);
            }
            String line = Await.value("the line of " + pid, () -> log.messages().stream()
                    .filter(m -> m.startsWith("process " + pid + " ")).findFirst().orElse(null), m -> m != null);
            assertEquals("process " + pid + " dropped 49 messages in the last 1000 ms: its mailbox bounded(1, keep_old)"
                    + " was full (49 dropped in all)", line);
            gate.open();
        }
    }

    @Test
    void dropsAreAMonitorEventOncePerInterval() {
        List<io.medic.runtime.monitor.DroppedMessages> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (io.medic.runtime.monitor.MonitorSubscription s = io.medic.runtime.monitor.SystemMonitor.listen(node, e -> {
            if (e instanceof io.medic.runtime.monitor.DroppedMessages d) {
                events.add(d);
            }
        })) {
            Gate gate = new Gate();
            Pid pid = blockedRecorder(MailboxPolicy.stack(2), gate);
            for (int i = 0; i < 12; i++) {
                GenServer.cast(pid, i);
            }
            io.medic.runtime.monitor.DroppedMessages d = Await.value("the event of " + pid,
                    () -> events.stream().filter(x -> x.pid().equals(pid)).findFirst().orElse(null), x -> x != null);
            assertEquals("dropped_messages", d.type());
            assertEquals(10, d.dropped(), "the drops since its last report: all of them, in one event");
            assertEquals(10, d.droppedTotal());
            assertEquals("stack(2)", d.mailbox());
            assertEquals(1000, d.periodMs());
            gate.open();
        }
    }

    @Test
    void droppedRanksProcesses() {
        Gate gate = new Gate();
        Pid pid = blockedRecorder(MailboxPolicy.stack(1), gate);
        GenServer.cast(pid, 1);
        GenServer.cast(pid, 2);
        GenServer.cast(pid, 3);
        assertEquals(ProcessAttribute.DROPPED, ProcessAttribute.parse("dropped").orElseThrow());
        assertEquals(2, ProcessAttribute.DROPPED.read(pid.entry()));
        gate.open();
    }

    @Test
    void badPoliciesAreRefusedNamingTheFieldTheValueAndTheExpectation() {
        assertEquals("mailbox capacity: expected 1 to 10000000, got 0",
                assertThrows(IllegalArgumentException.class, () -> MailboxPolicy.bounded(0)).getMessage());
        assertEquals("mailbox capacity: expected 1 to 10000000, got -3",
                assertThrows(IllegalArgumentException.class, () -> MailboxPolicy.stack(-3)).getMessage());
        assertEquals("mailbox overflow: expected KEEP_OLD or DROP_OLDEST, got null",
                assertThrows(IllegalArgumentException.class, () -> MailboxPolicy.bounded(3, null)).getMessage());
        assertEquals("mailbox: expected a MailboxPolicy (unbounded(), bounded(n), stack(n)), got null",
                assertThrows(IllegalArgumentException.class, () -> SpawnOptions.DEFAULT.withMailbox(null)).getMessage());
        assertEquals("mailbox: expected unbounded, bounded(N), bounded(N, keep_old), bounded(N, drop_oldest) or stack(N)"
                        + " with N from 1 to 10000000, got \"bounded(10, newest)\"",
                assertThrows(IllegalArgumentException.class, () -> MailboxPolicy.parse("bounded(10, newest)")).getMessage());
        assertEquals(MailboxPolicy.bounded(10, MailboxPolicy.Overflow.DROP_OLDEST), MailboxPolicy.parse("Bounded(10, drop_oldest)"));
        assertEquals(MailboxPolicy.stack(7), MailboxPolicy.parse(MailboxPolicy.stack(7).toString()));
    }
}
