package io.medic.council;

import io.medic.runtime.LogText;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpData;
import io.medic.runtime.ports.TcpListener;
import io.medic.runtime.ports.TcpSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both kinds of council member do ({@link CouncilMember} sets up its sockets in init,
 * {@link CouncilMemberOutsideInit} outside it): speak, listen, count. Used on the member's own thread.
 */
final class Member {
    static final Logger LOG = LoggerFactory.getLogger("io.medic.council");
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(5);

    final Council council;
    final String name;
    final Random random;
    final Verbosity verbosity;
    Sockets sockets;
    long spoke;
    long sentAsMessage;
    long sentOverTcp;
    long tcpSendFailures;
    long receivedMessages;
    long receivedFromSelf;
    long receivedPackets;
    long receivedBytes;
    /** A planted {@link Fault.Slow}: each speech burns this much CPU more, until {@link #slowUntil}. */
    private long slowNanos;
    private long slowUntil;

    /** The three sockets of recon_demo's {@code server()}: listen, the accepted end (read) and the connected end (peers write). */
    record Sockets(TcpListener listen, TcpSocket accepted, TcpSocket connected) {
        int port() {
            return listen.localAddress().map(InetSocketAddress::getPort).orElse(0);
        }

        void close() {
            connected.close();
            accepted.close();
            listen.close();
        }
    }

    Member(Council council, String name, int restarts) {
        this.council = council;
        this.name = name;
        this.random = council.randomFor(name, restarts);
        this.verbosity = Verbosity.draw(random);
    }

    /** Listens on an OS-chosen loopback port, connects to it and accepts: all three owned by {@code owner}. */
    static Sockets openServer(Node node, Pid owner) throws IOException {
        Ports ports = Ports.of(node);
        TcpListener listen = ports.listen(owner, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try {
            TcpSocket connected = ports.connect(owner, listen.localAddress().orElseThrow(), SOCKET_TIMEOUT);
            TcpSocket accepted = listen.accept(owner, SOCKET_TIMEOUT);
            return new Sockets(listen, accepted, connected);
        } catch (IOException | RuntimeException e) {
            listen.close();
            throw e;
        }
    }

    void connected(Sockets s) {
        sockets = s;
        council.publish(name, s.connected());
    }

    void disconnected() {
        if (sockets != null) {
            council.unpublish(name, sockets.connected());
            sockets.close();
            sockets = null;
        }
    }

    /** One speech to a member drawn from all of them (itself included), as a message or over TCP. */
    void speak(Node node) {
        if (slowNanos > 0) {
            if (System.nanoTime() - slowUntil < 0) {
                burn(slowNanos); // a planted fault: this handler runs long
            } else {
                slowNanos = 0;
            }
        }
        spoke++;
        byte[] payload = new byte[verbosity.payloadBytes()];
        random.nextBytes(payload);
        List<String> names = council.names();
        String target = names.get(random.nextInt(names.size()));
        Overload.Mode overload = council.overload();
        if (overload != Overload.Mode.NONE) {
            // everyone wants the overloaded member: an audience, and every speech sent as a message
            Optional<Pid> alfa = node.whereis(council.overloaded());
            alfa.ifPresent(p -> Overload.askAudience(node, p, name, overload, council.audiences()));
            target = council.overloaded();
        }
        if (overload != Overload.Mode.NONE || random.nextBoolean()) {
            Optional<Pid> pid = node.whereis(target);
            pid.ifPresent(p -> Medic.send(p, new Speech.Msg(name, payload)));
            sentAsMessage++;
        } else {
            Optional<TcpSocket> socket = council.socketOf(target);
            if (socket.isEmpty()) {
                tcpSendFailures++; // the target is restarting: the speech is lost, as over a real network
                return;
            }
            try {
                socket.get().send(Speech.frame(name, payload));
                sentOverTcp++;
            } catch (IOException | RuntimeException e) {
                tcpSendFailures++; // closed under us: lost too
            }
        }
    }

    /**
     * Handles an info that is part of the council's life: the speech timer (speak, then arm the next
     * one with {@code rearm}) or a speech heard; anything else is logged as unexpected.
     */
    void info(Object message, Node node, java.util.function.Consumer<Duration> rearm) {
        if (message == Speech.Speak.SPEAK) {
            speak(node);
            rearm.accept(verbosity.interval());
        } else if (message instanceof Fault f) {
            fault(f, node);
        } else if (!hear(message)) {
            unexpected("info", message);
        }
    }

    /** A fault planted through the demo's routes ({@link CouncilRoutes}). */
    private void fault(Fault f, Node node) {
        if (f instanceof Fault.Hog h) {
            long now = System.nanoTime();
            burn(Math.min(Fault.Hog.SLICE_MS * 1_000_000, Math.max(0, h.untilNanos() - now)));
            if (System.nanoTime() - h.untilNanos() < 0) {
                node.whereis(name).ifPresent(self -> Medic.send(self, h)); // the next slice, behind what waits
            }
        } else if (f instanceof Fault.Block b) {
            try {
                Thread.sleep(b.ms());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (f instanceof Fault.Slow s) {
            slowNanos = s.ms() * 1_000_000;
            slowUntil = s.untilNanos();
        } else if (f instanceof Fault.Crash c) {
            throw new IllegalStateException("council member " + name + " crashed on purpose (" + c.requestedBy() + ")");
        }
    }

    /** Spins the CPU for {@code nanos}. */
    private static void burn(long nanos) {
        long end = System.nanoTime() + nanos;
        long x = 0;
        while (System.nanoTime() - end < 0) {
            x += Long.numberOfTrailingZeros(x + 1); // work the JIT cannot drop
        }
        if (x == 42) {
            LOG.trace("unlikely");
        }
    }

    /** Counts what it hears; false if the info is not a speech. Received messages and packets are dropped. */
    boolean hear(Object info) {
        if (info instanceof Speech.Msg m) {
            receivedMessages++;
            if (m.from().equals(name)) {
                receivedFromSelf++;
            }
            return true;
        }
        if (info instanceof TcpData d && sockets != null && d.socket() == sockets.accepted()) {
            receivedPackets++;
            receivedBytes += d.data().length;
            return true;
        }
        return false;
    }

    /** Logs a message no handler expected, its text quoted and escaped as Erlang's ~p would: it may come from anyone. */
    void unexpected(String what, Object message) {
        LOG.warn("council member {} got an unexpected {}: {}", name, what, LogText.quoted(String.valueOf(message)));
    }

    /** How the sys log and trace show the state after each event: its counters, not an identity hash. */
    @Override
    public String toString() {
        return status().toString();
    }

    MemberStatus status() {
        return new MemberStatus(name, verbosity, sockets == null ? 0 : sockets.port(), sockets != null, spoke,
                sentAsMessage, sentOverTcp, tcpSendFailures, receivedMessages, receivedFromSelf, receivedPackets,
                receivedBytes);
    }
}
