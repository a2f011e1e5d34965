package io.medic.runtime.ports;

import static io.medic.runtime.ports.PortTesting.TIMEOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.ExitReason;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The example of docs/ports.md, compiled and run: members that read their own socket while peers write to it. */
class PortsGuideExampleTest {

    // --8<-- docs/ports.md "Example"
    static final class Member extends GenServer<Member.State> {
        record State(TcpListener listener, TcpSocket inbox, TcpSocket reader, long bytesIn) {}

        @Override
        protected Init<State> init() throws Exception {
            Ports ports = Ports.of(node());
            TcpListener listener = ports.listen(self(), new InetSocketAddress("127.0.0.1", 0));
            TcpSocket inbox = ports.connect(self(), listener.localAddress().orElseThrow(), Duration.ofSeconds(1));
            TcpSocket reader = listener.accept(self(), Duration.ofSeconds(1));
            // publish `inbox`: peers call inbox.send(frame) from their own threads
            return ok(new State(listener, inbox, reader, 0));
        }

        @Override
        protected Result<State> handleInfo(Object msg, State s) throws Exception {
            if (msg instanceof TcpData d) {                    // {tcp, Socket, Data}
                return noreply(new State(s.listener(), s.inbox(), s.reader(), s.bytesIn() + d.data().length));
            }
            if (msg instanceof TcpClosed c) {                  // {tcp_closed, Socket}
                return stop(ExitReason.exception(new IOException(c.socket() + " closed")), s);
            }
            return super.handleInfo(msg, s);
        }
        // no terminate needed: the three ports close when this process stops
    // --8<--

        @Override
        protected Result<State> handleCall(Object request, From from, State s) {
            return reply(s, s);
        }
    }

    @Test
    void membersReadTheirSocketsWhilePeersWriteFramesToThem() throws Exception {
        try (Node node = Node.start("ports-guide")) {
            Ports ports = Ports.of(node);
            Pid alfa = GenServer.startSync(node, new Member(), SpawnOptions.DEFAULT.withName("Alfa"), TIMEOUT);
            Pid bravo = GenServer.startSync(node, new Member(), SpawnOptions.DEFAULT.withName("Bravo"), TIMEOUT);
            Member.State a = GenServer.call(alfa, "state", TIMEOUT);
            Member.State b = GenServer.call(bravo, "state", TIMEOUT);
            assertEquals(6, ports.count());
            assertEquals(3, alfa.entry().ports(), "a listener, an inbox and a reader each");

            // Bravo (here: the test thread, on Bravo's behalf) writes a council frame to Alfa's inbox
            byte[] name = "Bravo".getBytes(StandardCharsets.US_ASCII);
            byte[] payload = new byte[1000];
            byte[] frame = ByteBuffer.allocate(1 + name.length + 4 + payload.length)
                    .put((byte) name.length).put(name).putInt(payload.length).put(payload).array();
            a.inbox().send(frame);
            a.inbox().send(frame);
            Await.until("Alfa reads what was written to its inbox",
                    () -> GenServer.<Member.State>call(alfa, "state", TIMEOUT).bytesIn() == 2L * frame.length);

            assertEquals(2L * frame.length, a.inbox().sendOct());
            assertEquals(2L * frame.length, a.reader().recvOct());
            assertEquals(List.of(a.listener(), a.inbox(), a.reader()), ports.ownedBy(alfa), "the traffic is Alfa's");
            assertEquals(0, b.reader().recvOct());

            GenServer.stop(bravo, ExitReason.SHUTDOWN, TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
            Await.until("Bravo's ports die with it",
                    () -> !b.listener().isOpen() && !b.inbox().isOpen() && !b.reader().isOpen());
            assertTrue(a.inbox().isOpen());
            assertEquals(3, ports.count());
        }
    }
}
