package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.trace.PidSpec;
import io.medic.runtime.trace.Trace;
import io.medic.runtime.trace.TraceBusyException;
import io.medic.runtime.trace.TraceEndReason;
import io.medic.runtime.trace.TraceEvent;
import io.medic.runtime.trace.TraceEventKind;
import io.medic.runtime.trace.TraceLimit;
import io.medic.runtime.trace.TraceRefusedException;
import io.medic.runtime.trace.TraceSession;
import io.medic.runtime.trace.TraceSpec;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 11 §4, trace sessions through the Java API ({@link Trace}): limits that end a session (count,
 * rate, time to live, a consumer that falls behind), senders, calls with their replies and times, sends,
 * exits, restarts, states, filters, sensitive processes redacted, dangerous combinations refused by rule,
 * one session at a time, and no hook left behind.
 */
class TraceSessionTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);

    /** A consumer that keeps every event. */
    static final class Events implements java.util.function.Consumer<TraceEvent> {
        final List<TraceEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void accept(TraceEvent e) {
            all.add(e);
        }

        <E extends TraceEvent> List<E> of(Class<E> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }

        void awaitCount(Class<? extends TraceEvent> type, int n) {
            Await.until(() -> n + " " + type.getSimpleName() + " events in " + all, () -> of(type).size() >= n);
        }
    }

    @AfterEach
    void noSessionLeft() {
        Trace.clear(node, T);
    }

    private static Pid start(String name) {
        return GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName(name), T);
    }

    private static TraceEvent.Ended ended(TraceSession s) {
        return Await.result(s.ended());
    }

    // ================================================================== limits

    @Test
    void aCountLimitEndsTheSessionAfterItsLastEventAndSaysSo() {
        Pid alfa = start("alfa");
        Events events = new Events();
        TraceSession s = Trace.start(node, TraceSpec.of(PidSpec.name("alfa")).withEvents(TraceEventKind.RECEIVE)
                .withLimit(TraceLimit.count(3)), events);
        for (int i = 0; i < 5; i++) {
            GenServer.cast(alfa, "m" + i);
        }
        TraceEvent.Ended end = ended(s);
        assertEquals(TraceEndReason.COUNT_REACHED, end.reason());
        assertEquals(3, end.events());
        assertTrue(end.message().contains("count limit reached: 3 events"), end.message());
        List<TraceEvent.Received> got = events.of(TraceEvent.Received.class);
        assertEquals(List.of("m0", "m1", "m2"), got.stream().map(TraceEvent.Received::message).toList());
        assertInstanceOf(TraceEvent.Started.class, events.all.get(0));
        assertSame(end, events.all.get(events.all.size() - 1), "the end is the last event");
        for (int i = 0; i < events.all.size(); i++) {
            assertEquals(i, events.all.get(i).seq(), "in order: " + events.all);
        }
        assertFalse(s.isRunning());
        assertEquals(List.of(), Trace.sessions(node));
        assertEquals(List.of(), Trace.hooked(node), "no hook left on any process");
        assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), Sys.getState(alfa), "tracing changed nothing it handled");
    }

    @Test
    void aRateLimitTripsOnTheFirstEventBeyondItInsteadOfDroppingIt() {
        Pid alfa = start("alfa");
        Events events = new Events();
        // 4 per minute: the 5th cast comes within the same minute however slow the machine
        TraceSession s = Trace.start(node, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.RECEIVE)
                .withLimit(TraceLimit.rate(4, Duration.ofMinutes(1))), events);
        for (int i = 0; i < 10; i++) {
            GenServer.cast(alfa, i);
        }
        TraceEvent.Ended end = ended(s);
        assertEquals(TraceEndReason.RATE_TRIPPED, end.reason());
        assertTrue(end.message().startsWith("rate limit tripped: more than 4 events within 60000 ms"), end.message());
        assertEquals(4, events.of(TraceEvent.Received.class).size(), "the 5th event trips the limit: " + events.all);
        assertEquals(4, end.events());
    }

    @Test
    void aRateBelowItsLimitKeepsTheSessionRunning() {
        Pid alfa = start("alfa");
        Events events = new Events();
        TraceSession s = Trace.start(node, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.RECEIVE)
                .withLimit(TraceLimit.rate(100, Duration.ofMinutes(1))), events);
        for (int i = 0; i < 10; i++) {
            GenServer.cast(alfa, i);
        }
        events.awaitCount(TraceEvent.Received.class, 10);
        assertTrue(s.isRunning());
        s.stop();
        assertEquals(TraceEndReason.STOPPED, ended(s).reason());
    }

    @Test
    void aTimeToLiveEndsTheSession() {
        start("alfa");
        TraceSession s = Trace.start(node, TraceSpec.of(PidSpec.name("alfa")).withLimit(TraceLimit.count(10))
                .withTtl(Duration.ofMillis(20)), e -> { });
        TraceEvent.Ended end = ended(s);
        assertEquals(TraceEndReason.TTL_EXPIRED, end.reason());
        assertEquals("its time to live of 20 ms passed", end.message());
    }

    @Test
    void aConsumerThatFallsBehindEndsTheSessionWithABufferOverflowAsItsLastEvent() throws Exception {
        try (Node small = Node.start("trace-overflow", ConfigFactory.parseString("medic.trace.buffer-size = 4"))) {
            Pid alfa = GenServer.startSync(small, new Recorder(), SpawnOptions.DEFAULT, T);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            Events events = new Events();
            TraceSession s = Trace.start(small, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.RECEIVE)
                    .withLimit(TraceLimit.count(1000)), e -> {
                        events.accept(e);
                        if (e instanceof TraceEvent.Started) {
                            blocked.countDown();
                            try {
                                release.await(30, TimeUnit.SECONDS); // a consumer that is stuck
                            } catch (InterruptedException x) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    });
            assertTrue(blocked.await(30, TimeUnit.SECONDS));
            for (int i = 0; i < 10; i++) {
                GenServer.cast(alfa, i);
            }
            Await.until("the session to end", () -> !s.isRunning());
            release.countDown();
            TraceEvent.Ended end = Await.result(s.ended());
            assertEquals(TraceEndReason.BUFFER_OVERFLOW, end.reason());
            assertEquals(4, events.of(TraceEvent.Received.class).size(), "the buffer's 4, no more: " + events.all);
            assertSame(end, events.all.get(events.all.size() - 1));
            assertEquals(List.of(), Trace.hooked(small));
        }
    }

    // ================================================================== what events say

    @Test
    void aReceivedMessageNamesItsSenderWhenAHandlerSentIt() {
        Pid alfa = start("alfa");
        Pid bravo = start("bravo");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.name("alfa")).withEvents(TraceEventKind.RECEIVE)
                .withLimit(TraceLimit.count(100)), events);
        GenServer.cast(bravo, new Recorder.Exec(self -> {
            GenServer.cast(alfa, "from bravo");
            return null;
        }));
        GenServer.cast(alfa, "from the test");
        events.awaitCount(TraceEvent.Received.class, 2);
        List<TraceEvent.Received> got = events.of(TraceEvent.Received.class);
        TraceEvent.Received fromBravo = got.stream().filter(e -> e.message().equals("from bravo")).findFirst().orElseThrow();
        assertSame(bravo, fromBravo.from());
        assertEquals("bravo", fromBravo.fromName());
        assertEquals(alfa, fromBravo.pid());
        assertEquals("alfa", fromBravo.name());
        assertEquals(String.class.getName(), fromBravo.messageType());
        TraceEvent.Received fromTest = got.stream().filter(e -> e.message().equals("from the test")).findFirst().orElseThrow();
        assertNull(fromTest.from(), "a message from a thread that runs no handler has no sender");
    }

    @Test
    void aCallEventCarriesItsReplyAndTheHandlersTime() {
        Pid alfa = start("alfa");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.CALL, TraceEventKind.CAST)
                .withLimit(TraceLimit.count(100)), events);
        assertEquals("ping", GenServer.call(alfa, "ping", T));
        GenServer.cast(alfa, "later");
        events.awaitCount(TraceEvent.Handled.class, 2);
        TraceEvent.Handled call = events.of(TraceEvent.Handled.class).get(0);
        assertEquals("call", call.kind());
        assertEquals("ping", call.message());
        assertEquals("reply", call.outcome());
        assertEquals("ping", call.reply());
        assertTrue(call.durationNanos() > 0, "timed: " + call);
        TraceEvent.Handled cast = events.of(TraceEvent.Handled.class).get(1);
        assertEquals("cast", cast.kind());
        assertEquals("noreply", cast.outcome());
        assertNull(cast.reply());
    }

    @Test
    void aCallAnsweredLaterIsNoreplyWhenItsHandlerReturns() {
        Pid alfa = start("alfa");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.CALL)
                .withLimit(TraceLimit.count(100)), events);
        var pending = GenServer.callAsync(alfa, Recorder.NO_REPLY, T);
        events.awaitCount(TraceEvent.Handled.class, 1);
        assertEquals("noreply", events.of(TraceEvent.Handled.class).get(0).outcome());
        pending.toCompletableFuture().cancel(false);
    }

    @Test
    void aSendFromATracedHandlerIsSeenWithItsReceiver() {
        Pid alfa = start("alfa");
        Pid bravo = start("bravo");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.SEND)
                .withLimit(TraceLimit.count(100)), events);
        GenServer.cast(alfa, new Recorder.Exec(self -> {
            GenServer.cast(bravo, "hello bravo");
            return null;
        }));
        GenServer.cast(bravo, new Recorder.Exec(self -> {
            GenServer.cast(alfa, "not a send of alfa's");
            return null;
        }));
        events.awaitCount(TraceEvent.Sent.class, 1);
        assertEquals(List.of("hello bravo"), Await.result(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            Await.until("bravo to handle both", () -> Sys.<List<Object>>getState(bravo).contains("hello bravo"));
            return events.of(TraceEvent.Sent.class).stream().map(TraceEvent.Sent::message).toList();
        })));
        TraceEvent.Sent sent = events.of(TraceEvent.Sent.class).get(0);
        assertSame(alfa, sent.pid());
        assertSame(bravo, sent.to());
        assertEquals("bravo", sent.toName());
    }

    @Test
    void theStateAfterEachHandledMessageWhenAskedFor() {
        Pid alfa = start("alfa");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.CAST, TraceEventKind.STATE)
                .withLimit(TraceLimit.count(100)), events);
        GenServer.cast(alfa, "one");
        GenServer.cast(alfa, "two");
        events.awaitCount(TraceEvent.StateAfter.class, 2);
        List<TraceEvent.StateAfter> states = events.of(TraceEvent.StateAfter.class);
        assertEquals("[one]", states.get(0).state(), "seen as it was then, rendered in the process");
        assertEquals("[one, two]", states.get(1).state());
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "boom")
    void anExitIsSeenWithItsReason() {
        Pid alfa = start("alfa");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.EXIT)
                .withLimit(TraceLimit.count(100)), events);
        GenServer.cast(alfa, new Recorder.Crash(new IllegalStateException("boom")));
        events.awaitCount(TraceEvent.Exited.class, 1);
        TraceEvent.Exited exit = events.of(TraceEvent.Exited.class).get(0);
        assertTrue(exit.abnormal());
        assertTrue(exit.reason().contains("boom"), exit.reason());
    }

    @Test
    void aRestartedIncarnationUnderAFollowedNameIsTracedAndSaysItIsARestart() {
        Pid first = start("alfa");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.name("alfa")).withEvents(TraceEventKind.RECEIVE, TraceEventKind.EXIT,
                TraceEventKind.RESTART).withLimit(TraceLimit.count(100)), events);
        Await.result(GenServer.stop(first, ExitReason.NORMAL, T));
        // what a supervisor does: the child again, under its name, with its restart count
        Pid second = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("alfa").withRestarts(1), T);
        GenServer.cast(second, "to the new one");
        events.awaitCount(TraceEvent.Received.class, 2);
        List<TraceEvent.Received> received = events.of(TraceEvent.Received.class);
        assertSame(first, received.get(0).pid());
        assertEquals("system", received.get(0).messageType(), "the stop: an exit signal");
        assertEquals("exit_signal normal", received.get(0).message());
        TraceEvent.Exited exit = events.of(TraceEvent.Exited.class).get(0);
        assertSame(first, exit.pid());
        assertFalse(exit.abnormal());
        TraceEvent.Restarted restart = events.of(TraceEvent.Restarted.class).get(0);
        assertSame(second, restart.pid());
        assertEquals(1, restart.restarts());
        assertEquals("alfa", restart.name());
        assertSame(second, received.get(1).pid());
        assertEquals("to the new one", received.get(1).message());
    }

    @Test
    void aMessageFilterKeepsMatchingClassesAndTheirSubtypes() {
        Pid alfa = start("alfa");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.RECEIVE)
                .withMessages("java.lang.Number").withLimit(TraceLimit.count(100)), events);
        GenServer.cast(alfa, "a string");
        GenServer.cast(alfa, 42);
        GenServer.cast(alfa, 4.2);
        events.awaitCount(TraceEvent.Received.class, 2);
        Await.until("alfa to handle all three", () -> Sys.<List<Object>>getState(alfa).size() == 3);
        assertEquals(List.of("42", "4.2"), events.of(TraceEvent.Received.class).stream()
                .map(TraceEvent.Received::message).toList());
    }

    @Test
    void newProcessesAreTracedFromTheirFirstMessage() {
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.Scope.NEW).withEvents(TraceEventKind.RECEIVE)
                .withMessages("*Marker").withLimit(TraceLimit.count(100)), events);
        Pid fresh = start("fresh");
        GenServer.cast(fresh, new Marker());
        events.awaitCount(TraceEvent.Received.class, 1);
        assertSame(fresh, events.of(TraceEvent.Received.class).get(0).pid());
    }

    record Marker() {
    }

    @Test
    void aSensitiveProcessIsTracedWithoutItsMessagesOrState() {
        Pid secret = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("secret").withSensitive(true), T);
        Pid alfa = start("alfa");
        Events events = new Events();
        Trace.start(node, TraceSpec.of(PidSpec.of(secret), PidSpec.of(alfa)).withEvents(TraceEventKind.RECEIVE,
                TraceEventKind.CALL, TraceEventKind.STATE, TraceEventKind.SEND).withLimit(TraceLimit.count(100)), events);
        assertEquals("PASSWORD-1", GenServer.call(secret, "PASSWORD-1", T));
        GenServer.cast(secret, new Recorder.Exec(self -> {
            GenServer.cast(alfa, "PASSWORD-2"); // a message of the sensitive process, arriving at a traced one
            return null;
        }));
        events.awaitCount(TraceEvent.Received.class, 3);
        events.awaitCount(TraceEvent.StateAfter.class, 1);
        // alfa keeps what it got in its state: from then on it is alfa's data, shown as alfa's state
        assertTrue(events.all.stream().filter(e -> !(e instanceof TraceEvent.StateAfter st && st.pid() == alfa))
                .noneMatch(e -> e.toString().contains("PASSWORD")), "never shown: " + events.all);
        TraceEvent.Handled call = events.of(TraceEvent.Handled.class).get(0);
        assertTrue(call.redacted());
        assertNull(call.message());
        assertNull(call.reply());
        assertEquals(String.class.getName(), call.messageType(), "the type is shown");
        assertTrue(events.of(TraceEvent.StateAfter.class).get(0).redacted());
        TraceEvent.Received atAlfa = events.of(TraceEvent.Received.class).stream().filter(e -> e.pid() == alfa)
                .findFirst().orElseThrow();
        assertTrue(atAlfa.redacted(), "a message from a sensitive process is its own: " + atAlfa);
    }

    // ================================================================== refusals

    @Test
    void dangerousCombinationsAreRefusedByRule() {
        Pid alfa = start("alfa");
        assertRefused(TraceRefusedException.WIDE_UNFILTERED, TraceSpec.of(PidSpec.Scope.ALL).withLimit(TraceLimit.count(1)));
        assertRefused(TraceRefusedException.WIDE_UNFILTERED, TraceSpec.of(PidSpec.Scope.NEW).withLimit(TraceLimit.count(1)));
        assertRefused(TraceRefusedException.WIDE_UNFILTERED, TraceSpec.of(PidSpec.names("al*"))
                .withMessages("*").withLimit(TraceLimit.count(1)));
        assertRefused(TraceRefusedException.LIMIT_ABOVE_CAP, TraceSpec.of(PidSpec.of(alfa)).withLimit(TraceLimit.count(10_001)));
        assertRefused(TraceRefusedException.LIMIT_ABOVE_CAP, TraceSpec.of(PidSpec.of(alfa))
                .withLimit(TraceLimit.rate(1001, Duration.ofSeconds(1))));
        assertRefused(TraceRefusedException.LIMIT_ABOVE_CAP, TraceSpec.of(PidSpec.of(alfa))
                .withLimit(TraceLimit.rate(2, Duration.ofMillis(1))));
        assertRefused(TraceRefusedException.LIMIT_ABOVE_CAP, TraceSpec.of(PidSpec.of(alfa))
                .withLimit(TraceLimit.count(1)).withTtl(Duration.ofHours(1)));
        assertRefused(TraceRefusedException.STATE_ON_WIDE, TraceSpec.of(PidSpec.behaviour(Recorder.class.getName()))
                .withEvents(TraceEventKind.STATE).withLimit(TraceLimit.count(1)));
        assertRefused(TraceRefusedException.MEDIC_PROCESS, TraceSpec.of(PidSpec.behaviour("io.medic.supervision.internal.SupervisorServer"))
                .withLimit(TraceLimit.count(1)));
        assertEquals(List.of(), Trace.sessions(node), "nothing started");
    }

    private static void assertRefused(String rule, TraceSpec spec) {
        TraceRefusedException e = assertThrows(TraceRefusedException.class, () -> Trace.start(node, spec, x -> { }));
        assertEquals(rule, e.rule());
        assertTrue(e.getMessage().startsWith("dangerous_combo " + rule + ": "), e.getMessage());
        assertEquals("dangerous_combo", e.code());
    }

    @Test
    void aSpecWithoutALimitOrAnUnknownProcessIsRefused() {
        start("alfa");
        IllegalArgumentException noLimit = assertThrows(IllegalArgumentException.class,
                () -> Trace.start(node, TraceSpec.of(PidSpec.name("alfa")), e -> { }));
        assertEquals("limit: missing, expected a count or a rate (recon_trace's mandatory Max)", noLimit.getMessage());
        NoProcessException noproc = assertThrows(NoProcessException.class,
                () -> Trace.start(node, TraceSpec.of(PidSpec.name("zulu")).withLimit(TraceLimit.count(1)), e -> { }));
        assertEquals("zulu", noproc.target());
        assertThrows(IllegalArgumentException.class, () -> PidSpec.name(" alfa"));
        assertThrows(IllegalArgumentException.class, () -> TraceLimit.count(0));
        assertThrows(IllegalArgumentException.class, () -> TraceSpec.of(PidSpec.name("alfa")).withMessages("a\nb"));
    }

    @Test
    void oneSessionAtATimeTheNextIsRefusedNamingTheRunningOne() {
        start("alfa");
        TraceSession first = Trace.start(node, TraceSpec.of(PidSpec.name("alfa")).withLimit(TraceLimit.count(5))
                .withOwner("ops at 10.0.0.1"), e -> { });
        TraceBusyException busy = assertThrows(TraceBusyException.class, () -> Trace.start(node,
                TraceSpec.of(PidSpec.name("alfa")).withLimit(TraceLimit.count(5)), e -> { }));
        assertTrue(busy.getMessage().contains("trace session #" + first.id() + " (owner \"ops at 10.0.0.1\""),
                busy.getMessage());
        assertEquals(1, Trace.clear(node, T));
        assertEquals(TraceEndReason.CLEARED, ended(first).reason());
    }

    // ================================================================== nothing left behind

    @Test
    void aThousandStartsAndStopsLeaveNoHookAndNoSession() {
        Pid alfa = start("alfa");
        Pid bravo = start("bravo");
        for (int i = 0; i < 1000; i++) {
            TraceSpec spec = switch (i % 3) {
                case 0 -> TraceSpec.of(PidSpec.of(alfa)).withEvents(TraceEventKind.RECEIVE, TraceEventKind.SEND);
                case 1 -> TraceSpec.of(PidSpec.Scope.ALL).withMessages("java.lang.*").withEvents(TraceEventKind.CALL);
                default -> TraceSpec.of(PidSpec.name("bravo")).withEvents(TraceEventKind.CAST, TraceEventKind.STATE);
            };
            TraceSession s = Trace.start(node, spec.withLimit(TraceLimit.count(10_000)), e -> { });
            GenServer.cast(alfa, i);
            GenServer.cast(bravo, i);
            s.stop();
            assertEquals(TraceEndReason.STOPPED, ended(s).reason());
        }
        assertEquals(List.of(), Trace.sessions(node));
        assertEquals(List.of(), Trace.hooked(node), "the records' hooks are all null again");
        assertEquals(1000, Sys.<List<Object>>getState(alfa).size());
    }
}
