package io.medic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.AlreadyRegisteredException;
import io.medic.runtime.BadProcessReferenceException;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.RemotePid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** global:register_name, whereis_name, unregister_name and send across three nodes. */
class GlobalTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = TestCluster.start(3);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static Pid recorder(int node) {
        return GenServer.startSync(cluster.node(node), new Recorder(), SpawnOptions.DEFAULT, T);
    }

    private static Optional<Pid> whereisOn(int node, String name) {
        return cluster.cluster(node).global().whereisName(name);
    }

    @Test
    void aNameRegisteredOnOneNodeIsFoundOnEveryNodeAndReachesItsProcess() {
        Pid chair = recorder(0);
        cluster.cluster(0).global().registerName("chair", chair);
        assertSame(chair, whereisOn(0, "chair").orElseThrow(), "on its own node: the local process");
        for (int i = 1; i < 3; i++) {
            int n = i;
            Pid there = Await.value("chair seen on node " + n, () -> whereisOn(n, "chair"), Optional::isPresent).orElseThrow();
            assertInstanceOf(RemotePid.class, there);
            assertEquals(chair + "@" + cluster.name(0), there.toString());
            assertEquals(chair.ref().path().toStringWithoutAddress(), there.ref().path().toStringWithoutAddress());
        }
        cluster.cluster(2).global().send("chair", "motion");
        Await.untilAsserted(() -> assertEquals(List.of("info:motion"),
                GenServer.<Messages.Received>call(chair, "received", T).items()));
        assertEquals(chair + "@" + cluster.name(0), cluster.cluster(1).global().registeredNames().get("chair").toString());
    }

    @Test
    void aTakenNameIsRefusedOnEveryNode() {
        Pid first = recorder(1);
        cluster.cluster(1).global().registerName("clerk", first);
        Await.until("clerk seen on node 2", () -> whereisOn(2, "clerk").isPresent());
        AlreadyRegisteredException e = assertThrows(AlreadyRegisteredException.class,
                () -> cluster.cluster(2).global().registerName("clerk", recorder(2)));
        assertEquals(first + "@" + cluster.name(1), e.holder().toString());
        assertThrows(AlreadyRegisteredException.class, () -> cluster.cluster(1).global().registerName("clerk", recorder(1)));
        assertThrows(BadProcessReferenceException.class, () -> cluster.cluster(1).global().registerName("<0.1.0>", first));
    }

    @Test
    void aNameIsReleasedEverywhereWhenItsProcessExits() {
        Pid p = recorder(2);
        cluster.cluster(2).global().registerName("usher", p);
        Await.until("usher seen on node 0", () -> whereisOn(0, "usher").isPresent());
        Await.result(GenServer.stop(p, ExitReason.NORMAL, T));
        for (int i = 0; i < 3; i++) {
            int n = i;
            Await.until("usher released on node " + n, () -> whereisOn(n, "usher").isEmpty());
        }
        // and can be taken again, from another node
        Pid next = recorder(0);
        cluster.cluster(0).global().registerName("usher", next);
        Await.until("the new usher seen on node 2", () -> whereisOn(2, "usher").map(Pid::number).equals(Optional.of(next.number())));
        assertThrows(NoProcessException.class, () -> cluster.cluster(0).global().registerName("late", p));
    }

    @Test
    void aProcessOfAnotherNodeCanBeRegisteredAndUnregistered() {
        Pid p = recorder(1);
        Pid remote = cluster.node(0).pid(p + "@" + cluster.name(1));
        cluster.cluster(0).global().registerName("scribe", remote);
        Await.untilAsserted(() -> assertSame(p, whereisOn(1, "scribe").orElse(null), "the local process on its node"));
        Await.until("scribe seen on node 2", () -> whereisOn(2, "scribe").isPresent());
        assertTrue(cluster.cluster(2).global().unregisterName("scribe"), "node 2 saw it registered");
        for (int i = 0; i < 3; i++) {
            int n = i;
            Await.until("scribe unregistered on node " + n, () -> whereisOn(n, "scribe").isEmpty());
        }
        assertTrue(p.isAlive(), "unregistering does not touch the process");
        assertThrows(NoProcessException.class, () -> cluster.cluster(0).global().send("scribe", "x"));
        assertFalse(cluster.cluster(0).global().registeredNames().containsKey("scribe"));
    }
}
