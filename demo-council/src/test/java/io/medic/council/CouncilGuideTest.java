package io.medic.council;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.medic.council.DocPage.Answer;
import io.medic.council.DocPage.Curl;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * docs/council.md, run: starts the council in-process on a free port (seed 42, mutating routes on),
 * runs every {@code curl} command of the page in page order (see {@link DocPage} for how they are
 * read), and checks that the answers the page builds on hold: 26 members in the council application,
 * socket bytes attributed to members and growing, the senders' counters agreeing with the owners'
 * ports, proc_window ranking members, Alfa's state, the seed's draw (as the page prints it), the
 * message frequency, a killed member restarted with a new pid, a member that messaged itself, and two
 * kills within a second stopping the node with exit status 1. Then a second run with the same seed
 * draws the same verbosities.
 */
class CouncilGuideTest {
    private static final String FINAL_SECTION = "Killing a member twice within a second";
    private static final long SEED = 42;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The faults the page planted so far, by member: the last one of each, and the member's pid then. */
    private final Map<String, Planted> planted = new LinkedHashMap<>();

    /** The system monitor's log (long_schedule, long_gc ...): the faults the page plants cause some. */
    private Expectation monitorLog;

    /** A fault the page planted through the demo's routes. */
    private record Planted(String fault, String pid) {
    }

    private static Options options() {
        return Options.parse("--port", "0", "--seed", Long.toString(SEED), "--read-only", "false");
    }

    @Test
    @ExpectLog(level = "WARN", logger = "io.medic.introspection.MedicRouteProvider", message = "mutating /medic routes")
    @ExpectLog(logger = "io.medic.application", message = "exited with reason")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status")
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crashed on purpose")
    void everyCommandOfCouncilMdAnswersConsistentlyOnALiveCouncil() throws Exception {
        String page = DocPage.read("council.md");
        List<Curl> curls = DocPage.curls(page);
        int finalStart = finalSectionStart(curls);

        Map<String, String> firstDraw;
        monitorLog = LogCapture.expect("WARN", "io.medic.monitor", "");
        CouncilDemo.Running demo = CouncilDemo.start(options());
        try {
            URI base = demo.http();
            List<String> names = demo.council().names();

            Map<String, String> pids = checkTheCouncilIsUp(base, names);
            Map<String, JsonNode> states = states(base, names);
            firstDraw = verbosities(states);
            checkThePagePrintsThisDraw(page, firstDraw);
            checkAlfasState(base, states.get("Alfa"), firstDraw.get("Alfa"));
            checkSocketBytesAreAttributedToMembersAndGrow(base, pids);
            checkSendersAndOwnersAgree(base, names);

            for (int i = 0; i < finalStart; i++) {
                run(curls.get(i), base, names, firstDraw);
            }
            awaitBlocksEnded(base);
            checkAMemberMessagedItself(base, names);

            awaitBudgetFree(base);
            String lastKilled = null;
            for (int i = finalStart; i < curls.size(); i++) {
                Curl c = curls.get(i);
                if (c.isKill()) {
                    String notThis = lastKilled;
                    awaitAlive(base, c.process(), notThis);
                    Answer a = send(c, base, null);
                    DocPage.assertJsonObject(a, c, null);
                    assertTrue(a.json().path("exited").asBoolean(), a.body());
                    lastKilled = a.json().path("pid").asText();
                } else {
                    run(c, base, names, firstDraw);
                }
            }
            assertEquals(1, demo.node().exitStatus().toCompletableFuture().get(30, TimeUnit.SECONDS),
                    "two kills within a second: the council gives up and the permanent application stops the node");
        } finally {
            demo.close();
            monitorLog.close();
        }

        try (CouncilDemo.Running again = CouncilDemo.start(options())) {
            Map<String, String> secondDraw = verbosities(states(again.http(), again.council().names()));
            assertEquals(firstDraw, secondDraw, "two runs with seed " + SEED + " draw the same verbosities");
        }
    }

    // ------------------------------------------------------------------ the page's commands

