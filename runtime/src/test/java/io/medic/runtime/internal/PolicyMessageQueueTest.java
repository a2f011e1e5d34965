package io.medic.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import akka.dispatch.Envelope;
import io.medic.runtime.ExitReason;
import io.medic.runtime.MailboxPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded queue alone: the two lanes' order, the drops, the counts, the ring's growth. */
class PolicyMessageQueueTest {
    private static final Messages.ExitSignal CONTROL = new Messages.ExitSignal(ExitReason.SHUTDOWN, null);

    private static void send(PolicyMessageQueue q, Object... messages) {
        for (Object m : messages) {
            q.enqueue(null, new Envelope(m, null));
        }
    }

    private static List<Object> drain(PolicyMessageQueue q) {
        List<Object> out = new ArrayList<>();
        Envelope e;
        while ((e = q.dequeue()) != null) {
            out.add(e.message());
        }
        return out;
    }

    private static PolicyMessageQueue queue(MailboxPolicy p) {
        return new PolicyMessageQueue(p, null, null);
    }

    @Test
    void aControlMessageKeepsItsPlaceInABoundedMailbox() {
        PolicyMessageQueue q = queue(MailboxPolicy.bounded(2));
        send(q, 1, 2, CONTROL, 3, 4);
        assertEquals(3, q.length(), "3 and 4 refused; the control message does not count");
        assertEquals(2, q.dropped());
        assertEquals(List.of(1, 2, CONTROL), drain(q));
    }

    @Test
    void aControlMessageBehindDroppedMessagesComesFirstInDropOldest() {
        PolicyMessageQueue q = queue(MailboxPolicy.bounded(1, MailboxPolicy.Overflow.DROP_OLDEST));
        send(q, 1, CONTROL, 2);
        assertEquals(List.of(CONTROL, 2), drain(q));
        send(q, 3, CONTROL, 4, 5);
        assertEquals(List.of(CONTROL, 5), drain(q));
        assertEquals(3, q.dropped());
        assertEquals(7, q.enqueuedCount());
    }

    @Test
    void aStackTakesControlMessagesFirstThenTheNewest() {
        PolicyMessageQueue q = queue(MailboxPolicy.stack(3));
        send(q, 1, 2, 3, CONTROL, 4);
        assertEquals(4, q.length());
        assertEquals(List.of(CONTROL, 4, 3, 2), drain(q));
        assertNull(q.dequeue());
        assertEquals(0, q.length());
    }

    @Test
    void theRingGrowsUpToTheCapacityAndWrapsAround() {
        PolicyMessageQueue q = queue(MailboxPolicy.bounded(40, MailboxPolicy.Overflow.DROP_OLDEST));
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            send(q, i);
            if (i % 3 == 0) {
                q.dequeue();
            }
        }
        for (int i = 0; i < 100; i++) {
            send(q, 1000 + i);
        }
        for (int i = 60; i < 100; i++) {
            expected.add(1000 + i);
        }
        assertEquals(40, q.length());
        assertEquals(expected, drain(q));
        assertEquals(200, q.enqueuedCount());
    }
}
