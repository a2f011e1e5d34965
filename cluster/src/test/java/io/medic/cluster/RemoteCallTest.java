package io.medic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.CallTimeoutException;
import io.medic.runtime.Down;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessExitException;
import io.medic.runtime.RemotePid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * gen_server:call, cast and Pid ! Msg between two nodes of one cluster in this JVM, with their errors:
 * noproc, a crash during the call, {@code from.fail}, a message without a serializer, a pid carried to
 * another node and back.
 */
class RemoteCallTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** A Recorder on node 1, as node 0 sees it: parsed from its qualified text. */
    private static Pid remoteRecorder() {
        Pid local = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, T);
        Pid remote = cluster.node(0).pid(local + "@" + cluster.name(1));
        assertInstanceOf(RemotePid.class, remote);
        return remote;
    }

    /**
     * A blocking call is answered without starting a thread (Akka's Java ask ran each dependent stage on
     * {@code ForkJoinPool.commonPool()}, which on a JVM that sees two cores is a new thread per stage: a
     * thread start per call), and the dependent stages of {@code callAsync} run on the caller's node's
     * dispatcher, never on the transport's inbound thread where the answer arrives.
     */
    @Test
    void callsStartNoThreadAndAsyncStagesRunOnTheDispatcher() {
        Pid remote = remoteRecorder();
        GenServer.call(remote, "warm", T); // connections, serializers and pools in place
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long started = threads.getTotalStartedThreadCount();
        for (int i = 0; i < 200; i++) {
            assertEquals("call " + i, GenServer.call(remote, "call " + i, T));
        }
        long more = threads.getTotalStartedThreadCount() - started;
        assertTrue(more < 50, "200 remote calls started " + more + " threads");
        // the stage is certainly pending when the dependent is added: the server holds the call until it stops
        CompletionStage<String> where = GenServer.<String>callAsync(remote, "hold", T)
                .thenApply(r -> r + " on " + Thread.currentThread().getName());
        assertEquals("pong", GenServer.call(remote, "pong", T)); // the hold has arrived: calls are in order
        Medic.await(GenServer.stop(remote, ExitReason.NORMAL, T), "stop", T);
        String answer = Medic.await(where, "callAsync", T);
        assertTrue(answer.startsWith("released by terminate on ") && answer.contains("akka.actor.default-dispatcher")
                && !answer.contains("remote"), answer);
    }

    @Test
    void pidsOfAnotherNodePrintAndParseWithTheirNode() {
        Pid local = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, T);
        String text = local + "@" + cluster.name(1);
        Pid remote = cluster.node(0).pid(text);
        assertEquals(text, remote.toString());
        assertEquals(local.number(), remote.number());
        assertEquals(cluster.name(1), ((RemotePid) remote).node());
        assertEquals(remote, cluster.node(0).pid("0." + local.number() + ".0@" + cluster.name(1)));
        // on its own node the qualified form is the local process itself
        assertSame(local, cluster.node(1).pid(text));
        // a node that is not in the cluster: no such process
        assertTrue(cluster.node(0).lookup("<0.1.0>@127.0.0.1:1").isEmpty());
        // what needs the record is refused, naming the node
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, remote::entry);
        assertTrue(e.getMessage().contains("is a process of node " + cluster.name(1)), e.getMessage());
    }

    @Test
    void callAndReplyCrossNodes() {
        Pid remote = remoteRecorder();
        assertEquals(new Messages.Echo("hello"), GenServer.call(remote, new Messages.Echo("hello"), T));
        assertEquals("plain string", GenServer.call(remote, "plain string", T));
    }

    @Test
    void castsAndSendsArriveInTheOrderTheyWereSent() {
        Pid remote = remoteRecorder();
        for (int i = 0; i < 50; i++) {
            if (i % 2 == 0) {
                GenServer.cast(remote, "m" + i);
            } else {
                Medic.send(remote, "m" + i);
            }
        }
        Messages.Received r = GenServer.call(remote, "received", T);
        assertEquals(50, r.items().size(), r.items().toString());
        for (int i = 0; i < 50; i++) {
            assertEquals((i % 2 == 0 ? "cast:m" : "info:m") + i, r.items().get(i));
        }
    }

    @Test
    void aCallToADeadRemoteProcessIsNoproc() {
        Pid local = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, T);
        Pid remote = cluster.node(0).pid(local + "@" + cluster.name(1));
        Await.result(GenServer.stop(local, ExitReason.NORMAL, T));
        NoProcessException e = assertThrows(NoProcessException.class, () -> GenServer.call(remote, "x", T));
        assertTrue(e.getMessage().contains(remote.toString()), e.getMessage());
        assertFalse(remote.isAlive());
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crashed on purpose")
    void aServerThatCrashesDuringTheCallFailsItWithItsReason() {
        Pid remote = remoteRecorder();
        ProcessExitException e = assertThrows(ProcessExitException.class, () -> GenServer.call(remote, "crash", T));
        assertEquals(remote, e.pid());
        ExitReason.Exception reason = assertInstanceOf(ExitReason.Exception.class, e.reason());
        RemoteException cause = assertInstanceOf(RemoteException.class, reason.cause());
        assertTrue(cause.getMessage().contains("java.lang.IllegalStateException: crashed on purpose"), cause.getMessage());
        assertEquals(cluster.name(1), cause.node());
    }

    @Test
    void fromFailReachesTheCallerAsARemoteException() {
        Pid remote = remoteRecorder();
        RemoteException e = assertThrows(RemoteException.class, () -> GenServer.call(remote, "fail", T));
        assertTrue(e.getMessage().contains("java.lang.IllegalArgumentException: refused on purpose"), e.getMessage());
    }

    @Test
    void aRequestWithoutASerializerFailsAtOnceNamingItsClass() {
        Pid remote = remoteRecorder();
        CompletionStage<Object> call = GenServer.callAsync(remote, new Messages.Local("x"), T);
        assertTrue(call.toCompletableFuture().isCompletedExceptionally(), "failed before anything was sent");
        IllegalArgumentException e = Await.failure(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(Messages.Local.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("docs/cluster.md#serialization"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GenServer.cast(remote, new Messages.Local("x")));
    }

    @Test
    void aReplyWithoutASerializerFailsTheCallNamingItsClass() {
        Pid remote = remoteRecorder();
        RemoteException e = assertThrows(RemoteException.class, () -> GenServer.call(remote, "local", T));
        assertEquals("badarg", e.code());
        assertTrue(e.getMessage().contains(Messages.Local.class.getName()), e.getMessage());
    }

    @Test
    void aCallThatIsNotAnsweredTimesOut() {
        Pid remote = remoteRecorder();
        assertThrows(CallTimeoutException.class, () -> GenServer.call(remote, "hold", Duration.ofMillis(300)));
    }

    @Test
    void aPidCarriedToAnotherNodeComesBackAsTheSameProcess() {
        Pid here = GenServer.startSync(cluster.node(0), new Recorder(), SpawnOptions.DEFAULT, T);
        Pid remote = remoteRecorder();
        Messages.WhoAmI back = GenServer.call(remote, new Messages.WhoAmI(here), T);
        assertSame(here, back.pid(), "the local process itself, not a copy");
        // and the pid as node 1 received it reaches the process on node 0
        Pid onNode1 = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, T);
        Messages.WhoAmI there = GenServer.call(cluster.node(0).pid(onNode1 + "@" + cluster.name(1)),
                new Messages.WhoAmI(onNode1), T);
        assertInstanceOf(RemotePid.class, there.pid());
        assertEquals(onNode1.number(), there.pid().number());
        assertEquals(onNode1.ref().path().toStringWithoutAddress(), there.pid().ref().path().toStringWithoutAddress(),
                "a pid from a message carries its actor");
    }

    @Test
    void aMonitorOfARemoteProcessFiresWithItsExitReason() {
        Pid local = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, T);
        Pid remote = cluster.node(0).pid(local + "@" + cluster.name(1));
        CompletableFuture<Down> down = new CompletableFuture<>();
        Pid watcher = GenServer.startSync(cluster.node(0), new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.whenExited(remote).thenAccept(r -> down.complete(new Down(null, remote, r)));
        // sent after the monitor, by the same node: it arrives after it
        Medic.exit(remote, ExitReason.shutdown("done"));
        assertEquals(ExitReason.shutdown("done"), Await.result(down).reason());
        assertEquals(ExitReason.shutdown("done"), remote.exitReason().orElseThrow());
        // a monitor of a process that is already dead fires noproc
        assertEquals(ExitReason.custom("noproc"), Await.result(Medic.whenExited(cluster.node(0).pid(local + "@" + cluster.name(1)))));
        // and a remote GenServer.stop waits for the exit
        Pid other = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, T);
        assertEquals(ExitReason.SHUTDOWN, Await.result(GenServer.stop(cluster.node(0).pid(other + "@" + cluster.name(1)),
                ExitReason.SHUTDOWN, T)));
        assertFalse(other.isAlive());
        assertTrue(watcher.isAlive());
    }

    @Test
    void anExitSignalReachesARemoteProcess() {
        Pid local = GenServer.startSync(cluster.node(1), new Recorder(), SpawnOptions.DEFAULT, T);
        Pid remote = cluster.node(0).pid(local + "@" + cluster.name(1));
        Medic.exit(remote, ExitReason.KILLED);
        assertEquals(ExitReason.KILLED, Await.result(Medic.whenExited(local)));
        assertEquals(List.of(), List.of());
    }
}
