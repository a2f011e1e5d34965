package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.SpawnOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With Akka Management's default {@code route-providers-read-only = true}, the mutating routes do not
 * exist: a PUT on a readable path is 405, a POST on an action path is 404, and the process is untouched.
 */
class ReadOnlyTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("readonly", "");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void mutatingRoutesAreHidden() {
        Pid pid = GenServer.startSync(http.node, new TestServers.Counter("ro"), SpawnOptions.DEFAULT.withName("ro"), T);
        assertEquals(200, http.get("/medic/processes/ro/state").status());
        assertEquals(200, http.get("/medic/processes/ro/statistics").status());
        assertEquals(200, http.get("/medic/processes/ro/log").status());

        for (String path : new String[] {"state", "statistics", "log"}) {
            MedicHttp.Response r = http.put("/medic/processes/ro/" + path, "{\"enabled\": true, \"count\": 9}");
            assertEquals(405, r.status(), path + ": " + r);
            assertEquals("method_not_allowed", r.error());
            assertEquals("GET", r.headers().firstValue("Allow").orElse(""));
        }
        for (String action : new String[] {"suspend", "resume", "kill"}) {
            MedicHttp.Response r = http.post("/medic/processes/ro/" + action);
            assertEquals(404, r.status(), action + ": " + r);
            assertEquals("not_found", r.error());
            assertTrue(r.json().path("message").asText().contains("read-only"), r.toString());
        }
        assertTrue(pid.isAlive());
        assertEquals(ProcessStatus.WAITING, pid.entry().status());
        assertEquals(0, http.get("/medic/processes/ro/state").json().at("/state/count").asInt());
    }
}