    /** The index of the first command of the final section, which must be the page's last. */
    private static int finalSectionStart(List<Curl> curls) {
        assertTrue(curls.size() > 20, "council.md shows its commands in ```sh blocks: " + curls.size());
        int start = -1;
        for (int i = 0; i < curls.size(); i++) {
            boolean inFinal = curls.get(i).section().equals(FINAL_SECTION);
            if (inFinal && start < 0) {
                start = i;
            }
            assertTrue(start < 0 || inFinal, "the section '" + FINAL_SECTION + "' stops the node: it must come last,"
                    + " but line " + curls.get(i).line() + " follows it");
        }
        assertTrue(start > 0, "council.md has a section '" + FINAL_SECTION + "'");
        assertTrue(curls.subList(start, curls.size()).stream().filter(Curl::isKill).count() == 2,
                "the final section kills twice");
        assertTrue(curls.get(curls.size() - 1).expectedToFail(), "the last command, after the node stopped, fails");
        return start;
    }

    private Answer send(Curl c, URI base, String member) throws IOException, InterruptedException {
        return DocPage.send(http, c.request(base, member));
    }

    /** Runs one command (for every member when it loops over them) and checks its answer. */
    private void run(Curl c, URI base, List<String> names, Map<String, String> draw) throws Exception {
        if (c.expectedToFail()) {
            Await.until("line " + c.line() + " to fail, as the page says: " + c.text(), () -> {
                try {
                    return !send(c, base, null).ok();
                } catch (IOException e) {
                    return true; // connection refused: the node is gone
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            });
            return;
        }
        if (c.perMember()) {
            for (String n : names) {
                DocPage.assertJsonObject(send(c, base, n), c, n);
            }
            return;
        }
        if (c.isKill()) {
            killAndSeeItRestarted(c, base);
            return;
        }
        if (c.target().startsWith("/medic/metrics")) {
            checkMetrics(c, send(c, base, null), names);
            return;
        }
        if (c.target().startsWith("/medic/council/")) {
            plant(c, base);
            return;
        }
        if (c.stream()) {
            checkStream(c, send(c, base, null), names);
            return;
        }
        if (c.section().startsWith("Chapter 6") || c.section().startsWith("Chapter 8")) {
            // what a planted fault does shows after its POST answered, and a window is wall time on a
            // loaded machine: each such answer is awaited
            Await.untilAsserted(() -> {
                Answer a = send(c, base, null);
                DocPage.assertJsonObject(a, c, null);
                if (c.section().startsWith("Chapter 6")) {
                    checkCrashAnswer(c, a.json());
                } else {
                    checkHogAnswer(c, a.json());
                }
            });
            return;
        }
        // a window ranking work is wall time: a member preempted inside its handler on a loaded machine
        // can top it once, so such a command gets up to three windows, of which one must rank right
        int attempts = c.target().startsWith("/medic/processes/window?attr=reductions") ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            Answer a = send(c, base, null);
            DocPage.assertJsonObject(a, c, null);
            try {
                checkAnswer(c, a.json(), names, draw);
                return;
            } catch (AssertionError e) {
                if (attempt == attempts) {
                    throw e;
                }
            }
        }
    }

    /**
     * GET /medic/metrics (the metrics module, in the demo): the Prometheus text format, with the
     * council's processes, its supervisor and application, and a series per member.
     */
    private static void checkMetrics(Curl c, Answer a, List<String> names) {
        assertEquals(200, a.status(), "line " + c.line() + ": " + a.body());
        String body = a.body();
        assertTrue(body.contains("# TYPE medic_processes gauge\n"), "line " + c.line() + ": " + body);
        assertTrue(body.contains("medic_supervisor_restart_budget_used{supervisor=\"" + Council.APPLICATION + "\"}"), body);
        assertTrue(body.contains("medic_application_status{application=\"" + Council.APPLICATION
                + "\",medic_application_status=\"running\"} 1"), body);
        for (String n : names) {
            assertTrue(body.contains("medic_registered_process_message_queue_len{name=\"" + n + "\"}"), n + ": " + body);
        }
    }

