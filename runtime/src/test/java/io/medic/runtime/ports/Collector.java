package io.medic.runtime.ports;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test GenServer that owns ports: it keeps every {@link TcpData} it receives (per socket), the
 * sockets it got {@link TcpClosed} for and, for each {@link TcpPassive}, how many deliveries of its
 * socket had arrived before it; answers {@link #SNAPSHOT} with what it got, and runs {@link Run} jobs
 * inside itself (so ports are opened by their owner, as real code does).
 */
final class Collector extends GenServer<Collector.State> {
    static final Object SNAPSHOT = "snapshot";

    /** Work to run inside the process; its result (or its exception) is the reply. */
    @FunctionalInterface
    interface Job {
        Object run(Pid self) throws Exception;
    }

    record Run(Job job) {
    }

    record Failure(Exception exception) {
    }

    /** What the collector got so far, per socket id. */
    record Snapshot(Map<Long, byte[]> bytes, Map<Long, Integer> deliveries, Set<Long> closed,
                    Map<Long, List<Integer>> passives, int unexpected) {
        byte[] bytes(PortEntry socket) {
            return bytes.getOrDefault(socket.id(), new byte[0]);
        }

        int deliveries(PortEntry socket) {
            return deliveries.getOrDefault(socket.id(), 0);
        }

        boolean closed(PortEntry socket) {
            return closed.contains(socket.id());
        }

        /** For each {@link TcpPassive} of {@code socket}, the deliveries that had arrived before it. */
        List<Integer> passives(PortEntry socket) {
            return passives.getOrDefault(socket.id(), List.of());
        }
    }

    static final class State {
        final Map<Long, ByteArrayOutputStream> bytes = new HashMap<>();
        final Map<Long, Integer> deliveries = new HashMap<>();
        final Set<Long> closed = new HashSet<>();
        final Map<Long, List<Integer>> passives = new HashMap<>();
        int unexpected;
    }

    @Override
    protected Init<State> init() {
        return ok(new State());
    }

    @Override
    protected Result<State> handleCall(Object request, From from, State s) throws Exception {
        if (request == SNAPSHOT) {
            Map<Long, byte[]> bytes = new HashMap<>();
            s.bytes.forEach((id, out) -> bytes.put(id, out.toByteArray()));
            Map<Long, List<Integer>> passives = new HashMap<>();
            s.passives.forEach((id, list) -> passives.put(id, List.copyOf(list)));
            return reply(new Snapshot(bytes, Map.copyOf(s.deliveries), Set.copyOf(s.closed), passives, s.unexpected), s);
        }
        if (request instanceof Run run) {
            try {
                return reply(run.job().run(self()), s);
            } catch (Exception e) {
                return reply(new Failure(e), s);
            }
        }
        return super.handleCall(request, from, s);
    }

    @Override
    protected Result<State> handleInfo(Object message, State s) {
        if (message instanceof TcpData d) {
            s.bytes.computeIfAbsent(d.socket().id(), k -> new ByteArrayOutputStream()).writeBytes(d.data());
            s.deliveries.merge(d.socket().id(), 1, Integer::sum);
        } else if (message instanceof TcpPassive p) {
            s.passives.computeIfAbsent(p.socket().id(), k -> new ArrayList<>()).add(s.deliveries.getOrDefault(p.socket().id(), 0));
        } else if (message instanceof TcpClosed c) {
            if (!s.closed.add(c.socket().id()) || c.socket().isOpen()) {
                s.unexpected++; // a second TcpClosed, or one for a socket still open
            }
        } else {
            s.unexpected++;
        }
        return noreply(s);
    }
}
