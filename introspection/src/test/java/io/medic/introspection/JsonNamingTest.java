package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.runtime.Sys;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpListener;
import io.medic.supervision.Application;
import io.medic.supervision.Applications;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.runtime.CrashReports;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Medic;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.overload.BreakerSettings;
import io.medic.runtime.overload.Breakers;
import io.medic.runtime.overload.ValveSettings;
import io.medic.runtime.overload.Valves;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One JSON naming rule for every answer and parameter (docs/introspection.md, "JSON naming"): every
 * answer of every GET route of the index is walked, and each field checked; the names users type that
 * the rule renamed stay accepted.
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "named on purpose")
class JsonNamingTest {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    /** Names the rule replaced: a timestamp not ending in _at, a quantity of bytes without its unit, recon's port words. */
    private static final Set<String> RETIRED = Set.of("start_time", "current_time", "time", "used", "allocated", "unused",
            "committed", "max", "capacity", "heap_used", "heap_committed", "heap_max", "non_heap_used",
            "non_heap_committed", "direct_used", "mapped_used", "input", "output", "connected", "connected_name",
            "sockname", "peername", "timeoutMs");
    private static MedicHttp http;
    private static TcpListener listener;
    private static long crashReport;

    @BeforeAll
    static void start() throws Exception {
        http = MedicHttp.start("naming", "");
        Applications.of(http.node).start(Application.permanent("named-app", SupervisorSpec.of(SupervisorFlags.oneForOne(),
                ChildSpec.worker("w", TestServers.Idle::new)))).toCompletableFuture().join();
        Pid named = GenServer.startSync(http.node, new TestServers.Counter("n"), SpawnOptions.DEFAULT.withName("named"), T);
        Sys.statistics(named, true);
        Sys.log(named, 10);
        GenServer.cast(named, "tick");
        GenServer.call(named, "get", T);
        Pid owner = GenServer.startSync(http.node, new TestServers.Idle(), SpawnOptions.DEFAULT, T);
        listener = Ports.of(http.node).listen(owner, new InetSocketAddress("127.0.0.1", 0));
        Pid crashed = GenServer.startSync(http.node, new TestServers.Counter("c"), SpawnOptions.DEFAULT.withName("crashed"), T);
        Medic.exit(crashed, ExitReason.custom("named on purpose"));
        Await.result(Medic.whenExited(crashed));
        crashReport = CrashReports.of(http.node).latestId();
        // the overload routes' rows: a bounded mailbox, a breaker and a valve named for {name}
        GenServer.startSync(http.node, new TestServers.Idle(), SpawnOptions.DEFAULT.withMailbox(MailboxPolicy.bounded(5)), T);
        Breakers.of(http.node).create(BreakerSettings.named("named"), named);
        Valves.of(http.node).create(ValveSettings.of("named", 1, 0, Duration.ofSeconds(1)), named);
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void everyAnswerOfEveryRouteFollowsTheRule() {
        List<String> targets = new ArrayList<>();
        for (JsonNode route : http.get("/medic").json().path("routes")) {
            // a stream of server-sent events never ends: its events follow the rule in MonitorRoutesTest
            if (route.path("method").asText().equals("GET") && !route.path("path").asText().endsWith("/stream")) {
                targets.add(route.path("path").asText().replace("{pid}", "named")
                        .replace("{id}", String.valueOf(listener.id())).replace("{report}", String.valueOf(crashReport))
                        .replace("{name}", "named"));
            }
        }
        // the rankings and windows with their arguments, beside the listings the bare paths give
        targets.addAll(List.of("/medic/processes?sort=memory_bytes", "/medic/processes/window?attr=reductions&window_ms=1",
                "/medic/ports?sort=oct", "/medic/ports/window?attr=oct&window_ms=1", "/medic/node/schedulers?window_ms=1"));
        int timestamps = 0;
        for (String target : targets) {
            MedicHttp.Response r = http.get(target);
            if (r.status() == 400) {
                continue; // a bare window or ranking path: asked again above with its arguments
            }
            assertEquals(200, r.status(), target + ": " + r);
            timestamps += check(target, "", r.json());
        }
        assertTrue(timestamps >= 6, "started_at, opened_at, read_at, at ... were checked: " + timestamps);

        JsonNode stats = http.get("/medic/processes/named/statistics").json();
        assertTrue(TIMESTAMP.matcher(stats.path("started_at").asText()).matches(), stats.toString());
        assertTrue(TIMESTAMP.matcher(stats.path("read_at").asText()).matches(), stats.toString());
        assertTrue(TIMESTAMP.matcher(http.get("/medic/processes/named/log").json().at("/events/0/at").asText()).matches());
        assertTrue(http.get("/medic/processes/named").json().at("/memory_used/memory_bytes").asLong() > 0);
        assertTrue(http.get("/medic/node/memory").json().at("/heap/used_bytes").asLong() > 0);
        assertEquals(Ports.of(http.node).count(), http.get("/medic/ports/types").json().path("port_count").asInt());
    }

    @Test
    void theNamesUsersTypeThatTheRuleRenamedStayAccepted() {
        assertEquals("memory_bytes", http.get("/medic/processes?sort=memory_bytes&limit=1").json().path("attribute").asText());
        assertEquals("memory_bytes", http.get("/medic/processes?sort=memory&limit=1").json().path("attribute").asText(),
                "recon's memory is an alias");
        assertEquals("memory_bytes", http.get("/medic/processes/window?attr=memory&window_ms=1").json()
                .path("attribute").asText());
        MedicHttp.Response bad = http.get("/medic/processes?sort=mem");
        assertEquals("bad_attribute", bad.error());
        assertTrue(bad.json().path("message").asText().contains("memory_bytes"), bad.toString());

        assertEquals(200, http.get("/medic/processes/named/state?timeout_ms=2000").status());
        assertEquals(200, http.get("/medic/processes/named/state?timeoutMs=2000").status(), "timeoutMs is an alias");
        MedicHttp.Response both = http.get("/medic/processes/named/state?timeout_ms=2000&timeoutMs=1000");
        assertEquals(400, both.status(), both.toString());
        assertEquals("bad_timeout", both.error());
        assertTrue(both.json().path("message").asText().startsWith("timeout_ms, timeoutMs: both given"), both.toString());
        MedicHttp.Response badAlias = http.get("/medic/processes/named/state?timeoutMs=0");
        assertTrue(badAlias.json().path("message").asText().startsWith("timeoutMs: bad value 0"), "named as given: " + badAlias);

        assertEquals(7, http.get("/medic/processes/window?attr=reductions&window_ms=7").json().path("window_ms").asLong());
        assertEquals(7, http.get("/medic/processes/window?attr=reductions&ms=7").json().path("window_ms").asLong(),
                "ms is an alias");
        assertEquals("bad_ms", http.get("/medic/ports/window?attr=oct&ms=5&window_ms=5").error());
        assertEquals("bad_ms", http.get("/medic/node/schedulers?window_ms=0").error());
    }

    /** Checks every field of {@code node} (not inside a process's rendered state); returns the timestamps seen. */
    private static int check(String target, String at, JsonNode node) {
        int timestamps = 0;
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = f.getKey();
                String where = target + " " + at + "/" + name;
                assertTrue(SNAKE.matcher(name).matches(), "snake_case: " + where);
                assertFalse(RETIRED.contains(name), "a name the rule replaced: " + where);
                assertFalse(name.equals("memory") && f.getValue().isNumber(), "bytes without their unit: " + where);
                if (name.endsWith("_at")) {
                    JsonNode v = f.getValue();
                    assertTrue(v.isNull() || TIMESTAMP.matcher(v.asText()).matches(), "ISO-8601 UTC to the ms: " + where
                            + " = " + v);
                    timestamps += v.isNull() ? 0 : 1;
                }
                if (!name.equals("state") && !name.equals("last_message")) { // an application's own field names
                    timestamps += check(target, at + "/" + name, f.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode e : node) {
                timestamps += check(target, at + "[]", e);
            }
        }
        return timestamps;
    }
}
