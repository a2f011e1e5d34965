package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.testing.ExpectLog;
import io.medic.testing.Await;
import io.medic.runtime.Node;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * A port clash in {@link MedicManagement#start}: the error says how to fix it, and nothing is left
 * running that would keep the JVM alive with no HTTP (the node is stopped, its threads end).
 */
@ExpectLog(logger = "akka.io.TcpListener", message = "Bind failed")
class ManagementStartTest {
    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void aPortClashSaysHowToFixItAndStopsTheNode() {
        try (MedicHttp holder = MedicHttp.start("clash-holder", "")) {
            int taken = holder.base.getPort();
            Node second = node("clash-second", taken);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> MedicManagement.start(second));
            String m = e.getMessage();
            assertTrue(m.contains("could not bind to 127.0.0.1:" + taken), m);
            assertTrue(m.contains("akka.management.http.port"), "names the setting: " + m);
            assertTrue(m.contains("0 binds any free port"), "says how to get a free one: " + m);
            assertTrue(m.endsWith("node clash-second has been stopped"), m);
            assertTrue(second.exitStatus().toCompletableFuture().isDone(), "the node has terminated");
            Await.until("no live non-daemon thread of the stopped node",
                    () -> Thread.getAllStackTraces().keySet().stream()
                            .noneMatch(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("clash-second")));
            assertEquals(200, holder.get("/medic").status(), "the holder of the port is untouched");
        }
    }

    @Test
    void startAsyncFailsWithTheSameAdviceAndLeavesTheNodeToTheCaller() {
        try (MedicHttp holder = MedicHttp.start("clash-holder-async", "")) {
            int taken = holder.base.getPort();
            try (Node second = node("clash-async", taken)) {
                CompletionException e = assertThrows(CompletionException.class,
                        () -> MedicManagement.startAsync(second).toCompletableFuture().join());
                IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
                assertTrue(cause.getMessage().contains("could not bind to 127.0.0.1:" + taken), cause.getMessage());
                assertTrue(cause.getMessage().contains("akka.management.http.port"), cause.getMessage());
                assertTrue(!second.exitStatus().toCompletableFuture().isDone(), "startAsync leaves the node running");
            }
        }
    }

    private static Node node(String name, int port) {
        return Node.start(name, ConfigFactory.parseString("akka.management.http.hostname = \"127.0.0.1\"\n"
                + "akka.management.http.port = " + port));
    }
}
