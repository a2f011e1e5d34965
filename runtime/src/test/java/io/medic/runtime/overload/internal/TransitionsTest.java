package io.medic.runtime.overload.internal;

import static io.medic.runtime.overload.BreakerState.CLOSED;
import static io.medic.runtime.overload.BreakerState.HALF_OPEN;
import static io.medic.runtime.overload.BreakerState.OPEN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.medic.runtime.overload.BreakerEvent;
import io.medic.runtime.overload.BreakerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Akka notifies a breaker's state entries on the threads that made the transitions, so two racing
 * transitions can be notified out of order: the published events must still form the real, legal
 * sequence, each transition once.
 */
class TransitionsTest {
    private final List<String> published = new ArrayList<>();
    private final Transitions t = new Transitions("b", e -> published.add(describe(e)), () -> Instant.EPOCH);

    @Test
    void notificationsInOrderArePublishedAsTheyCome() {
        enter(OPEN, HALF_OPEN, OPEN, HALF_OPEN, CLOSED);
        assertEquals(List.of("closed->open", "open->half_open", "half_open->open", "open->half_open", "half_open->closed"),
                published);
        assertEquals(2, t.opened());
    }

    @Test
    void aCloseNotifiedBeforeTheHalfOpenThatPrecededItPublishesBothOnce() {
        // the scheduler thread swapped open -> half_open, then was preempted before notifying; the trial
        // call completed on another thread and closed the breaker, whose notification came first
        enter(OPEN, CLOSED, HALF_OPEN);
        assertEquals(List.of("closed->open", "open->half_open", "half_open->closed"), published);
    }

    @Test
    void aReopenNotifiedBeforeTheHalfOpenThatPrecededItPublishesBothOnce() {
        enter(OPEN, OPEN, HALF_OPEN);
        assertEquals(List.of("closed->open", "open->half_open", "half_open->open"), published);
        assertEquals(2, t.opened());
    }

    @Test
    void aHalfOpenNotifiedBeforeTheReopenThatPrecededItPublishesBothOnce() {
        // a failed trial reopened the breaker, and its reset fired before the reopen was notified
        enter(OPEN, HALF_OPEN, HALF_OPEN, OPEN, CLOSED);
        assertEquals(List.of("closed->open", "open->half_open", "half_open->open", "open->half_open", "half_open->closed"),
                published);
    }

    @Test
    void thePathIsTheShortestLegalOne() {
        assertEquals(List.of(OPEN), Transitions.path(CLOSED, OPEN));
        assertEquals(List.of(OPEN, HALF_OPEN), Transitions.path(CLOSED, HALF_OPEN));
        assertEquals(List.of(OPEN, HALF_OPEN, CLOSED), Transitions.path(CLOSED, CLOSED));
        assertEquals(List.of(HALF_OPEN, CLOSED), Transitions.path(OPEN, CLOSED));
        assertEquals(List.of(HALF_OPEN, OPEN), Transitions.path(OPEN, OPEN));
        assertEquals(List.of(OPEN, HALF_OPEN), Transitions.path(HALF_OPEN, HALF_OPEN));
    }

    private void enter(BreakerState... states) {
        for (BreakerState s : states) {
            t.entered(s);
        }
    }

    private static String describe(BreakerEvent e) {
        return e.from().wireName() + "->" + e.to().wireName();
    }
}
