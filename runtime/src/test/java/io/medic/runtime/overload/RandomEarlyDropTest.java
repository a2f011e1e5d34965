package io.medic.runtime.overload;

import static io.medic.runtime.overload.OverloadTesting.counter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Random early drop with a scripted random source, against a server held at a gate whose queue length
 * the test sets exactly (each cast is counted in its mailbox as it is sent).
 */
class RandomEarlyDropTest extends OverloadNodePerClass {
    @Test
    void belowTheMinimumNothingIsDroppedAndNoNumberIsDrawn() {
        Pid target = heldWithQueue(9);
        Script random = new Script(); // empty: drawing would throw
        RandomEarlyDrop red = RandomEarlyDrop.create(DropThresholds.of(10, 20), random);
        for (int i = 0; i < 5; i++) {
            assertTrue(red.admit(target));
        }
        assertEquals(5, red.sent());
        assertEquals(0, red.dropped());
    }

    @Test
    void betweenTheThresholdsTheProbabilityRisesLinearly() {
        Pid target = heldWithQueue(15); // halfway from 10 to 20: p = 0.5
        RandomEarlyDrop red = RandomEarlyDrop.create(DropThresholds.of(10, 20), new Script(0.49, 0.5, 0.0, 0.99));
        assertFalse(red.admit(target), "0.49 < 0.5: dropped");
        assertTrue(red.admit(target), "0.5 is not below 0.5: sent");
        assertFalse(red.admit(target));
        assertTrue(red.admit(target));
        assertEquals(2, red.sent());
        assertEquals(2, red.dropped());

        RandomEarlyDrop gentle = RandomEarlyDrop.create(DropThresholds.of(10, 20).withMaxProbability(0.2),
                new Script(0.09, 0.1)); // p = 0.2 * 0.5 = 0.1
        assertFalse(gentle.admit(target));
        assertTrue(gentle.admit(target));
    }

    @Test
    void atAndAboveTheMaximumEverythingIsDroppedWithoutDrawing() {
        Pid target = heldWithQueue(20);
        RandomEarlyDrop red = RandomEarlyDrop.create(DropThresholds.of(10, 20).withMaxProbability(0.1), new Script());
        for (int i = 0; i < 3; i++) {
            assertFalse(red.admit(target));
        }
        assertEquals(3, red.dropped());
    }

    @Test
    void aDroppedMessageNeverReachesTheTargetAndASentOneDoes() {
        Pid target = heldWithQueue(15);
        long before = target.entry().messagesIn();
        RandomEarlyDrop red = RandomEarlyDrop.create(DropThresholds.of(10, 20), new Script(0.1, 0.9, 0.1, 0.9));
        assertFalse(red.cast(target, "dropped"));
        assertTrue(red.cast(target, "sent"));
        assertFalse(red.send(target, "dropped"));
        assertTrue(red.send(target, "sent"));
        assertEquals(before + 2, target.entry().messagesIn(), "only the two sent messages reached the mailbox");
        assertEquals(17, target.entry().messageQueueLen());
        assertEquals(2, red.sent());
        assertEquals(2, red.dropped());
    }

    @Test
    void theDefaultRandomSourceDropsAboutTheRightShare() {
        Pid target = heldWithQueue(15);
        RandomEarlyDrop red = RandomEarlyDrop.create(DropThresholds.of(10, 20));
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            red.admit(target);
        }
        assertEquals(n, red.sent() + red.dropped());
        // p = 0.5: the share dropped is within 5 standard deviations (0.0035 each) of one half
        double share = red.dropped() / (double) n;
        assertTrue(Math.abs(share - 0.5) < 0.02, "dropped share " + share);
    }

    @Test
    void thresholdsAreChecked() {
        assertEquals("minQueue: expected 0 or more, got -1",
                assertThrows(IllegalArgumentException.class, () -> DropThresholds.of(-1, 10)).getMessage());
        assertEquals("maxQueue: expected more than minQueue (10), got 10",
                assertThrows(IllegalArgumentException.class, () -> DropThresholds.of(10, 10)).getMessage());
        assertEquals("maxProbability: expected more than 0.0 and at most 1.0, got 0.0",
                assertThrows(IllegalArgumentException.class, () -> DropThresholds.of(0, 1).withMaxProbability(0)).getMessage());
        DropThresholds t = DropThresholds.of(100, 300).withMaxProbability(0.5);
        assertEquals(0.0, t.probability(99));
        assertEquals(0.0, t.probability(100));
        assertEquals(0.25, t.probability(200));
        assertEquals(1.0, t.probability(300));
        assertThrows(NullPointerException.class, () -> RandomEarlyDrop.create(t, null));
    }

    /** A server held inside a handler with exactly {@code n} messages waiting behind it. */
    private static Pid heldWithQueue(int n) {
        Pid target = counter(node);
        Gate gate = new Gate();
        GenServer.cast(target, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < n; i++) {
            GenServer.cast(target, "filler");
        }
        Await.until(() -> "queue of " + n + ": " + target.entry().messageQueueLen(),
                () -> target.entry().messageQueueLen() == n);
        return target;
    }

    /** A random source that returns the given numbers, then fails. */
    private static final class Script implements RandomGenerator {
        private final Deque<Double> next = new ArrayDeque<>();

        Script(double... values) {
            for (double v : values) {
                next.add(v);
            }
        }

        @Override
        public double nextDouble() {
            if (next.isEmpty()) {
                throw new AssertionError("no random number was expected here");
            }
            return next.poll();
        }

        @Override
        public long nextLong() {
            throw new AssertionError("only nextDouble is used");
        }
    }
}
