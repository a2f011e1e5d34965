package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.testing.Block;
import io.medic.testing.Gate;
import java.time.Duration;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/**
 * {@code current_message_age_ms} (how long the running handler has run) and
 * {@code oldest_message_age_ms} (how long the message at the head of the mailbox has waited): a stuck
 * process tops both, an idle one reads 0, and both fall back to 0 once it is free. The waits are for
 * conditions (an age reaching a few tens of milliseconds), never sleeps; nothing asserts how long
 * anything took.
 */
class MessageAgeTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(30);

    /** Holds its handler at a Block's gate; anything else it takes at once. */
    static final class Holder extends GenServer<Void> {
        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleCast(Object message, Void s) {
            if (message instanceof Block b) {
                try {
                    b.gate().pass();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return noreply(s);
        }
    }

    private static Pid top(ProcessAttribute a) {
        return node.processes().entries().stream().max(Comparator.comparingLong(a::read)).orElseThrow().pid();
    }

    @Test
    void aBlockedProcessTopsBothAgesAndTheHeadsStampIsTheOldest() {
        Pid idle = GenServer.startSync(node, new Holder(), SpawnOptions.DEFAULT, T);
        Pid stuck = GenServer.startSync(node, new Holder(), SpawnOptions.DEFAULT.withName("stuck"), T);
        GenServer.cast(idle, "hello");
        Gate gate = new Gate();
        GenServer.cast(stuck, new Block(gate));
        gate.awaitEntered();
        GenServer.cast(stuck, "first waiting");
        Await.until("the first waiting message to be 40 ms old", () -> stuck.entry().oldestMessageAgeMillis() >= 40);
        GenServer.cast(stuck, "second waiting"); // newer: the head is still the first
        long oldest = stuck.entry().oldestMessageAgeMillis();
        assertTrue(oldest >= 40, "the head's age is the first message's, not the newest's: " + oldest + " ms");
        // the handler began before the first message came: it has run at least as long, but for the ~1 ms
        // resolution of the enqueue stamps (coarse clock) and of the handler's start
        long running = stuck.entry().currentMessageAgeMillis();
        assertTrue(running >= oldest - 2, "the handler began before the first message came: " + running
                + " ms running, " + oldest + " ms waiting");
        assertEquals(2, stuck.entry().messageQueueLen());

        assertEquals(stuck, top(ProcessAttribute.CURRENT_MESSAGE_AGE_MS));
        assertEquals(stuck, top(ProcessAttribute.OLDEST_MESSAGE_AGE_MS));
        assertEquals(0, idle.entry().currentMessageAgeMillis(), "waiting: 0");
        assertEquals(0, idle.entry().oldestMessageAgeMillis(), "nothing waiting: 0");
        ProcessInfo info = stuck.entry().snapshot();
        assertTrue(info.currentMessageAgeMillis() >= 40 && info.oldestMessageAgeMillis() >= 40, info.toString());

        gate.open();
        Await.until("both ages to be 0 once it is free", () -> stuck.entry().currentMessageAgeMillis() == 0
                && stuck.entry().oldestMessageAgeMillis() == 0 && stuck.entry().messageQueueLen() == 0);
    }

    @Test
    void messagesHeldWhileSuspendedAgeToo() {
        Pid pid = GenServer.startSync(node, new Holder(), SpawnOptions.DEFAULT, T);
        Sys.suspend(pid);
        GenServer.cast(pid, "held 1");
        GenServer.cast(pid, "held 2");
        Await.until("the held messages to be 30 ms old", () -> pid.entry().messageQueueLen() == 2
                && pid.entry().oldestMessageAgeMillis() >= 30);
        assertEquals(0, pid.entry().currentMessageAgeMillis(), "suspended, not running");
        Sys.resume(pid);
        Await.until("nothing waiting any more", () -> pid.entry().oldestMessageAgeMillis() == 0
                && pid.entry().messageQueueLen() == 0);
    }
}