    /** Checks the answers the page draws conclusions from. */
    private static void checkAnswer(Curl c, JsonNode json, List<String> names, Map<String, String> draw) {
        String t = c.target();
        if (t.startsWith("/medic/processes/window?attr=reductions")) {
            checkRanking(c, json.path("processes"), names, 5);
            checkLoudspeakersOnTop(c, json.path("processes"), draw);
        } else if (t.startsWith("/medic/processes/window?attr=messages_in") && t.contains("window_ms=10000")) {
            checkMessageFrequency(c, json, draw);
        } else if (t.startsWith("/medic/ports?sort=oct")) {
            for (JsonNode p : json.path("ports")) {
                assertTrue(names.contains(p.path("owner_name").asText()), "line " + c.line() + ": " + p);
            }
        }
    }

    /**
     * The page's claim: over a short window, the loudspeakers (two speeches a second) do the most
     * work. Most of the top five must be loudspeakers of this run's draw (the run may draw fewer than
     * five, and a neighbour's handler can be slow once, hence "most"; the window is retried too).
     */
    private static void checkLoudspeakersOnTop(Curl c, JsonNode processes, Map<String, String> draw) {
        long loud = draw.values().stream().filter("LOUDSPEAKER"::equals).count();
        int onTop = 0;
        StringBuilder seen = new StringBuilder();
        for (JsonNode p : processes) {
            String name = p.path("registered_name").asText();
            seen.append(name).append('=').append(draw.get(name)).append(' ');
            if ("LOUDSPEAKER".equals(draw.get(name))) {
                onTop++;
            }
        }
        long expected = Math.min(loud, processes.size());
        assertTrue(onTop >= expected - 2, "line " + c.line() + ": the top of a reductions window is the"
                + " loudspeakers (" + loud + " drawn), got " + seen);
    }

    /** proc_window ranks members (or their supervisor), largest first, as many as asked. */
    private static void checkRanking(Curl c, JsonNode processes, List<String> names, int limit) {
        assertEquals(limit, processes.size(), "line " + c.line() + ": " + processes);
        long previous = Long.MAX_VALUE;
        for (JsonNode p : processes) {
            String name = p.path("registered_name").asText();
            assertTrue(names.contains(name) || name.equals(Council.APPLICATION), "line " + c.line() + ": " + p);
            long v = p.path("value").asLong();
            assertTrue(v >= 0 && v <= previous, "line " + c.line() + ": not ranked: " + processes);
            previous = v;
        }
    }

    /**
     * The page's estimate: each speech puts two messages into mailboxes (the speaker's timer, and the
     * target's message or TcpData), so speeches per second = messages_in per second / 2, to compare with
     * the draw's expectation, sum over members of 1 / interval.
     */
    private static void checkMessageFrequency(Curl c, JsonNode json, Map<String, String> draw) {
        double expected = 0;
        for (String v : draw.values()) {
            expected += 1.0 / (Verbosity.valueOf(v).interval().toMillis() / 1000.0);
        }
        long total = 0;
        for (JsonNode p : json.path("processes")) {
            total += p.path("value").asLong();
        }
        double seconds = json.path("window_ms").asLong() / 1000.0;
        double speeches = total / seconds / 2;
        assertTrue(speeches > 0.75 * expected && speeches < 1.25 * expected, "line " + c.line() + ": measured "
                + speeches + " speeches/s (" + total + " messages in " + seconds + " s), the draw predicts " + expected);
    }

    /**
     * POST /medic/council/{member}/{fault}: the fault is planted in that member (a crash only once the
     * restart budget is free again: the page says to check it first).
     */
    private void plant(Curl c, URI base) throws Exception {
        String[] path = c.target().replaceFirst("\\?.*", "").split("/"); // "", medic, council, member, fault
        String member = path[3];
        String fault = path[4];
        if (fault.equals("crash")) {
            awaitBudgetFree(base);
        }
        Answer a = send(c, base, null);
        DocPage.assertJsonObject(a, c, null);
        assertEquals(member, a.json().path("member").asText(), a.body());
        assertEquals(fault, a.json().path("fault").asText(), a.body());
        planted.put(member, new Planted(fault, a.json().path("pid").asText()));
        if (fault.equals("slow")) { // chapter 8: the system monitor logs each slow speech as a long_schedule
            String pid = a.json().path("pid").asText();
            Await.until(() -> "line " + c.line() + ": a long_schedule of " + member + "'s speech in the log: "
                    + monitorLog.messages(), () -> monitorLog.messages().stream().anyMatch(m -> m.startsWith(
                            "monitor long_schedule: " + pid + " (" + member + ") has run one handler for ")
                            && m.contains("message type " + Speech.Speak.class.getName())));
        }
    }

