package io.medic.supervision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.Pid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Supervisors' events are flight-recorder events ({@code io.medic.Supervisor}): a child's crash and its
 * restart are read back from a recording, with the supervisor, the child, the pids and the restart count.
 */
class SupervisorJfrTest extends SupervisionTestSupport {

    @Test
    void aCrashAndTheRestartThatFollowsAreInTheRecording() throws Exception {
        Path file = Files.createTempFile("medic-supervisor", ".jfr");
        try (Recording r = new Recording()) {
            r.enable("io.medic.Supervisor");
            r.start();
            Pid sup = startSupervisor(SupervisorFlags.oneForOne().withIntensity(10), worker("a"));
            Pid a = pid(sup, "a");
            crash(a);
            Pid again = awaitNewPid(sup, "a", a);
            r.stop();
            r.dump(file);
            List<RecordedEvent> mine = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("io.medic.Supervisor")
                            && sup.toString().equals(e.getString("supervisor")))
                    .toList();
            assertTrue(mine.stream().anyMatch(e -> e.getString("eventType").equals("child_crashed")
                    && a.toString().equals(e.getString("pid")) && "a".equals(e.getString("childId"))
                    && e.getString("reason").contains("crash on purpose")), mine.toString());
            assertTrue(mine.stream().anyMatch(e -> e.getString("eventType").equals("child_started")
                    && again.toString().equals(e.getString("pid")) && e.getInt("restarts") == 1), mine.toString());
            assertEquals(1, mine.stream().filter(e -> e.getString("eventType").equals("child_crashed")).count());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
