package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.ExpectLog;
import akka.actor.ActorInitializationException;
import io.medic.testing.Await;
import akka.actor.UnhandledMessage;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.ChildFailed;
import akka.actor.typed.DeathPactException;
import akka.actor.typed.PostStop;
import akka.actor.typed.Props;
import akka.actor.typed.SupervisorStrategy;
import akka.actor.typed.Terminated;
import akka.actor.typed.eventstream.EventStream;
import akka.actor.typed.javadsl.Behaviors;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A plain Akka behaviour spawned through {@link Medic#spawn} is interpreted by Medic's wrapper: it must
 * see what Akka would show it (setup, messages, signals, timers, what it returns) and fail as it would
 * without Medic (the exception reaches the parent), while its process exits with the right reason —
 * a throwable from its code, whatever its class, is a crash with that throwable, never a normal exit.
 */
@ExpectLog(logger = ExpectLog.PLAIN_FAILURE)
@ExpectLog(logger = ExpectLog.CRASH_REPORT)
@ExpectLog(logger = "akka.actor.SupervisorStrategy")
@ExpectLog(logger = "akka.actor.ActorCell")
@ExpectLog(logger = "akka.actor.typed.internal.adapter.ActorAdapter", message = "cleanup failed")
class PlainBehaviorWrapperTest extends NodePerClass {
    private static final AtomicLong SEQ = new AtomicLong();

    /** A custom error, as an application might define one. */
    static final class Boom extends Error {
        Boom(String message) {
            super(message);
        }
    }

    /** Throws {@code error} on "throw"; records anything else to {@code probe}. */
    private static Behavior<Object> thrower(Throwable error, TestProbe<Object> probe) {
        return Behaviors.receive(Object.class)
                .onMessageEquals("throw", () -> {
                    throw sneaky(error);
                })
                .onAnyMessage(m -> {
                    probe.getRef().tell(m);
                    return Behaviors.same();
                })
                .build();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** A signal the parent got, as a message (an actor would take a Signal sent as a message for its own). */
    record Got(akka.actor.typed.Signal signal) {
    }

    /**
     * A plain Akka parent (not a Medic process) that spawns {@code child} through Medic, watches it,
     * reports its pid, then every signal it gets, to {@code probe}; "stop-child" makes it stop the child.
     */
    private static ActorRef<Object> parentOf(Behavior<Object> child, TestProbe<Object> probe) {
        return node.system().systemActorOf(Behaviors.<Object>setup(ctx -> {
            Spawned<Object> s = Medic.spawn(ctx, child, SpawnOptions.DEFAULT);
            ctx.watch(s.ref());
            probe.getRef().tell(s.pid());
            return Behaviors.receive(Object.class)
                    .onMessageEquals("stop-child", () -> {
                        ctx.stop(s.ref());
                        return Behaviors.same();
                    })
                    .onSignal(ChildFailed.class, f -> {
                        probe.getRef().tell(new Got(f));
                        return Behaviors.same();
                    })
                    .onSignal(Terminated.class, t -> {
                        probe.getRef().tell(new Got(t));
                        return Behaviors.same();
                    })
                    .build();
        }), "parent-" + SEQ.incrementAndGet(), Props.empty());
    }

    private static ChildFailed childFailed(TestProbe<Object> probe) {
        return assertInstanceOf(ChildFailed.class, assertInstanceOf(Got.class, probe.receiveMessage(Await.DEADLINE)).signal());
    }

    private static ExitReason.Exception crashed(Pid pid) {
        return assertInstanceOf(ExitReason.Exception.class, Await.result(Medic.whenExited(pid)));
    }

    // ================================================================== failures

    @Test
    void aHandlersExceptionReachesTheParentAndIsTheExitReason() {
        TestProbe<Object> probe = TestProbe.create(node.system());
        IllegalStateException error = new IllegalStateException("plain failure");
        parentOf(thrower(error, probe), probe);
        Pid pid = (Pid) probe.receiveMessage(Await.DEADLINE);
        Medic.send(pid, "throw");
        assertSame(error, childFailed(probe).getCause(), "Akka's semantics: the parent gets the cause");
        assertSame(error, crashed(pid).cause());
    }

    @Test
    void anErrorFromAHandlerIsACrashWithThatError() {
        for (Throwable error : List.of(new AssertionError("invariant broken"), new Boom("custom"))) {
            TestProbe<Object> probe = TestProbe.create(node.system());
            parentOf(thrower(error, probe), probe);
            Pid pid = (Pid) probe.receiveMessage(Await.DEADLINE);
            Medic.send(pid, "throw");
            assertSame(error, childFailed(probe).getCause());
            assertSame(error, crashed(pid).cause(), "never a normal exit");
        }
    }

    @Test
    void aLinkageErrorIsContainedToItsProcess() {
        // Akka treats a LinkageError as fatal to the JVM: unless Medic contains it, this test's JVM exits
        TestProbe<Object> probe = TestProbe.create(node.system());
        NoClassDefFoundError error = new NoClassDefFoundError("com/example/Gone");
        parentOf(thrower(error, probe), probe);
        Pid pid = (Pid) probe.receiveMessage(Await.DEADLINE);
        Medic.send(pid, "throw");
        ContainedErrorException contained = assertInstanceOf(ContainedErrorException.class, childFailed(probe).getCause());
        assertSame(error, contained.getCause());
        assertSame(error, crashed(pid).cause(), "the exit reason is the error itself");

        Pid alive = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, Await.DEADLINE);
        assertEquals("still up", GenServer.call(alive, "still up", Await.DEADLINE), "the node goes on");
    }

    @Test
    void atTheTopOfTheNodeAFailureStopsTheProcessAsAkkasStopSupervisorWould() {
        // Medic spawns top-level processes without Akka's stop supervisor: it must stop them itself
        // (the classic user guardian would restart them)
        for (Throwable error : List.of(new IllegalStateException("top failure"), new NoClassDefFoundError("Gone"))) {
            TestProbe<Object> probe = TestProbe.create(node.system());
            Spawned<Object> s = Medic.spawn(node, thrower(error, probe), SpawnOptions.DEFAULT);
            Medic.send(s.pid(), "throw");
            assertSame(error, crashed(s.pid()).cause());
            probe.expectTerminated(s.ref(), Await.DEADLINE);
        }
        Spawned<Object> failedSetup = Medic.spawn(node, Behaviors.setup(ctx -> {
            throw new Boom("top setup");
        }), SpawnOptions.DEFAULT);
        assertEquals("top setup", crashed(failedSetup.pid()).cause().getMessage());
        TestProbe.create(node.system()).expectTerminated(failedSetup.ref(), Await.DEADLINE);
    }

    @Test
    void aFailingSetupFailsTheStartWithItsError() {
        TestProbe<Object> probe = TestProbe.create(node.system());
        Boom error = new Boom("no setup");
        parentOf(Behaviors.setup(ctx -> {
            throw error;
        }), probe);
        Pid pid = (Pid) probe.receiveMessage(Await.DEADLINE);
        ChildFailed failed = childFailed(probe);
        assertInstanceOf(ActorInitializationException.class, failed.getCause());
        assertSame(error, failed.getCause().getCause(), "as Akka reports a failed setup");
        assertSame(error, crashed(pid).cause());
    }

    @Test
    void aFailedBehaviourFromANestedStopSupervisorCarriesItsCause() {
        TestProbe<Object> probe = TestProbe.create(node.system());
        IllegalStateException error = new IllegalStateException("stopped by its own supervisor");
        Behavior<Object> supervised = Behaviors.supervise(thrower(error, probe)).onFailure(SupervisorStrategy.stop());
        Pid pid = Medic.spawn(node, supervised, SpawnOptions.DEFAULT).pid();
        Medic.send(pid, "throw");
        assertSame(error, crashed(pid).cause(), "Akka's failed behaviour is a crash with its cause, not a normal stop");
    }

    @Test
    void anUnhandledTerminatedIsADeathPact() {
        Pid pid = Medic.spawn(node, Behaviors.<Object>setup(ctx -> {
            ActorRef<Object> watched = ctx.spawn(Behaviors.receiveMessage(m -> Behaviors.stopped()), "watched");
            ctx.watch(watched);
            return Behaviors.receiveMessage(m -> {
                watched.tell(m);
                return Behaviors.same();
            });
        }), SpawnOptions.DEFAULT).pid();
        Medic.send(pid, "stop it");
        assertInstanceOf(DeathPactException.class, crashed(pid).cause(), "Akka's death pact, not a normal exit");
    }

    @Test
    void aPostStopHandlerThatThrowsIsTheExitReason() {
        TestProbe<Object> probe = TestProbe.create(node.system());
        Boom error = new Boom("cleanup failed");
        ActorRef<Object> parent = parentOf(Behaviors.receive(Object.class)
                .onSignal(PostStop.class, s -> {
                    throw error;
                })
                .build(), probe);
        Pid pid = (Pid) probe.receiveMessage(Await.DEADLINE);
        parent.tell("stop-child");
        assertSame(error, crashed(pid).cause());
    }

    @Test
    void aHandlerReturningNullCrashesNamingIt() {
        Pid pid = Medic.spawn(node, Behaviors.receiveMessage(m -> null), SpawnOptions.DEFAULT).pid();
        Medic.send(pid, "anything");
        assertTrue(crashed(pid).cause().getMessage().contains("returned null"));
    }

    // ================================================================== lifecycle and signals

    @Test
    void aBehaviourStoppedAtStartExitsNormally() {
        Spawned<Object> s = Medic.spawn(node, Behaviors.stopped(), SpawnOptions.DEFAULT.withName("stopped-at-start"));
        assertEquals(ExitReason.NORMAL, Await.result(Medic.whenExited(s.pid())));
        assertEquals(new InitResult.Started(s.pid()), Await.result(s.initialized()));
        Await.until("the table to forget it", () -> node.processes().byNumber(s.pid().number()).isEmpty());
        assertEquals(Optional.empty(), node.whereis("stopped-at-start"));
    }

    @Test
    void stoppedFromOutsideItExitsWithShutdownAfterItsPostStop() {
        TestProbe<Object> probe = TestProbe.create(node.system());
        ActorRef<Object> parent = parentOf(Behaviors.receive(Object.class)
                .onSignal(PostStop.class, s -> {
                    probe.getRef().tell("post-stop");
                    return Behaviors.same();
                })
                .build(), probe);
        Pid pid = (Pid) probe.receiveMessage(Await.DEADLINE);
        parent.tell("stop-child");
        assertEquals("post-stop", probe.receiveMessage(Await.DEADLINE));
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(pid)));
        assertInstanceOf(Terminated.class, assertInstanceOf(Got.class, probe.receiveMessage(Await.DEADLINE)).signal());
    }

    @Test
    void signalsAndTimersReachTheWrappedBehaviour() {
        TestProbe<Object> probe = TestProbe.create(node.system());
        Pid pid = Medic.spawn(node, Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
            ActorRef<Object> child = ctx.spawn(Behaviors.receiveMessage(m -> {
                throw new IllegalStateException("grandchild failure");
            }), "child");
            ctx.watch(child);
            return Behaviors.receive(Object.class)
                    .onMessageEquals("tick", () -> {
                        probe.getRef().tell("tick");
                        return Behaviors.same();
                    })
                    .onMessageEquals("arm", () -> {
                        timers.startSingleTimer("tick", Duration.ofMillis(10));
                        return Behaviors.same();
                    })
                    .onMessageEquals("fail-child", () -> {
                        child.tell("fail");
                        return Behaviors.same();
                    })
                    .onSignal(ChildFailed.class, f -> {
                        probe.getRef().tell(f.getCause().getMessage());
                        return Behaviors.same();
                    })
                    .build();
        })), SpawnOptions.DEFAULT).pid();
        Medic.send(pid, "arm");
        assertEquals("tick", probe.receiveMessage(Await.DEADLINE));
        Medic.send(pid, "fail-child");
        assertEquals("grandchild failure", probe.receiveMessage(Await.DEADLINE));
        assertTrue(pid.isAlive(), "a handled ChildFailed keeps it running");
        Await.until("every message, the signal included, accounted",
                () -> pid.entry().messagesHandled() == pid.entry().messagesIn());
    }

    @Test
    void unhandledMessagesArePublishedAsAkkaDoesHeldOnesIncluded() {
        TestProbe<UnhandledMessage> unhandled = TestProbe.create(node.system());
        node.system().eventStream().tell(new EventStream.Subscribe<>(UnhandledMessage.class, unhandled.getRef()));
        // a real recipient: Akka's dead-letter listener logs it, and a null one would throw there
        UnhandledMessage marker = new UnhandledMessage("marker", akka.actor.ActorRef.noSender(),
                akka.actor.typed.javadsl.Adapter.toClassic(unhandled.getRef()));
        unhandled.awaitAssert(() -> { // the subscription is asynchronous: wait until it sees what is published
            node.system().eventStream().tell(new EventStream.Publish<>(marker));
            return unhandled.receiveMessage(Duration.ofMillis(200));
        });
        Pid pid = Medic.spawn(node, Behaviors.receiveMessage(m -> Behaviors.unhandled()), SpawnOptions.DEFAULT).pid();
        Medic.send(pid, "nobody wants me");
        assertEquals("nobody wants me", nextUnhandled(unhandled));
        Sys.suspend(pid);
        Medic.send(pid, "held, then unhandled");
        Await.until("the message to be held", () -> pid.entry().messageQueueLen() == 1);
        Sys.resume(pid);
        assertEquals("held, then unhandled", nextUnhandled(unhandled),
                "the held message is reported, not the sys request that released it");
        assertTrue(pid.isAlive());
    }

    /** The next unhandled message reported, markers skipped. */
    private static Object nextUnhandled(TestProbe<UnhandledMessage> probe) {
        Object m;
        do {
            m = probe.receiveMessage(Await.DEADLINE).getMessage();
        } while ("marker".equals(m));
        return m;
    }

    @Test
    void aHeldMessageThatStopsTheBehaviourStopsItOnResume() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        Pid pid = Medic.spawn(node, PlainBehaviorTest.Collector.create(seen), SpawnOptions.DEFAULT).pid();
        Sys.suspend(pid);
        Medic.send(pid, "first");
        Medic.send(pid, "stop");
        Medic.send(pid, "never");
        Await.until("three messages held", () -> pid.entry().messageQueueLen() == 3);
        Sys.resume(pid);
        assertEquals(ExitReason.NORMAL, Await.result(Medic.whenExited(pid)));
        assertEquals(List.of("first"), seen);
    }
}
