package io.medic.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.RemotePid;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * A node in a JVM of its own, killed with SIGKILL as an operator's {@code kill -9} would: a remote call
 * and a global name across JVMs, the cluster-wide ranking with the other JVM's processes, then OTP's
 * fail-fast ({@code nodedown}) for a call in flight, the dead node named as a bad node or gone, and its
 * global name released.
 */
@ExpectLog(level = "WARN", logger = "akka.cluster") // the killed node: unreachable, downed by the SBR
@ExpectLog(level = "WARN", logger = "akka.remote") // and quarantined
class ForkedNodeTest {
    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void aNodeInAnotherJvmIsCalledRankedAndFailsFastWhenKilled() throws Exception {
        try (TestCluster c = new TestCluster()) {
            c.add(ConfigFactory.parseString("akka.management.http.hostname = \"127.0.0.1\""), 0, List.of());
            // a second node here: when the forked one is killed, this side is the majority the Split Brain
            // Resolver keeps (with two nodes, keep-majority keeps the side of the lower address: either)
            c.add(ConfigFactory.empty());
            c.awaitUp();
            URI base = MedicManagement.start(c.node(0));
            Process child = fork(c.name(0), 11);
            List<String> output = new ArrayList<>();
            try {
                String[] ready = Await.result(readyLine(child, output), Duration.ofSeconds(50)).split(" ");
                String childNode = ready[1];
                MedicCluster cluster = c.cluster(0);
                Await.until(() -> "3 members up: " + cluster.members(), () -> cluster.members().size() == 3
                        && cluster.members().stream().allMatch(m -> m.status().equals("up") && m.reachable()));

                // a global name registered in the other JVM, and a call through it
                Pid clerk = Await.value("forked-clerk seen here", () -> cluster.global().whereisName("forked-clerk"),
                        Optional::isPresent).orElseThrow();
                assertTrue(clerk instanceof RemotePid r && r.node().equals(childNode), clerk.toString());
                assertEquals(new Messages.Echo("across JVMs"), GenServer.call(clerk, new Messages.Echo("across JVMs"), T));

                // the cluster's top 1 is the other JVM's drowning process
                Http.Response top = Http.get(base, "/medic/cluster/processes?sort=message_queue_len&limit=1");
                assertEquals(200, top.status(), top.toString());
                JsonNode first = top.json().path("processes").get(0);
                assertEquals(ready[2] + "@" + childNode, first.path("pid").asText(), top.body());
                assertEquals(11, first.path("value").asLong());
                assertEquals(0, top.json().path("bad_nodes").size(), top.body());

                // kill -9: the call in flight fails with nodedown, well before its timeout
                CompletionStage<Object> held = GenServer.callAsync(clerk, "hold", Duration.ofSeconds(120));
                assertEquals("pong", GenServer.call(clerk, "pong", T)); // the hold has arrived
                child.destroyForcibly();
                NodeDownException e = Await.failure(NodeDownException.class, held, T);
                assertEquals("nodedown", e.code());

                Http.Response after = Http.get(base, "/medic/cluster/processes?sort=message_queue_len&limit=1");
                JsonNode bad = after.json().path("bad_nodes");
                boolean named = bad.size() == 1 && bad.get(0).path("node").asText().equals(childNode);
                boolean gone = !after.body().contains(childNode);
                assertTrue(named || gone, "the dead node is a bad node, or no longer a member: " + after.body());
                Await.until("forked-clerk released once its node is removed",
                        () -> cluster.global().whereisName("forked-clerk").isEmpty());
            } catch (Throwable t) {
                synchronized (output) {
                    t.addSuppressed(new AssertionError("the forked node's output:\n" + String.join("\n", output)));
                }
                throw t;
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
        }
    }

    /** Starts {@link ForkedNode} with this JVM's java and classpath. */
    private static Process fork(String seed, int queued) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ForkedNode.class.getName(), seed, String.valueOf(queued))
                .redirectErrorStream(true).start();
    }

    /** Completes with the child's READY line; keeps its output (the last 200 lines) for a failure's report. */
    private static CompletableFuture<String> readyLine(Process child, List<String> output) {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                    synchronized (output) {
                        output.add(line);
                        if (output.size() > 200) {
                            output.remove(0);
                        }
                    }
                }
                ready.completeExceptionally(new IllegalStateException("the forked node exited with " + child.waitFor()
                        + " before it was ready"));
            } catch (IOException | InterruptedException e) {
                ready.completeExceptionally(e);
            }
        }, "forked-node-output");
        reader.setDaemon(true);
        reader.start();
        return ready;
    }
}