    /** The member the page crashed last, and its pid then; null before the page crashes one. */
    private Map.Entry<String, Planted> lastCrash() {
        Map.Entry<String, Planted> last = null;
        for (Map.Entry<String, Planted> e : planted.entrySet()) {
            if (e.getValue().fault().equals("crash")) {
                last = e;
            }
        }
        return last;
    }

    /**
     * Chapter 6's answers: the node's newest crash report is the crashed member's, with the reason and
     * last message of the planted crash; its supervisor restarted it and keeps the crash in its history,
     * pointing to the report; the process's crashes follow its name to the dead pid.
     */
    private void checkCrashAnswer(Curl c, JsonNode json) {
        Map.Entry<String, Planted> crash = lastCrash();
        if (crash == null) {
            return; // the budget, read before the crash
        }
        String member = crash.getKey();
        String dead = crash.getValue().pid();
        String t = c.target();
        String line = "line " + c.line() + ": ";
        if (t.startsWith("/medic/crashes")) {
            JsonNode r = json.path("crashes").get(0);
            assertTrue(r != null && r.path("pid").asText().equals(dead), line + json);
            assertEquals(member, r.path("registered_name").asText(), line + r);
            assertTrue(r.path("reason").asText().contains("council member " + member + " crashed on purpose"), line + r);
            assertEquals(Fault.Crash.class.getName(), r.path("last_message_type").asText(), line + r);
            assertEquals(IllegalStateException.class.getName(), r.path("error_class").asText(), line + r);
        } else if (t.startsWith("/medic/supervision")) {
            JsonNode child = null;
            for (JsonNode ch : json.path("applications").get(0).path("supervisor").path("children")) {
                child = ch.path("id").asText().equals(member) ? ch : child;
            }
            assertTrue(child != null, line + json);
            assertNotEquals(dead, child.path("pid").asText(), line + child);
            JsonNode first = child.path("crashes").get(0);
            assertTrue(first != null && first.path("pid").asText().equals(dead), line + child);
            assertEquals("child_crashed", first.path("type").asText(), line + child);
            assertTrue(first.path("report_id").asLong() > 0, line + child);
        } else if (t.startsWith("/medic/processes/" + member + "/crashes")) {
            assertNotEquals(dead, json.path("pid").asText(), line + json);
            JsonNode first = json.path("crashes").get(0);
            assertTrue(first != null && first.path("pid").asText().equals(dead), line + json);
            assertTrue(first.path("report").path("id").asLong() > 0, line + json);
        }
    }

    /** The member the page planted {@code fault} in last; fails if it planted none. */
    private String plantedIn(Curl c, String fault) {
        String member = null;
        for (Map.Entry<String, Planted> e : planted.entrySet()) {
            member = e.getValue().fault().equals(fault) ? e.getKey() : member;
        }
        assertTrue(member != null, "line " + c.line() + ": the page plants a " + fault + " before this command");
        return member;
    }

