package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.ExitReason;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.Supervisor;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The crash routes over a real HTTP server: the node's crash reports ({@code /medic/crashes}: every
 * field, newest first, cursors, limits, one by id), one process's crashes across its incarnations
 * ({@code /medic/processes/{pid}/crashes}: live or dead, by pid or name, killed incarnations included),
 * the children's crashes in the supervision tree, and the errors.
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crash on purpose")
class CrashRoutesTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static MedicHttp http;

    /** Crashes on "boom" with the message in its last message; keeps what it is told in its state. */
    static final class Fragile extends GenServer<List<String>> {
        record Boom(String why) {
        }

        @Override
        protected Init<List<String>> init() {
            return ok(new ArrayList<>(List.of("born")));
        }

        @Override
        protected Result<List<String>> handleCall(Object request, From from, List<String> s) {
            s.add(String.valueOf(request));
            return reply("ok", s);
        }

        @Override
        protected Result<List<String>> handleCast(Object message, List<String> s) {
            if (message instanceof Boom) {
                throw new IllegalStateException("crash on purpose");
            }
            return noreply(s);
        }
    }

    @BeforeAll
    static void start() {
        http = MedicHttp.start("crash-routes", "medic.crash.history = 6");
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Pid supervisor(String name) {
        return Supervisor.startSync(http.node, SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(100),
                ChildSpec.worker(name, Fragile::new).withName(name)), SpawnOptions.DEFAULT.withName(name + "_sup"), T);
    }

    private static Pid crash(Pid pid, String why) {
        GenServer.cast(pid, new Fragile.Boom(why));
        Await.result(Medic.whenExited(pid));
        return pid;
    }

    private static Pid next(String name, Pid old) {
        return Await.value(name + " restarted", () -> http.node.whereis(name).orElse(old), p -> p != old);
    }

    @Test
    void theNodesCrashReportsAreListedNewestFirstWithEveryFieldAndReadOneById() {
        Pid sup = supervisor("listed");
        Pid p = http.node.whereis("listed").orElseThrow();
        GenServer.call(p, "apple", T);
        crash(p, "the reason to list");
        JsonNode page = http.get("/medic/crashes?limit=1").json();
        JsonNode r = page.path("crashes").get(0);
        Set<String> fields = new java.util.TreeSet<>();
        r.fieldNames().forEachRemaining(fields::add);
        assertEquals(new java.util.TreeSet<>(List.of("id", "crashed_at", "pid", "registered_name", "kind", "initial_call",
                "ancestors", "reason", "error_class", "stacktrace", "stacktrace_truncated", "last_message_type",
                "last_message", "state", "note", "message_queue_len", "reductions", "memory_bytes", "restarts",
                "sensitive", "neighbours")), fields, r.toString());
        assertEquals(p.toString(), r.path("pid").asText());
        assertEquals("listed", r.path("registered_name").asText());
        assertEquals("gen_server", r.path("kind").asText());
        assertEquals(Fragile.class.getName(), r.path("initial_call").asText());
        assertEquals(sup.toString(), r.path("ancestors").get(0).path("pid").asText());
        assertEquals("listed_sup", r.path("ancestors").get(0).path("registered_name").asText());
        assertEquals("java.lang.IllegalStateException", r.path("error_class").asText());
        assertTrue(r.path("stacktrace").get(0).asText().contains("Fragile.handleCast"), r.toString());
        assertEquals(Fragile.Boom.class.getName(), r.path("last_message_type").asText());
        assertEquals("{\"why\":\"the reason to list\"}", r.path("last_message").path("value").toString());
        assertEquals("[\"born\",\"apple\"]", r.path("state").path("value").toString());
        assertFalse(r.path("state").path("truncated").asBoolean());
        assertTrue(r.path("crashed_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), r.toString());
        JsonNode n = r.path("neighbours").get(0);
        assertEquals(sup.toString(), n.path("pid").asText());
        assertEquals("monitor", n.path("relation").asText());
        assertTrue(Set.of("waiting", "running").contains(n.path("status").asText()), n.toString());
        assertEquals(r.path("id").asLong(), page.path("latest").asLong());
        assertEquals(6, page.path("ring_size").asInt());

        MedicHttp.Response one = http.get("/medic/crashes/" + r.path("id").asLong());
        assertEquals(200, one.status(), one.toString());
        assertEquals(r, one.json());
        MedicHttp.Response none = http.get("/medic/crashes/999999");
        assertEquals(404, none.status());
        assertEquals("no_crash_report", none.error());
        assertEquals("bad_report", http.get("/medic/crashes/x1").error());
        Supervisor.terminateChild(sup, "listed");
    }

    @Test
    void thePagesAreBoundedAndReadWithSinceBeforeAndNext() {
        Pid sup = supervisor("paged");
        Pid p = http.node.whereis("paged").orElseThrow();
        for (int i = 0; i < 4; i++) {
            p = next("paged", crash(p, "n" + i));
        }
        long latest = http.get("/medic/crashes?limit=1").json().path("latest").asLong();
        JsonNode first = http.get("/medic/crashes?limit=2").json();
        assertEquals(List.of(latest, latest - 1), ids(first));
        assertEquals(latest - 1, first.path("next").asLong());
        JsonNode second = http.get("/medic/crashes?limit=2&before=" + first.path("next").asLong()).json();
        assertEquals(List.of(latest - 2, latest - 3), ids(second));
        JsonNode polled = http.get("/medic/crashes?since=" + (latest - 1)).json();
        assertEquals(List.of(latest), ids(polled));
        assertTrue(polled.path("next").isNull(), "nothing older beyond since");
        JsonNode all = http.get("/medic/crashes?limit=1000").json();
        assertTrue(all.path("crashes").size() <= 6, "the ring keeps medic.crash.history = 6: " + all.path("crashes").size());
        assertEquals("bad_since", http.get("/medic/crashes?since=-1").error());
        assertEquals("bad_before", http.get("/medic/crashes?before=abc").error());
        assertEquals("bad_limit", http.get("/medic/crashes?limit=0").error());
        Supervisor.terminateChild(sup, "paged");
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.path("crashes").forEach(c -> out.add(c.path("id").asLong()));
        return out;
    }

    @Test
    void aChildsCrashesAcrossThreeIncarnationsByItsNameItsLivePidAndADeadPidItHad() {
        Pid sup = supervisor("phoenix");
        List<Pid> dead = new ArrayList<>();
        Pid p = http.node.whereis("phoenix").orElseThrow();
        for (int i = 0; i < 2; i++) {
            dead.add(crash(p, "incarnation " + i));
            p = next("phoenix", p);
        }
        Medic.exit(p, ExitReason.KILLED); // the third incarnation is killed: no report, but a crash all the same
        Await.result(Medic.whenExited(p));
        dead.add(p);
        Pid live = next("phoenix", p);

        for (String form : new String[] {"phoenix", enc(live.toString()), "0." + dead.get(0).number() + ".0",
                enc(dead.get(1).toString())}) {
            MedicHttp.Response r = http.get("/medic/processes/" + form + "/crashes");
            assertEquals(200, r.status(), form + ": " + r);
            JsonNode json = r.json();
            assertEquals(live.toString(), json.path("pid").asText(), form);
            assertEquals("phoenix", json.path("registered_name").asText(), form);
            assertEquals(sup.toString(), json.path("supervisor").asText(), form);
            assertEquals("phoenix", json.path("child_id").asText(), form);
            JsonNode crashes = json.path("crashes");
            assertEquals(3, crashes.size(), form + ": " + json);
            for (int i = 0; i < 3; i++) {
                JsonNode c = crashes.get(i);
                Pid incarnation = dead.get(2 - i); // newest first
                assertEquals(incarnation.toString(), c.path("pid").asText(), form);
                assertEquals(2 - i, c.path("restarts").asInt(), form);
            }
            assertEquals("killed", crashes.get(0).path("reason").asText());
            assertTrue(crashes.get(0).path("report").isNull(), "a killed process wrote no report");
            assertEquals("{\"why\":\"incarnation 1\"}", crashes.get(1).path("report").path("last_message").path("value").toString());
            assertTrue(crashes.get(2).path("reason").asText().contains("crash on purpose"), crashes.get(2).toString());
        }
        JsonNode limited = http.get("/medic/processes/phoenix/crashes?limit=2").json();
        assertEquals(2, limited.path("crashes").size());
        assertTrue(limited.path("truncated").asBoolean());

        // the supervision tree shows the same child's crashes, newest first, with what their reports say
        JsonNode tree = http.get("/medic/supervision").json();
        JsonNode child = null;
        for (JsonNode s : tree.path("supervisors")) {
            if (s.path("pid").asText().equals(sup.toString())) {
                child = s.path("children").get(0);
            }
        }
        assertTrue(child != null, tree.toString());
        JsonNode crashes = child.path("crashes");
        assertEquals(3, crashes.size(), child.toString());
        assertEquals("child_crashed", crashes.get(0).path("type").asText());
        assertEquals("killed", crashes.get(0).path("reason").asText());
        assertTrue(crashes.get(0).path("report_id").isNull());
        JsonNode second = crashes.get(1);
        assertEquals(dead.get(1).toString(), second.path("pid").asText());
        assertEquals(1, second.path("restarts").asInt());
        assertEquals("java.lang.IllegalStateException", second.path("error_class").asText());
        assertTrue(second.path("stacktrace").get(0).asText().contains("Fragile.handleCast"), second.toString());
        assertEquals(Fragile.Boom.class.getName(), second.path("last_message_type").asText());
        assertEquals("{\"why\":\"incarnation 1\"}", second.path("last_message").path("value").toString());
        assertEquals(200, http.get("/medic/crashes/" + second.path("report_id").asLong()).status());
        Supervisor.terminateChild(sup, "phoenix");
    }

    @Test
    void aSensitiveProcessesCrashShowsNeitherItsMessageNorItsState() {
        Pid p = GenServer.startSync(http.node, new Fragile(), SpawnOptions.DEFAULT.withSensitive(true), T);
        GenServer.call(p, "the secret", T);
        crash(p, "a secret reason");
        MedicHttp.Response r = http.get("/medic/processes/" + enc(p.toString()) + "/crashes");
        assertEquals(200, r.status(), r.toString());
        JsonNode report = r.json().path("crashes").get(0).path("report");
        assertTrue(report.path("sensitive").asBoolean());
        assertEquals(Fragile.Boom.class.getName(), report.path("last_message_type").asText());
        assertTrue(report.path("last_message").isNull() && report.path("state").isNull(), report.toString());
        assertFalse(r.body().contains("the secret") || r.body().contains("a secret reason"), r.body());
    }

    @Test
    void anUnknownProcessIsANoprocAndABadOneABadPid() {
        MedicHttp.Response unknown = http.get("/medic/processes/" + enc("<0.987654.0>") + "/crashes");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("noproc", unknown.error());
        assertEquals(404, http.get("/medic/processes/nobody-ever/crashes").status());
        MedicHttp.Response bad = http.get("/medic/processes/" + enc("<0.x.0>") + "/crashes");
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("bad_pid", bad.error());
        assertEquals("bad_limit", http.get("/medic/processes/x/crashes?limit=1001").error());
    }
}
