package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node's last words ({@link Node#onAbnormalStop}): run once, before any process stops, when the node
 * stops abnormally — {@link Node#halt}, a non-zero exit status, a fatal error out of a process — and never
 * on a normal stop. The crash dump is written by one.
 */
@Timeout(60)
class LastWordsTest {
    static final Duration T = Duration.ofSeconds(10);

    /** Counts casts; throws the JVM's InternalError on "fatal". */
    static final class Server extends GenServer<Integer> {
        @Override
        protected Init<Integer> init() {
            return ok(0);
        }

        @Override
        protected Result<Integer> handleCast(Object message, Integer n) {
            if ("fatal".equals(message)) {
                throw new InternalError("the VM is broken");
            }
            return noreply(n + 1);
        }
    }

    @Test
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status 1")
    @ExpectLog(logger = "io.medic.runtime", message = "a last-words hook failed")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status 2")
    void haltRunsTheHooksOnceBeforeAnyProcessStops() throws Exception {
        Node node = Node.start("lastwords-halt");
        Pid p = GenServer.startSync(node, new Server(), SpawnOptions.DEFAULT, T);
        List<String> seen = new CopyOnWriteArrayList<>();
        node.onAbnormalStop(why -> seen.add(why.cause() + "|" + why.slogan() + "|" + why.status() + "|alive=" + p.isAlive()));
        node.onAbnormalStop(why -> {
            throw new IllegalStateException("a hook that fails");
        });
        node.onAbnormalStop(why -> seen.add("second hook"));
        node.halt("enough");
        node.stop(2, "again");
        assertEquals(1, node.awaitTermination(T), "halt's status; the first non-zero status wins");
        assertEquals(List.of("halt|enough|1|alive=true", "second hook"), seen,
                "once, in order, before any process stopped; a failing hook does not stop the others");
    }

    @Test
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status 3")
    void aNonZeroExitStatusRunsThemAndANormalStopDoesNot() throws Exception {
        Node normal = Node.start("lastwords-normal");
        List<String> seen = new CopyOnWriteArrayList<>();
        normal.onAbnormalStop(why -> seen.add("normal " + why.cause()));
        normal.close();
        assertEquals(List.of(), seen);

        Node failing = Node.start("lastwords-status");
        failing.onAbnormalStop(why -> seen.add(why.cause() + "|" + why.slogan() + "|" + why.status()));
        failing.stop(3, "the application died");
        assertEquals(3, failing.awaitTermination(T));
        assertEquals(List.of("exit_status|the application died|3"), seen);
    }

    @Test
    @ExpectLog(message = "the VM is broken")
    @ExpectLog(level = "ERROR", logger = "akka")
    void aFatalErrorOutOfAProcessRunsThemBeforeAkkaTakesTheNodeDown() throws Exception {
        Node node = Node.start("lastwords-fatal", ConfigFactory.parseString("akka.jvm-exit-on-fatal-error = off\n"
                + "akka.stdout-loglevel = off") /* Akka reports the fatal error on stdout as the system stops */);
        Pid p = GenServer.startSync(node, new Server(), SpawnOptions.DEFAULT, T);
        List<Node.AbnormalStop> seen = new CopyOnWriteArrayList<>();
        node.onAbnormalStop(seen::add);
        GenServer.cast(p, "fatal");
        Await.until("the last words", () -> !seen.isEmpty());
        Node.AbnormalStop why = seen.get(0);
        assertEquals("fatal_error", why.cause());
        assertTrue(why.slogan().startsWith("fatal error in " + p + " (" + Server.class.getName() + "): "), why.slogan());
        assertTrue(why.slogan().contains("java.lang.InternalError: the VM is broken"), why.slogan());
        assertEquals(1, seen.size(), "once");
        // By default Akka ends the JVM here (akka.jvm-exit-on-fatal-error); with it off, the ActorSystem it
        // is shutting down may not finish within a test's time: asked to stop, not waited for.
        node.shutdown();
    }
}
