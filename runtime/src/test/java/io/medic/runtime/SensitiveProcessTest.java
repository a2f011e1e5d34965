package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;
import io.medic.testing.Block;
import io.medic.testing.Expectation;
import io.medic.testing.Gate;
import io.medic.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §4, sensitive processes ({@code process_flag(sensitive, true)}): no API returns their state
 * or their messages, whether they mark themselves in init or are spawned sensitive.
 */
class SensitiveProcessTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);

    /** Marks itself sensitive in init. */
    static final class Secretive extends Recorder {
        @Override
        protected Init<List<Object>> init() {
            setSensitive(true);
            return ok(new ArrayList<>());
        }
    }

    private static final Recorder.Exec NOT_SENSITIVE_ANY_MORE = new Recorder.Exec(self -> {
        self.setSensitive(false);
        return "done";
    });

    @Test
    void aSensitiveProcessStuckInAHandlerShowsNoStackTrace() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withSensitive(true), T);
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        assertEquals(ProcessStatus.RUNNING, pid.entry().status(), "its status is still visible");
        assertTrue(pid.entry().currentThread().isPresent());
        assertEquals(List.of(), pid.entry().stackTrace(),
                "like process_info(Pid, current_stacktrace) of a sensitive process: no trace");
        gate.open();
    }

    @Test
    void processMarkedSensitiveInInitHidesStateAndMessages() {
        try (Expectation trace = LogCapture.listen("INFO", "io.medic.trace")) {
            Pid pid = GenServer.startSync(node, new Secretive(), SpawnOptions.DEFAULT, T);
            assertTrue(pid.entry().isSensitive());
            assertTrue(pid.entry().snapshot().sensitive());
            assertHidden(pid);

            // log and trace may be switched on, but record nothing while the process is sensitive
            Sys.log(pid, 20);
            Sys.trace(pid, true);
            GenServer.cast(pid, "secret-cast");
            assertEquals("secret-call", GenServer.call(pid, "secret-call", T));
            Medic.send(pid, "secret-info");
            SensitiveProcessException refused = assertThrows(SensitiveProcessException.class,
                    () -> Sys.replaceState(pid, s -> new ArrayList<>(List.of("replaced"))));
            assertTrue(refused.getMessage().contains("state"), refused.getMessage());

            GenServer.call(pid, NOT_SENSITIVE_ANY_MORE, T);
            assertFalse(pid.entry().isSensitive());
            assertEquals(List.of("secret-cast", "secret-call", "secret-info"), Sys.getState(pid),
                    "all handled while sensitive, and the refused replace_state changed nothing");
            List<SysEvent> log = Sys.getLog(pid);
            assertTrue(log.stream().noneMatch(e -> e.description().contains("secret")),
                    "nothing from the sensitive period is in the log: " + log);
            List<String> lines = trace.messages();
            assertTrue(lines.stream().noneMatch(l -> l.contains("secret")), "nor in the trace: " + lines);

            GenServer.cast(pid, "public-cast");
            assertTrue(Sys.getLog(pid).stream().anyMatch(e -> e.description().equals("public-cast")),
                    "events are recorded again once not sensitive");
        }
    }

    @Test
    void processSpawnedSensitiveIsSensitiveFromTheStart() {
        Pid server = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withSensitive(true), T);
        assertTrue(server.entry().isSensitive());
        GenServer.cast(server, "secret");
        assertHidden(server);

        Pid plain = Medic.spawn(node, Behaviors.ignore(), SpawnOptions.DEFAULT.withSensitive(true)).pid();
        assertTrue(plain.entry().isSensitive());
        assertHidden(plain);
    }

    private static void assertHidden(Pid pid) {
        SensitiveProcessException state = assertThrows(SensitiveProcessException.class, () -> Sys.getState(pid));
        assertTrue(state.getMessage().contains(pid.toString()) && state.getMessage().contains("state"),
                state.getMessage());
        assertEquals("sensitive", state.code());
        SensitiveProcessException log = assertThrows(SensitiveProcessException.class, () -> Sys.getLog(pid));
        assertTrue(log.getMessage().contains(pid.toString()) && log.getMessage().contains("log"), log.getMessage());
        assertThrows(SensitiveProcessException.class, () -> Sys.replaceState(pid, s -> s));

        SysStatus status = Sys.getStatus(pid);
        assertTrue(status.sensitive());
        assertNull(status.state(), "get_status shows no state of a sensitive process");
        assertTrue(status.stateNote() != null && status.stateNote().contains("sensitive"), status.stateNote());
    }
}
