package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.monitor.BusyDispatcher;
import io.medic.runtime.monitor.LargeState;
import io.medic.runtime.monitor.LongGc;
import io.medic.runtime.monitor.LongMessageQueue;
import io.medic.runtime.monitor.LongSchedule;
import io.medic.runtime.monitor.MonitorEvent;
import io.medic.runtime.monitor.MonitorEventPage;
import io.medic.runtime.monitor.MonitorSubscription;
import io.medic.runtime.monitor.SystemMonitor;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.Gate;
import io.medic.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The system monitor ({@code erlang:system_monitor/2}) through its public API: each detector fires when
 * its threshold is crossed and, where the event has an end, clears (the long queue's hysteresis, the
 * large state's re-arming, the starved dispatcher freed); a subscribed process receives the events as
 * infos until it exits; the events are recorded as flight-recorder events and read back from a
 * recording; the log is rate-limited. Thresholds are low (tens of milliseconds, a few dozen messages)
 * and every wait is for a condition.
 */
@ExpectLog(level = "WARN", logger = "io.medic.monitor")
class SystemMonitorTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static final String POOL = "monitor-test-pool";
    private static Node node;

    @BeforeAll
    static void start() {
        node = Node.start("system-monitor-test", ConfigFactory.parseString(String.join("\n",
                "medic.monitor.log.enabled = on",
                "medic.monitor.log.max-per-second = 1",
                "medic.monitor.long-gc.threshold = 0ms",
                // every collection of the JVM is an event here, and the whole suite's tests allocate in this JVM:
                // no event of these tests may be rate-limited away or pushed out of the ring by them
                "medic.monitor.max-events-per-second = 1000000",
                "medic.monitor.ring-size = 100000",
                "medic.monitor.long-schedule.threshold = 50ms",
                "medic.monitor.long-message-queue { disable = 5, enable = 20 }",
                "medic.monitor.large-state.threshold = 1MiB",
                "medic.monitor.busy-dispatcher.threshold = 100ms",
                "medic.memory.refresh-interval = 1ms",
                POOL + " { type = Dispatcher, executor = fork-join-executor, fork-join-executor { parallelism-min = 2, "
                        + "parallelism-max = 2 } }")));
    }

    @AfterEach
    void killWhatTheTestLeft() {
        Gate.openAll();
        Cleanup.killAll(node);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Holds its handler at a Block's gate; keeps a byte array of the size it is cast; anything else it takes at once. */
    static final class Holder extends GenServer<byte[]> {
        @Override
        protected Init<byte[]> init() {
            return ok(new byte[0]);
        }

        @Override
        protected Result<byte[]> handleCast(Object message, byte[] s) {
            if (message instanceof Block b) {
                try {
                    b.gate().pass();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (message instanceof Integer size) {
                return noreply(new byte[size]);
            }
            return noreply(s);
        }
    }

    /** Receives the monitor's events as infos. */
    static final class Watcher extends GenServer<Void> {
        final BlockingQueue<MonitorEvent> got = new LinkedBlockingQueue<>();

        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleInfo(Object message, Void s) {
            if (message instanceof MonitorEvent e) {
                got.add(e);
            }
            return noreply(s);
        }
    }

    /** Every event kept now, oldest first. */
    private static List<MonitorEvent> kept() {
        return kept(node);
    }

    private static List<MonitorEvent> kept(Node on) {
        List<MonitorEvent> all = new ArrayList<>();
        long after = 0;
        while (true) {
            MonitorEventPage p = SystemMonitor.events(on, after, 1000);
            all.addAll(p.events());
            if (p.events().isEmpty()) {
                return all;
            }
            after = p.next();
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends MonitorEvent> List<E> kept(Class<E> type, Predicate<? super E> which) {
        return kept(node, type, which);
    }

    @SuppressWarnings("unchecked")
    private static <E extends MonitorEvent> List<E> kept(Node on, Class<E> type, Predicate<? super E> which) {
        return kept(on).stream().filter(type::isInstance).map(e -> (E) e).filter(which).collect(Collectors.toList());
    }

    private static <E extends MonitorEvent> E awaitOne(Class<E> type, Predicate<? super E> which) {
        return Await.value("a " + type.getSimpleName() + " event", () -> kept(type, which), l -> !l.isEmpty()).get(0);
    }

    private static Pid holder(String name) {
        return GenServer.startSync(node, new Holder(), SpawnOptions.DEFAULT.withName(name), T);
    }

    @Test
    void longScheduleFiresOncePerRunWithTheStackOfTheThreadWhereItIsStuck() {
        Pid pid = holder("slow");
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        LongSchedule e = awaitOne(LongSchedule.class, s -> s.pid().equals(pid));
        assertEquals("slow", e.registeredName());
        assertEquals(Block.class.getName(), e.messageType());
        assertTrue(e.durationMs() >= 50, "detected at " + e.durationMs() + " ms");
        assertTrue(e.stack().stream().anyMatch(f -> f.contains(Gate.class.getName() + ".pass")),
                "the stack where it waits: " + e.stack());
        long first = e.id();
        // the same run is not reported again however long it lasts: wait for later events of anything
        // else to be published (a second holder's run) and look again
        Pid other = holder("other");
        Gate g2 = new Gate();
        GenServer.cast(other, new Block(g2));
        g2.awaitEntered();
        awaitOne(LongSchedule.class, s -> s.pid().equals(other));
        assertEquals(1, kept(LongSchedule.class, s -> s.pid().equals(pid)).size(), "once per run");
        gate.open();
        g2.open();
        // a new run that is long is a new event
        Gate again = new Gate();
        GenServer.cast(pid, new Block(again));
        again.awaitEntered();
        awaitOne(LongSchedule.class, s -> s.pid().equals(pid) && s.id() > first);
        again.open();
    }

    @Test
    void longMessageQueueRaisesAtEnableAndClearsAtDisableWithNothingInBetween() {
        Pid pid = holder("flooded");
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < 19; i++) {
            GenServer.cast(pid, "m");
        }
        assertTrue(kept(LongMessageQueue.class, q -> q.pid().equals(pid)).isEmpty(), "19 < enable: nothing");
        GenServer.cast(pid, "m"); // 20: the enable threshold
        LongMessageQueue up = awaitOne(LongMessageQueue.class, q -> q.pid().equals(pid));
        assertTrue(up.alarm());
        assertTrue(up.messageQueueLen() >= 20, "length " + up.messageQueueLen());
        for (int i = 0; i < 30; i++) { // longer still: the alarm is up, no more events
            GenServer.cast(pid, "m");
        }
        gate.open();
        LongMessageQueue down = awaitOne(LongMessageQueue.class, q -> q.pid().equals(pid) && !q.alarm());
        assertTrue(down.messageQueueLen() <= 5, "cleared at the disable threshold: " + down.messageQueueLen());
        Await.until("the queue to drain", () -> pid.entry().messageQueueLen() == 0);
        assertEquals(2, kept(LongMessageQueue.class, q -> q.pid().equals(pid)).size(), "one up, one down");

        // and it can rise again
        Gate again = new Gate();
        GenServer.cast(pid, new Block(again));
        again.awaitEntered();
        for (int i = 0; i < 20; i++) {
            GenServer.cast(pid, "m");
        }
        Await.until("a second alarm", () -> kept(LongMessageQueue.class, q -> q.pid().equals(pid) && q.alarm()).size() == 2);
        again.open();
    }

    /** On a node of its own: nothing the other tests leave on the shared node (events, held threads) is in its way. */
    @Test
    void largeStateFiresWhenTheEstimateCrossesAndAgainOnlyAfterItFell() {
        Node own = Node.start("large-state-test", ConfigFactory.parseString(String.join("\n",
                "medic.monitor.log.enabled = off",
                "medic.monitor.large-state.threshold = 1MiB",
                "medic.memory.refresh-interval = 1ms")));
        try {
            Pid pid = GenServer.startSync(own, new Holder(), SpawnOptions.DEFAULT.withName("big"), T);
            GenServer.cast(pid, 2 << 20); // a 2 MiB state
            // nudged on every poll: a filter would nudge only once some event is kept, and the cast above
            // may come within the refresh interval of init's estimate, which then waits for a next message
            LargeState e = Await.value("a LargeState event", () -> nudged(pid)
                    ? kept(own, LargeState.class, l -> l.pid().equals(pid)) : List.<LargeState>of(), l -> !l.isEmpty()).get(0);
            assertTrue(e.memoryBytes() >= 2 << 20, "memory " + e.memoryBytes());
            assertEquals(1 << 20, e.thresholdBytes());
            GenServer.cast(pid, 3 << 20); // larger still: no new event
            Await.until("the estimate to reach 3 MiB", () -> nudged(pid) && pid.entry().memory() >= 3 << 20);
            GenServer.cast(pid, 16); // small: re-armed
            Await.until("the estimate to fall", () -> nudged(pid) && pid.entry().memory() < 1 << 20);
            assertEquals(1, kept(own, LargeState.class, l -> l.pid().equals(pid)).size(), "once while it stayed large");
            GenServer.cast(pid, 2 << 20);
            Await.until("a second event once it grew again",
                    () -> nudged(pid) && kept(own, LargeState.class, l -> l.pid().equals(pid)).size() == 2);
        } finally {
            own.close();
        }
    }

    /**
     * Sends {@code pid} a message that leaves its state as it is: a process re-estimates its state after
     * a message, at most once per {@code medic.memory.refresh-interval}, so the estimate of a process
     * that has nothing more to do stays where its last refresh left it (true: for use in a condition).
     */
    private static boolean nudged(Pid pid) {
        GenServer.cast(pid, "nudge");
        return true;
    }

    @Test
    void aDispatcherWhoseEveryThreadIsBusyIsStarvedAndFreedWhenOneIsFree() {
        Pid a = GenServer.startSync(node, new Holder(), SpawnOptions.DEFAULT.withDispatcher(POOL), T);
        Pid b = GenServer.startSync(node, new Holder(), SpawnOptions.DEFAULT.withDispatcher(POOL), T);
        Gate ga = new Gate();
        Gate gb = new Gate();
        GenServer.cast(a, new Block(ga));
        GenServer.cast(b, new Block(gb));
        ga.awaitEntered();
        gb.awaitEntered();
        BusyDispatcher busy = awaitOne(BusyDispatcher.class, d -> d.dispatcher().equals(POOL) && d.busy());
        assertEquals(2, busy.threads());
        assertEquals(2, busy.busyThreads());
        assertTrue(busy.busyForMs() >= 100, "busy for " + busy.busyForMs() + " ms");
        ga.open();
        BusyDispatcher free = awaitOne(BusyDispatcher.class, d -> d.dispatcher().equals(POOL) && !d.busy());
        assertTrue(free.id() > busy.id());
        assertTrue(free.busyThreads() < 2, "busy threads " + free.busyThreads());
        gb.open();
    }

    @Test
    void longGcReportsTheCollectionsAtOrAboveTheThreshold() {
        long after = SystemMonitor.events(node, 0, 1).latest();
        System.gc(); // the threshold is 0: every collection is one
        LongGc e = awaitOne(LongGc.class, g -> g.id() > after);
        assertFalse(e.collector().isEmpty());
        assertFalse(e.cause().isEmpty());
        assertTrue(e.durationMs() >= 0 && e.heapBeforeBytes() > 0, e.toString());
    }

    @Test
    void aSubscribedProcessReceivesTheEventsAsInfosUntilItExits() throws Exception {
        Watcher watcher = new Watcher();
        Pid w = GenServer.startSync(node, watcher, SpawnOptions.DEFAULT, T);
        MonitorSubscription s = SystemMonitor.subscribe(node, w);
        assertTrue(s.isActive());
        Pid pid = holder("watched");
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        Await.until("the watcher to get the long_schedule", () -> watcher.got.stream()
                .anyMatch(e -> e instanceof LongSchedule l && l.pid().equals(pid)));
        gate.open();
        Medic.exit(w, ExitReason.KILLED);
        Await.until("the subscription to end with the process", () -> !s.isActive());
        s.close(); // idempotent
    }

    @Test
    void eventsAreRecordedForTheFlightRecorderAndReadBackFromARecording() throws Exception {
        Path file = Files.createTempFile("medic-monitor", ".jfr");
        try (Recording r = new Recording()) {
            r.enable("io.medic.LongSchedule");
            r.enable("io.medic.LongMessageQueue");
            r.start();
            Pid pid = holder("recorded");
            Gate gate = new Gate();
            GenServer.cast(pid, new Block(gate));
            gate.awaitEntered();
            awaitOne(LongSchedule.class, s -> s.pid().equals(pid));
            for (int i = 0; i < 20; i++) {
                GenServer.cast(pid, "m");
            }
            awaitOne(LongMessageQueue.class, q -> q.pid().equals(pid));
            gate.open();
            r.stop();
            r.dump(file);
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            RecordedEvent schedule = events.stream().filter(e -> e.getEventType().getName().equals("io.medic.LongSchedule")
                    && pid.toString().equals(e.getString("pid"))).findFirst().orElseThrow(() -> new AssertionError(
                    "no io.medic.LongSchedule for " + pid + " in " + names(events)));
            assertEquals("recorded", schedule.getString("registeredName"));
            assertEquals(Block.class.getName(), schedule.getString("messageType"));
            assertTrue(schedule.getString("stack").contains(Gate.class.getName()), schedule.getString("stack"));
            assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("io.medic.LongMessageQueue")
                    && pid.toString().equals(e.getString("pid")) && e.getBoolean("alarm")), names(events).toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<String> names(List<RecordedEvent> events) {
        return events.stream().map(e -> e.getEventType().getName()).distinct().toList();
    }

    @Test
    void theLogIsRateLimited() {
        // a node of its own, whose only events are this test's (no long_gc): its log allows one line a second
        try (Node quiet = Node.start("system-monitor-log-test", ConfigFactory.parseString(String.join("\n",
                "medic.monitor.log.enabled = on",
                "medic.monitor.log.max-per-second = 1",
                "medic.monitor.long-gc.enabled = off",
                "medic.monitor.long-schedule.enabled = off",
                "medic.monitor.long-message-queue { disable = 5, enable = 20 }")));
             Expectation lines = LogCapture.expect("WARN", "io.medic.monitor", "long_message_queue")) {
            List<Pid> pids = new ArrayList<>();
            List<Gate> gates = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Pid pid = GenServer.startSync(quiet, new Holder(), SpawnOptions.DEFAULT, T);
                Gate g = new Gate();
                GenServer.cast(pid, new Block(g));
                g.awaitEntered();
                pids.add(pid);
                gates.add(g);
            }
            for (Pid pid : pids) {
                for (int i = 0; i < 20; i++) {
                    GenServer.cast(pid, "m");
                }
            }
            Await.until("five alarms", () -> SystemMonitor.events(quiet, 0, 100).events().stream()
                    .filter(e -> e instanceof LongMessageQueue q && q.alarm()).count() == 5);
            // at most one line a second (medic.monitor.log.max-per-second = 1): five events published
            // within a moment give one line, two if a second's boundary fell between them
            lines.awaitCount(1);
            assertTrue(lines.count() <= 2, lines.messages().toString());
            assertTrue(lines.messages().get(0).contains("messages waiting"), lines.messages().get(0));
            gates.forEach(Gate::open);
        }
    }
}