    /**
     * Chapter 8's answers, with a hog and a blocked member planted: CPU time and reductions rank the
     * hog first and the blocked member far below it; wall time in handlers ranks both on top (why
     * wall time cannot find a hog); the age of the running handler finds the blocked one, and its
     * location says what it is stuck in; a slow member shows long_schedule events for its speeches.
     */
    private void checkHogAnswer(Curl c, JsonNode json) {
        String t = c.target();
        String line = "line " + c.line() + ": ";
        if (t.startsWith("/medic/monitor/events")) {
            String slow = plantedIn(c, "slow");
            boolean seen = false;
            for (JsonNode e : json.path("events")) {
                seen |= e.path("type").asText().equals("long_schedule") && e.path("registered_name").asText().equals(slow)
                        && e.path("message_type").asText().equals(Speech.Speak.class.getName())
                        && e.path("duration_ms").asLong() >= 100;
            }
            assertTrue(seen, line + "a long_schedule event for " + slow + "'s speech: " + json);
            return;
        }
        if (t.startsWith("/medic/monitor")) {
            return; // the thresholds, read before the fault
        }
        String hog = plantedIn(c, "hog");
        String blocked = plantedIn(c, "block");
        if (t.startsWith("/medic/processes/" + blocked)) {
            assertEquals(Fault.Block.class.getName(), json.path("location").path("current_message_type").asText(), line + json);
            return;
        }
        Map<String, Long> ranked = new LinkedHashMap<>();
        for (JsonNode p : json.path("processes")) {
            ranked.put(p.path("registered_name").asText(), p.path("value").asLong());
        }
        List<String> order = new ArrayList<>(ranked.keySet());
        assertFalse(order.isEmpty(), line + json);
        if (t.contains("attr=cpu_us") || t.contains("attr=reductions")) {
            assertEquals(hog, order.get(0), line + "the hog first: " + ranked);
            long blockedValue = ranked.getOrDefault(blocked, 0L);
            assertTrue(blockedValue * 10 < ranked.get(hog), line + "the blocked member far below the hog: " + ranked);
        } else if (t.contains("attr=busy_time_us")) {
            assertTrue(order.size() >= 2 && order.subList(0, 2).containsAll(List.of(hog, blocked)),
                    line + "wall time ranks the hog and the blocked member alike: " + ranked);
        } else if (t.contains("sort=current_message_age_ms")) {
            assertEquals(blocked, order.get(0), line + "the blocked member's handler is the oldest: " + ranked);
        }
    }

    /**
     * A {@code curl -N}: a trace session's server-sent events, read to their end — a start first, an end
     * last, and in chapter 9 the events the page draws its answers from: one member's arrivals, each
     * speech naming its speaker as the sender; one message type across the council, until the rate
     * limit trips.
     */
    private void checkStream(Curl c, Answer a, List<String> names) {
        String line = "line " + c.line() + ": ";
        assertEquals(200, a.status(), line + a.body());
        List<JsonNode> events = DocPage.events(a.body());
        assertTrue(events.size() >= 2, line + a.body());
        assertEquals("start", events.get(0).path("kind").asText(), line + events.get(0));
        JsonNode end = events.get(events.size() - 1);
        assertEquals("end", end.path("kind").asText(), line + end);
        List<JsonNode> traced = events.subList(1, events.size() - 1);
        String spec = c.body() == null ? "" : c.body();
        if (spec.contains("\"rate\"")) {
            assertEquals("rate_tripped", end.path("reason").asText(), line + end);
        } else if (spec.contains("\"count\"")) {
            assertEquals("count_reached", end.path("reason").asText(), line + end);
        }
        for (JsonNode e : traced) {
            assertTrue(names.contains(e.path("name").asText()), line + "a member's event: " + e);
            if (e.path("message_type").asText().equals(Speech.Msg.class.getName()) && e.path("kind").asText().equals("receive")) {
                assertEquals(e.path("message").path("value").path("from").asText(e.path("message").path("from").asText()),
                        e.path("from_name").asText(), line + "a speech's sender is its speaker: " + e);
            }
        }
    }

    /** POST .../kill: the member exits, and its name resolves to a new pid, restarted once. */
    private void killAndSeeItRestarted(Curl c, URI base) throws Exception {
        String name = c.process();
        awaitAlive(base, name, null);
        Answer a = send(c, base, null);
        DocPage.assertJsonObject(a, c, null);
        assertTrue(a.json().path("exited").asBoolean(), a.body());
        assertEquals("killed", a.json().path("exit_reason").asText(), a.body());
        String old = a.json().path("pid").asText();
        JsonNode info = awaitAlive(base, name, old);
        assertNotEquals(old, info.path("pid").asText());
        assertEquals(1, info.path("meta").path("restarts").asInt(), info.toString());
    }

    // ------------------------------------------------------------------ consistency checks

