package io.medic.runtime.ports;

import static org.junit.jupiter.api.Assertions.fail;

import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Helpers for the port tests: collectors, jobs inside them, and a polling await (no fixed sleeps). */
final class PortTesting {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final InetSocketAddress LOOPBACK_ANY = new InetSocketAddress("127.0.0.1", 0);

    private PortTesting() {
    }

    static Pid collector(Node node) {
        return GenServer.startSync(node, new Collector(), SpawnOptions.DEFAULT, TIMEOUT);
    }

    /** Runs {@code job} inside {@code pid} (a {@link Collector}) and returns its result, rethrowing its exception. */
    @SuppressWarnings("unchecked")
    static <T> T inside(Pid pid, Collector.Job job) throws Exception {
        Object r = GenServer.call(pid, new Collector.Run(job), TIMEOUT);
        if (r instanceof Collector.Failure f) {
            throw f.exception();
        }
        return (T) r;
    }

    static Collector.Snapshot snapshot(Pid pid) {
        return GenServer.call(pid, Collector.SNAPSHOT, TIMEOUT);
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after {@link #TIMEOUT}. */
    static void await(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long pause = 100_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + TIMEOUT.toMillis() + " ms: " + what.get());
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, 20_000_000);
        }
    }

    /** A connected pair: {@code client} owned by {@code clientOwner}, {@code server} by the listener's owner. */
    record Pair(TcpSocket client, TcpSocket server) {
    }

    static Pair pair(Ports ports, TcpListener listener, Pid clientOwner, Pid serverOwner) throws Exception {
        TcpSocket client = inside(clientOwner,
                self -> ports.connect(self, listener.localAddress().orElseThrow(), TIMEOUT));
        TcpSocket server = inside(serverOwner, self -> listener.accept(self, TIMEOUT));
        return new Pair(client, server);
    }
}
