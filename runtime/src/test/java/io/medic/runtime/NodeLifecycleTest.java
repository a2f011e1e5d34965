package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §2, the node: boots an ActorSystem with Medic's services, starts components in order, and
 * shuts down cleanly through CoordinatedShutdown, stopping its processes (terminate runs).
 */
class NodeLifecycleTest {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void closingTheNodeStopsItsProcessesCleanly() throws Exception {
        Recorder server = new Recorder();
        Pid pid;
        Pid plain;
        Node node = Node.start("node-lifecycle-close");
        try {
            assertEquals("node-lifecycle-close", node.name());
            assertSame(node, Node.get(node.system()), "one Node per ActorSystem");
            assertSame(node, Node.get(node.classicSystem()));
            assertEquals(0, node.processes().size());
            pid = GenServer.startSync(node, server, SpawnOptions.DEFAULT.withName("server"), T);
            plain = Medic.spawn(node, Behaviors.ignore(), SpawnOptions.DEFAULT).pid();
            assertEquals(2, node.processes().size());
            assertTrue(node.toString().contains("2 processes"), node.toString());
        } finally {
            node.close();
        }
        assertEquals(ExitReason.SHUTDOWN, Await.result(server.terminated), "terminate runs at node shutdown");
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(pid)));
        assertEquals(ExitReason.SHUTDOWN, Await.result(Medic.whenExited(plain)));
        assertEquals(0, Await.result(node.exitStatus()));
        assertEquals(0, node.processes().size());
        assertTrue(node.registry().registered().isEmpty());
    }

    @Test
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status 3")
    void stopWithAStatusCompletesTheExitStatus() throws Exception {
        Node node = Node.start("node-lifecycle-status");
        node.stop(3, "test asked for status 3");
        assertEquals(3, node.awaitTermination(Duration.ofSeconds(30)));
        assertEquals(3, Await.result(node.exitStatus()));
    }

    @Test
    @ExpectLog(logger = "io.medic.runtime", message = "database unreachable")
    void componentsStartInOrderAndAFailureStopsTheNode() {
        List<String> started = new CopyOnWriteArrayList<>();
        Node.Component first = component("first", started, null);
        Node.Component second = component("second", started, null);
        try (Node node = Node.start("node-lifecycle-components", ConfigFactory.empty(), List.of(first, second))) {
            assertEquals(List.of("first", "second"), started);
            assertEquals(0, node.processes().size());
        }

        started.clear();
        IllegalStateException cause = new IllegalStateException("database unreachable");
        Node.Component failing = component("failing", started, cause);
        Node.Component never = component("never", started, null);
        StartException e = assertThrows(StartException.class, () -> Node.start("node-lifecycle-failing",
                ConfigFactory.empty(), List.of(first, failing, never)));
        assertTrue(e.getMessage().contains("failing") && e.getMessage().contains("database unreachable")
                && e.getMessage().contains("node-lifecycle-failing"), e.getMessage());
        assertEquals(ExitReason.exception(cause), e.reason());
        assertEquals(List.of("first", "failing"), started, "nothing starts after a failure");
        assertFalse(started.contains("never"));
    }

    private static Node.Component component(String name, List<String> started, RuntimeException failure) {
        return new Node.Component() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<?> start(Node node) {
                started.add(name);
                return failure == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(failure);
            }
        };
    }
}