    /** 26 running members under the permanent council application; their pids by name. */
    private Map<String, String> checkTheCouncilIsUp(URI base, List<String> names) {
        JsonNode tree = DocPage.getJson(http, base.resolve("/medic/supervision"));
        JsonNode app = tree.path("applications").get(0);
        assertEquals(Council.APPLICATION, app.path("name").asText());
        assertEquals("permanent", app.path("type").asText());
        assertEquals("running", app.path("status").asText());
        JsonNode sup = app.path("supervisor");
        assertEquals("one_for_one", sup.path("flags").path("strategy").asText());
        assertEquals(1, sup.path("flags").path("intensity").asInt());
        assertEquals(1000, sup.path("flags").path("period_ms").asLong());
        Map<String, String> pids = new LinkedHashMap<>();
        for (JsonNode child : sup.path("children")) {
            assertEquals("running", child.path("status").asText(), child.toString());
            assertEquals("permanent", child.path("restart").asText(), child.toString());
            pids.put(child.path("id").asText(), child.path("pid").asText());
        }
        assertEquals(names, new ArrayList<>(pids.keySet()), "the 26 members, in start order");
        assertEquals(26, pids.size());
        return pids;
    }

    private Map<String, JsonNode> states(URI base, List<String> names) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (String n : names) {
            JsonNode s = DocPage.getJson(http, base.resolve("/medic/processes/" + n + "/state")).path("state");
            assertEquals(n, s.path("name").asText(), s.toString());
            out.put(n, s);
        }
        return out;
    }

    private static Map<String, String> verbosities(Map<String, JsonNode> states) {
        Map<String, String> out = new LinkedHashMap<>();
        states.forEach((n, s) -> out.put(n, s.path("verbosity").asText()));
        return out;
    }

    /** The page prints seed 42's draw as one JSON line grouped by verbosity: it must be this run's. */
    private static void checkThePagePrintsThisDraw(String page, Map<String, String> draw) throws IOException {
        String line = page.lines().filter(l -> l.startsWith("{\"LOUDSPEAKER\":[")).findFirst()
                .orElseThrow(() -> new AssertionError("council.md prints the seed's draw grouped by verbosity"));
        JsonNode printed = DocPage.JSON.readTree(line);
        Map<String, List<String>> byVerbosity = new TreeMap<>();
        draw.forEach((n, v) -> byVerbosity.computeIfAbsent(v, k -> new ArrayList<>()).add(n));
        Map<String, List<String>> onPage = new TreeMap<>();
        printed.fields().forEachRemaining(e -> {
            List<String> members = new ArrayList<>();
            e.getValue().forEach(m -> members.add(m.asText()));
            onPage.put(e.getKey(), members);
        });
        assertEquals(byVerbosity, onPage, "seed " + SEED + "'s draw, as council.md prints it");
    }

    /** Alfa's state has its verbosity and the port its listen socket is bound to. */
    private void checkAlfasState(URI base, JsonNode alfa, String verbosity) {
        assertEquals(verbosity, alfa.path("verbosity").asText());
        assertTrue(alfa.path("connected").asBoolean(), alfa.toString());
        int port = alfa.path("port").asInt();
        assertTrue(port > 0, alfa.toString());
        boolean listening = false;
        for (JsonNode p : DocPage.getJson(http, base.resolve("/medic/ports?sort=oct&limit=1000")).path("ports")) {
            listening |= p.path("owner_name").asText().equals("Alfa")
                    && p.path("local_address").asText().endsWith(":" + port) && p.path("peer_address").isNull();
        }
        assertTrue(listening, "Alfa owns a listen socket on port " + port);
    }

    /** The top ports by bytes belong to members (their pids), and the byte counters grow. */
    private void checkSocketBytesAreAttributedToMembersAndGrow(URI base, Map<String, String> pids) {
        URI top = base.resolve("/medic/ports?sort=oct&limit=10");
        JsonNode ports = Await.value("socket bytes to flow between members",
                () -> DocPage.getJson(http, top).path("ports"), p -> p.get(0).path("value").asLong() > 0);
        for (JsonNode p : ports) {
            String owner = p.path("owner_name").asText();
            assertEquals(pids.get(owner), p.path("owner").asText(), "port owned by a member: " + p);
        }
        URI all = base.resolve("/medic/ports?sort=oct&limit=1000");
        long before = sum(DocPage.getJson(http, all).path("ports"), "value");
        Await.value("the byte counters to grow past " + before,
                () -> sum(DocPage.getJson(http, all).path("ports"), "value"), after -> after > before);
    }

    /**
     * The sender's view (each member's sentOverTcp, times its frame size) and the owners' view (the
     * send_oct of the connected ends they own) count the same bytes; likewise what members read
     * (receivedBytes) and what their accepted ends delivered (recv_oct). Read in the order that makes
     * each an inequality whatever happens between the two reads.
     */
    private void checkSendersAndOwnersAgree(URI base, List<String> names) {
        URI all = base.resolve("/medic/ports?sort=oct&limit=1000");
        long written = sumDetail(DocPage.getJson(http, all).path("ports"), "send_oct");
        Map<String, JsonNode> states = states(base, names);
        long sent = 0;
        long read = 0;
        for (JsonNode s : states.values()) {
            int frame = 1 + s.path("name").asText().getBytes(StandardCharsets.UTF_8).length + 4
                    + Verbosity.valueOf(s.path("verbosity").asText()).payloadBytes();
            sent += s.path("sentOverTcp").asLong() * frame;
            read += s.path("receivedBytes").asLong();
            assertEquals(0, s.path("tcpSendFailures").asLong(), "no member restarted yet: " + s);
        }
        long delivered = sumDetail(DocPage.getJson(http, all).path("ports"), "recv_oct");
        assertTrue(written > 0, "members wrote into each other's sockets");
        assertTrue(sent >= written && sent <= written + 20_000,
                "bytes the senders counted (" + sent + ") vs bytes their targets' ports counted just before (" + written + ")");
        assertTrue(delivered >= read && delivered <= read + 20_000,
                "bytes delivered by the accepted ends (" + delivered + ") vs bytes the members read just before (" + read + ")");
    }

    /** Over the page's run some member drew itself as a message's target, and counted it. */
    private void checkAMemberMessagedItself(URI base, List<String> names) {
        Map<String, JsonNode> states = Await.value("a member to receive a message from itself",
                () -> states(base, names), s -> s.values().stream().anyMatch(m -> m.path("receivedFromSelf").asLong() > 0));
        Set<String> selfTalkers = new HashSet<>();
        states.forEach((n, s) -> {
            long self = s.path("receivedFromSelf").asLong();
            assertTrue(self <= s.path("receivedMessages").asLong(), s.toString());
            if (self > 0) {
                selfTalkers.add(n);
            }
        });
        assertFalse(selfTalkers.isEmpty());
    }

    /** The blocks the page planted end by themselves: until then their members answer no sys request. */
    private void awaitBlocksEnded(URI base) {
        planted.forEach((member, p) -> {
            if (p.fault().equals("block")) {
                Await.until(member + "'s block to end", () -> !DocPage.getJson(http, base.resolve("/medic/processes/" + member))
                        .path("location").path("current_message_type").asText().equals(Fault.Block.class.getName()));
            }
        });
    }

    private void awaitBudgetFree(URI base) {
        Await.until("the council's restart budget to be free again", () -> DocPage.getJson(http,
                base.resolve("/medic/supervision")).path("applications").get(0).path("supervisor").path("budget")
                .path("restarts").asInt() == 0);
    }

    /** Waits until {@code name} resolves to a live process (other than {@code notPid}); its info. */
    private JsonNode awaitAlive(URI base, String name, String notPid) {
        URI uri = base.resolve("/medic/processes/" + name);
        return Await.value(name + " to be alive" + (notPid == null ? "" : " again, not as " + notPid),
                () -> {
                    try {
                        Answer a = DocPage.send(http, HttpRequest.newBuilder(uri).GET().build());
                        return a.ok() ? a.json() : null;
                    } catch (IOException e) {
                        return null;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                },
                info -> info != null && !info.path("pid").asText().equals(notPid)
                        && info.path("meta").path("status").asText().matches("waiting|running"));
    }

    private static long sum(JsonNode rows, String field) {
        long s = 0;
        for (JsonNode r : rows) {
            s += r.path(field).asLong();
        }
        return s;
    }

    private static long sumDetail(JsonNode ports, String field) {
        long s = 0;
        for (JsonNode p : ports) {
            s += p.path("details").path(field).asLong();
        }
        return s;
    }
}
