package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.GenServer;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.overload.Breaker;
import io.medic.runtime.overload.BreakerSettings;
import io.medic.runtime.overload.Breakers;
import io.medic.runtime.overload.ValveSettings;
import io.medic.runtime.overload.Valves;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Block;
import io.medic.testing.CastCounter;
import io.medic.testing.ExpectLog;
import io.medic.testing.Gate;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The overload routes over a real HTTP server: the node's load-shedding overview, breakers and valves
 * with their settings and counters, a process's mailbox policy and drops in its info, node stats and
 * the supervision tree.
 */
@ExpectLog(level = "WARN", logger = "io.medic.overload", message = "dropped")
@ExpectLog(level = "WARN", logger = "io.medic.monitor", message = "dropped_messages")
class OverloadRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;

    @BeforeAll
    static void start() {
        http = MedicHttp.start("overload-routes", "");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static JsonNode ok(String path) {
        MedicHttp.Response r = http.get(path);
        assertEquals(200, r.status(), r.toString());
        return r.json();
    }

    @Test
    void aBoundedMailboxItsDropsBreakersAndValvesAreShown() {
        Pid quiet = GenServer.startSync(http.node, new CastCounter(), SpawnOptions.DEFAULT.withMailbox(MailboxPolicy.stack(50)), T);
        Pid pid = GenServer.startSync(http.node, new CastCounter(),
                SpawnOptions.DEFAULT.withName("shedder").withMailbox(MailboxPolicy.bounded(3)), T);
        Gate gate = new Gate();
        GenServer.cast(pid, new Block(gate));
        gate.awaitEntered();
        for (int i = 0; i < 10; i++) {
            GenServer.cast(pid, i);
        }
        Breaker payments = Breakers.of(http.node).create(BreakerSettings.named("payments").withMaxFailures(3), pid);
        Valves.of(http.node).create(ValveSettings.of("db", 8, 100, Duration.ofMillis(500)));
        try {
            JsonNode o = ok("/medic/overload?limit=1");
            assertEquals(7, o.path("dropped_messages").asLong());
            assertEquals(2, o.path("bounded_mailboxes").asInt());
            assertEquals(1, o.path("mailboxes").size(), "limit 1: the one that dropped the most");
            JsonNode row = o.path("mailboxes").get(0);
            assertEquals(pid.toString(), row.path("pid").asText());
            assertEquals("shedder", row.path("registered_name").asText());
            assertEquals("bounded(3, keep_old)", row.path("mailbox").asText());
            assertEquals("bounded", row.path("kind").asText());
            assertEquals(3, row.path("max_queue_len").asInt());
            assertEquals("keep_old", row.path("overflow").asText());
            assertEquals(3, row.path("message_queue_len").asLong());
            assertEquals(7, row.path("dropped").asLong());
            assertEquals(1, o.path("breakers").asInt());
            assertEquals(0, o.path("open_breakers").asInt());
            assertEquals(1, o.path("valves").asInt());

            JsonNode b = ok("/medic/breakers/payments");
            assertEquals("closed", b.path("state").asText());
            assertEquals(pid.toString(), b.path("owner").asText());
            assertEquals(3, b.path("max_failures").asInt());
            assertEquals(5000, b.path("call_timeout_ms").asLong());
            assertEquals(0, b.path("calls").asLong());
            assertTrue(b.path("state_changed_at").asText().endsWith("Z"), b.toString());
            JsonNode mine = ok("/medic/breakers?owner=shedder");
            assertEquals(1, mine.path("count").asInt());
            assertEquals("payments", mine.path("breakers").get(0).path("name").asText());
            assertEquals(0, ok("/medic/breakers?owner=" + URLEncoder.encode(quiet.toString(), StandardCharsets.UTF_8))
                    .path("count").asInt());

            JsonNode v = ok("/medic/valves/db");
            assertEquals(8, v.path("max_concurrent").asInt());
            assertEquals(100, v.path("max_queue").asInt());
            assertEquals(500, v.path("max_queue_time_ms").asLong());
            assertTrue(v.path("owner").isNull());
            assertEquals(1, ok("/medic/valves").path("valves").size());

            JsonNode info = ok("/medic/processes/shedder");
            assertEquals("bounded(3, keep_old)", info.path("memory_used").path("mailbox").asText());
            assertEquals(7, info.path("memory_used").path("dropped").asLong());
            assertEquals(7, ok("/medic/node").path("dropped_messages").asLong());
            assertEquals(7, ok("/medic/processes?sort=dropped&limit=1").path("processes").get(0).path("value").asLong());
        } finally {
            gate.open();
            payments.stats();
            Breakers.of(http.node).remove("payments");
            Valves.of(http.node).remove("db");
        }
    }

    @Test
    void unknownBreakersAndValvesAndBadOwnersAreErrorsThatNameThem() {
        MedicHttp.Response none = http.get("/medic/breakers/nope");
        assertEquals(404, none.status());
        assertEquals("no_breaker", none.json().path("error").asText());
        assertEquals("no breaker \"nope\" on node overload-routes: GET /medic/breakers lists them",
                none.json().path("message").asText());
        MedicHttp.Response noValve = http.get("/medic/valves/nope");
        assertEquals(404, noValve.status());
        assertEquals("no_valve", noValve.json().path("error").asText());
        MedicHttp.Response noOwner = http.get("/medic/valves?owner=%3C0.999999.0%3E");
        assertEquals(404, noOwner.status());
        assertEquals("noproc", noOwner.json().path("error").asText());
        assertEquals(400, http.get("/medic/breakers?limit=0").status());
    }

    @Test
    void theSupervisionTreeShowsEachChildsMailbox() {
        Pid sup = Supervisor.startSync(http.node, SupervisorSpec.of(SupervisorFlags.oneForOne(),
                        ChildSpec.worker("stack", CastCounter::new).withMailbox(MailboxPolicy.stack(10)),
                        ChildSpec.worker("plain", CastCounter::new)),
                SpawnOptions.DEFAULT.withName("overload-sup"), T);
        try {
            JsonNode tree = ok("/medic/supervision");
            JsonNode node = null;
            for (JsonNode s : tree.path("supervisors")) {
                if ("overload-sup".equals(s.path("registered_name").asText())) {
                    node = s;
                }
            }
            assertTrue(node != null, tree.toString());
            assertEquals("stack(10)", node.path("children").get(0).path("mailbox").asText());
            assertEquals("unbounded", node.path("children").get(1).path("mailbox").asText());
            Pid child = Supervisor.whichChildren(sup).get(0).pid();
            assertEquals(MailboxPolicy.stack(10), child.entry().mailboxPolicy(), "the spec's policy is the child's");
        } finally {
            io.medic.runtime.Medic.exit(sup, io.medic.runtime.ExitReason.SHUTDOWN);
        }
    }
}
