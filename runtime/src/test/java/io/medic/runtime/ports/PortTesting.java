package io.medic.runtime.ports;

import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import java.net.InetSocketAddress;
import java.time.Duration;

/** Helpers for the port tests: collectors, jobs inside them, connected pairs. */
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
