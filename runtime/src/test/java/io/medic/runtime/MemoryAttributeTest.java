package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpListener;
import io.medic.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §2, the memory attribute: a process's estimated retained bytes follow its state (refreshed
 * by the process at most once per {@code medic.memory.refresh-interval}).
 */
class MemoryAttributeTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static Node node;

    @BeforeAll
    static void start() {
        node = Node.start("memory-attribute-test", ConfigFactory.parseString("medic.memory.refresh-interval = 10ms"));
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** "grow" adds 1000 distinct strings to the state, "clear" empties it, anything else does nothing. */
    static final class Hoarder extends GenServer<List<String>> {
        private int next;

        @Override
        protected Init<List<String>> init() {
            return ok(new ArrayList<>());
        }

        @Override
        protected Result<List<String>> handleCast(Object message, List<String> state) {
            if ("grow".equals(message)) {
                for (int i = 0; i < 1000; i++) {
                    state.add("item number " + next++);
                }
            } else if ("clear".equals(message)) {
                return noreply(new ArrayList<>());
            }
            return noreply(state);
        }

        @Override
        protected Result<List<String>> handleCall(Object request, From from, List<String> state) {
            return reply(state.size(), state);
        }
    }

    @Test
    void memoryFollowsTheStateOfTheProcess() {
        Pid idle = GenServer.startSync(node, new Hoarder(), SpawnOptions.DEFAULT, T);
        Pid hoarder = GenServer.startSync(node, new Hoarder(), SpawnOptions.DEFAULT, T);
        for (int i = 0; i < 10; i++) {
            GenServer.cast(hoarder, "grow");
        }
        assertEquals(10_000, (Integer) GenServer.call(hoarder, "size", T));

        // the estimate is refreshed when the process handles a message after the interval: keep it busy
        Await.until("the hoarder's memory to rise well above the idle server's", () -> {
            GenServer.cast(hoarder, "touch");
            GenServer.cast(idle, "touch");
            return hoarder.entry().memory() > idle.entry().memory() + 300_000;
        });
        GenServer.call(hoarder, "size", T); // the touches are handled: the queue no longer changes
        GenServer.call(idle, "size", T);
        assertTrue(idle.entry().memory() < hoarder.entry().memory() / 10,
                "idle " + idle.entry().memory() + " vs hoarder " + hoarder.entry().memory());
        // the estimate may still be refreshed once after the reply left (from the end of that handler)
        Await.until("the MEMORY attribute to read the entry's memory",
                () -> hoarder.entry().memory() == ProcessAttribute.MEMORY.read(hoarder.entry()));

        GenServer.cast(hoarder, "clear");
        Await.until("the hoarder's memory to fall back once its state is cleared", () -> {
            GenServer.cast(hoarder, "touch");
            return hoarder.entry().memory() < idle.entry().memory() + 10_000;
        });
    }

    /** A state made of handles: the node, another process's pid, a port it owns. */
    record Handles(Node node, Pid other, TcpListener listener) {
    }

    /** "touch" does nothing; its state only points to node-owned things. */
    static final class HandleHolder extends GenServer<Handles> {
        private final Pid other;

        HandleHolder(Pid other) {
            this.other = other;
        }

        @Override
        protected Init<Handles> init() throws Exception {
            TcpListener listener = Ports.of(node()).listen(self(),
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ok(new Handles(node(), other, listener));
        }

        @Override
        protected Result<Handles> handleCast(Object message, Handles state) {
            return noreply(state);
        }

        @Override
        protected Result<Handles> handleCall(Object request, From from, Handles state) {
            return reply("ok", state);
        }
    }

    @Test
    void pidsPortsAndTheNodeInAStateCountAsHandlesNotAsWhatTheyPointTo() {
        Pid hoarder = GenServer.startSync(node, new Hoarder(), SpawnOptions.DEFAULT, T);
        for (int i = 0; i < 10; i++) {
            GenServer.cast(hoarder, "grow");
        }
        Pid holder = GenServer.startSync(node, new HandleHolder(hoarder), SpawnOptions.DEFAULT, T);
        Pid idle = GenServer.startSync(node, new Hoarder(), SpawnOptions.DEFAULT, T);
        Await.until("the hoarder's estimate to be refreshed", () -> {
            GenServer.cast(hoarder, "touch");
            return hoarder.entry().memory() > 300_000;
        });
        // in Erlang a pid or a port in a state is one word: the other process's heap, the port's
        // buffers and the node are not this process's memory
        for (int i = 0; i < 3; i++) {
            GenServer.cast(holder, "touch");
            GenServer.cast(idle, "touch");
            GenServer.call(holder, "sync", T);
        }
        long handles = holder.entry().memory();
        assertTrue(handles < idle.entry().memory() + 1_000,
                "a state of three handles: " + handles + " bytes, an empty list: " + idle.entry().memory());
    }

    /** A server that is its own state, as a supervisor is: a counter and a small list. */
    static final class SelfState extends GenServer<SelfState> {
        private final List<String> names = new ArrayList<>(List.of("a", "b", "c"));
        private long touched;

        @Override
        protected Init<SelfState> init() {
            return ok(this);
        }

        @Override
        protected Result<SelfState> handleCast(Object message, SelfState state) {
            touched++;
            return noreply(this);
        }

        @Override
        protected Result<SelfState> handleCall(Object request, From from, SelfState state) {
            return reply(touched, this);
        }
    }

    @Test
    void aServerThatIsItsOwnStateCountsItsFieldsNotTheRuntimeBehindIt() {
        Pid self = GenServer.startSync(node, new SelfState(), SpawnOptions.DEFAULT, T);
        Pid idle = GenServer.startSync(node, new Hoarder(), SpawnOptions.DEFAULT, T);
        GenServer.call(self, "sync", T);
        GenServer.call(idle, "size", T);
        long memory = self.entry().memory();
        assertTrue(memory < idle.entry().memory() + 1_000,
                "a server holding a counter and three strings: " + memory + " bytes, an empty list: "
                        + idle.entry().memory());
    }
}
