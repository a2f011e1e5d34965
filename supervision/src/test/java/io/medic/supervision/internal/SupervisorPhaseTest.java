package io.medic.supervision.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The supervisor's phases: the legal transitions, and an illegal one throwing with both ends named. */
class SupervisorPhaseTest {

    @Test
    void theLegalTransitions() {
        assertEquals(EnumSet.of(SupervisorPhase.IDLE, SupervisorPhase.ABORTING), SupervisorPhase.STARTING.next());
        assertEquals(EnumSet.of(SupervisorPhase.BUSY, SupervisorPhase.SHUTTING_DOWN), SupervisorPhase.IDLE.next());
        assertEquals(EnumSet.of(SupervisorPhase.IDLE), SupervisorPhase.BUSY.next());
        assertEquals(EnumSet.of(SupervisorPhase.EXITING), SupervisorPhase.SHUTTING_DOWN.next());
        assertEquals(EnumSet.of(SupervisorPhase.START_FAILED), SupervisorPhase.ABORTING.next());
        assertEquals(Set.of(), SupervisorPhase.EXITING.next());
        assertEquals(Set.of(), SupervisorPhase.START_FAILED.next());
        for (SupervisorPhase from : SupervisorPhase.values()) {
            for (SupervisorPhase to : from.next()) {
                assertEquals(to, from.to(to, "<0.1.0>"));
            }
        }
    }

    @Test
    void anIllegalTransitionThrowsNamingTheSupervisorAndBothPhases() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SupervisorPhase.BUSY.to(SupervisorPhase.BUSY, "<0.7.0>"));
        assertEquals("supervisor <0.7.0>: illegal phase transition BUSY -> BUSY (legal from BUSY: [IDLE])", e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> SupervisorPhase.EXITING.to(SupervisorPhase.IDLE, "<0.7.0>"));
        assertEquals("supervisor <0.7.0>: illegal phase transition EXITING -> IDLE (legal from EXITING: [])", e.getMessage());
        int illegal = 0;
        for (SupervisorPhase from : SupervisorPhase.values()) {
            for (SupervisorPhase to : SupervisorPhase.values()) {
                if (!from.next().contains(to)) {
                    illegal++;
                    assertThrows(IllegalStateException.class, () -> from.to(to, "s"), from + " -> " + to);
                }
            }
        }
        assertEquals(49 - 7, illegal, "7 legal transitions among 7 phases");
    }

    @Test
    void onlyAnIdleSupervisorTakesChangesAndOnlyTheEndsAreTerminal() {
        for (SupervisorPhase p : SupervisorPhase.values()) {
            assertEquals(p == SupervisorPhase.IDLE, p.takesChanges(), p.toString());
            assertEquals(p == SupervisorPhase.EXITING || p == SupervisorPhase.START_FAILED, p.terminal(), p.toString());
        }
        assertTrue(SupervisorPhase.IDLE.takesChanges());
        assertFalse(SupervisorPhase.BUSY.takesChanges());
    }
}
