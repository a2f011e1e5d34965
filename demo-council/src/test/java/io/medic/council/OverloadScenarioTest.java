package io.medic.council;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.Node;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.overload.ValveStats;
import io.medic.runtime.overload.Valves;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The chapter 3 scenario ({@code --overload}): Alfa drowns when nothing sheds load, and holds when its
 * mailbox is bounded and a valve is in front of it. Waits on what the process table and the valve say,
 * never on time.
 */
@ExpectLog(level = "WARN", logger = "io.medic.overload", message = "dropped")
@ExpectLog(level = "WARN", logger = "io.medic.monitor", message = "dropped_messages")
@ExpectLog(level = "WARN", logger = "io.medic.monitor", message = "long_message_queue")
@ExpectLog(level = "WARN", logger = "akka.actor.CoordinatedShutdown", message = "timed out") // a drowning Alfa is slow to stop
class OverloadScenarioTest {

    private static Node start(String name, Council council) {
        return Node.start(name, ConfigFactory.empty(), List.of(council.application()));
    }

    @Test
    void drowningAlfasMailboxGrowsWithoutBound() {
        Council council = new Council(26, 7, false, Overload.Mode.DROWNING);
        try (Node node = start("council-drowning", council)) {
            ProcessEntry alfa = node.pid("Alfa").entry();
            assertEquals(MailboxPolicy.unbounded(), alfa.mailboxPolicy());
            Await.until(() -> "Alfa's queue to pass 2 x the shedding bound: " + alfa.messageQueueLen(),
                    () -> alfa.messageQueueLen() > 2 * Overload.MAILBOX);
            assertEquals(0, alfa.dropped(), "nothing is dropped: it all waits");
            assertTrue(Valves.of(node).get(Overload.VALVE).isEmpty(), "no valve when drowning");
        }
    }

    @Test
    void sheddingAlfaKeepsItsMailboxBoundedAndTheValveRefusesTheRest() {
        Council council = new Council(26, 7, false, Overload.Mode.SHEDDING);
        try (Node node = start("council-shedding", council)) {
            ProcessEntry alfa = node.pid("Alfa").entry();
            assertEquals(MailboxPolicy.bounded(Overload.MAILBOX, MailboxPolicy.Overflow.DROP_OLDEST), alfa.mailboxPolicy());
            assertEquals(MailboxPolicy.unbounded(), node.pid("Bravo").entry().mailboxPolicy(), "only Alfa is bounded");
            ValveStats refused = Await.value("the valve to refuse audiences",
                    () -> Valves.of(node).get(Overload.VALVE).orElseThrow().stats(),
                    s -> s.rejectedFull() + s.rejectedTimeout() > 0);
            assertEquals(1, refused.maxConcurrent());
            assertTrue(refused.running() <= 1 && refused.queued() <= Overload.VALVE_QUEUE, refused.toString());
            Await.until(() -> "Alfa's mailbox to drop the oldest speeches: " + alfa.dropped(), () -> alfa.dropped() > 0);
            // the speeches in the ring, plus at most the one audience the valve let through, plus control messages
            assertTrue(alfa.messageQueueLen() <= Overload.MAILBOX + 3, "bounded: " + alfa.messageQueueLen());
            assertTrue(council.audiences().answered.sum() + council.audiences().refused.sum() > 0);
        }
    }
}
