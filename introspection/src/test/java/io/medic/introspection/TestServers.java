package io.medic.introspection;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** GenServers with known workloads, for the introspection tests. */
final class TestServers {
    private TestServers() {
    }

    /** The state of {@link Counter}: a record Jackson can read back (replace_state). */
    record CounterState(int count, String label, List<String> tags) {
    }

    /** Counts casts; answers "get" calls with its state. */
    static final class Counter extends GenServer<CounterState> {
        private final String label;

        Counter(String label) {
            this.label = label;
        }

        @Override
        protected Init<CounterState> init() {
            return ok(new CounterState(0, label, List.of("a", "b")));
        }

        @Override
        protected Result<CounterState> handleCall(Object request, From from, CounterState s) {
            return reply(s, s);
        }

        @Override
        protected Result<CounterState> handleCast(Object message, CounterState s) {
            return noreply(new CounterState(s.count() + 1, s.label(), s.tags()));
        }
    }

    /** Marks itself sensitive; its state holds a secret. */
    static final class Secretive extends GenServer<String> {
        @Override
        protected Init<String> init() {
            setSensitive(true);
            return ok("SECRET-PASSWORD");
        }

        @Override
        protected Result<String> handleCast(Object message, String s) {
            return noreply(s);
        }
    }

    /** Spins about {@code micros} per message and casts itself again while {@code running}. */
    static final class Busy extends GenServer<Long> {
        private final AtomicBoolean running;
        private final long micros;

        Busy(AtomicBoolean running, long micros) {
            this.running = running;
            this.micros = micros;
        }

        @Override
        protected Init<Long> init() {
            return ok(0L);
        }

        @Override
        protected Result<Long> handleCast(Object message, Long n) {
            long end = System.nanoTime() + micros * 1000;
            long x = n;
            while (System.nanoTime() < end) {
                x++;
            }
            if (running.get()) {
                GenServer.cast(self(), "spin");
            }
            return noreply(x);
        }
    }

    /**
     * Handles any cast or info at once: an idle process, and an owner of ports that takes what they
     * deliver (TcpData, TcpClosed) without a word.
     */
    static final class Idle extends GenServer<Integer> {
        @Override
        protected Init<Integer> init() {
            return ok(0);
        }

        @Override
        protected Result<Integer> handleCast(Object message, Integer n) {
            return noreply(n + 1);
        }

        @Override
        protected Result<Integer> handleInfo(Object message, Integer n) {
            return noreply(n + 1);
        }
    }

    /** Keeps every payload it is cast (a byte array), and ticks so that its memory estimate refreshes. */
    static final class Grower extends GenServer<List<byte[]>> {
        @Override
        protected Init<List<byte[]>> init() {
            return ok(new ArrayList<>());
        }

        @Override
        protected Result<List<byte[]>> handleCast(Object message, List<byte[]> s) {
            if (message instanceof byte[] b) {
                s.add(b);
            }
            return noreply(s);
        }

        @Override
        protected Result<List<byte[]>> handleInfo(Object message, List<byte[]> s) {
            return noreply(s);
        }
    }

    /** A state too big and too deep to render whole. */
    record Deep(String name, Deep next, List<String> items) {
    }

    static final class Hoarder extends GenServer<Deep> {
        @Override
        protected Init<Deep> init() {
            Deep d = null;
            for (int i = 0; i < 50; i++) {
                List<String> items = new ArrayList<>();
                for (int j = 0; j < 500; j++) {
                    items.add("item-" + i + "-" + j + "-" + "x".repeat(40));
                }
                d = new Deep("level-" + i, d, items);
            }
            return ok(d);
        }
    }
}
