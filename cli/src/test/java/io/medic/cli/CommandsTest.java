package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medic.runtime.GenServer;
import io.medic.runtime.Pid;
import io.medic.supervision.Application;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.CastCounter;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code medic info}, {@code state} and {@code tree} against a live node running an application "shop":
 * a one_for_one top supervisor (3 restarts an hour) over a worker "cart" that crashed once, and a
 * one_for_all supervisor "pool" (2 a minute) over two workers. The tree must show both budgets as the
 * supervisors count them, the restart, and the nesting; info and state what recon:info/1 and
 * sys:get_state/2 answer.
 */
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crash on purpose")
@ExpectLog(logger = "io.medic.supervision", message = "crash on purpose")
class CommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;
    private static Pid cart;

    /** The state of {@link Cart}. */
    record Basket(String owner, List<String> items, int total) {
    }

    /** A GenServer with a state worth showing; crashes on "crash". */
    static final class Cart extends GenServer<Basket> {
        @Override
        protected Init<Basket> init() {
            return ok(new Basket("ann", List.of("apple", "pear"), 12));
        }

        @Override
        protected Result<Basket> handleCast(Object message, Basket state) {
            if ("crash".equals(message)) {
                throw new IllegalStateException("crash on purpose");
            }
            return noreply(state);
        }
    }

    @BeforeAll
    static void start() {
        SupervisorSpec pool = SupervisorSpec.of(SupervisorFlags.oneForAll().withIntensity(2).withPeriod(Duration.ofMinutes(1)),
                ChildSpec.worker("conn-1", CastCounter::new), ChildSpec.worker("conn-2", CastCounter::new));
        SupervisorSpec top = SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(3).withPeriod(Duration.ofHours(1)),
                ChildSpec.worker("cart", Cart::new).withName("cart"), ChildSpec.supervisor("pool", pool));
        node = TestNode.start("shop", "", List.of(Application.permanent("shop", top)));
        Pid first = node.node.pid("cart");
        GenServer.cast(first, "crash");
        cart = Await.value("cart restarted", () -> node.node.whereis("cart").orElse(null),
                p -> p != null && !p.equals(first) && p.isAlive());
    }

    @AfterAll
    static void stop() {
        node.close();
    }


    @Test
    void treeDrawsTheSupervisorsWithTheirRestartBudgetsAndTheChildrenBeneath() {
        List<String> lines = Cli.withSize(120, 40).run("tree", node.urlOption()).assertOk().lines();
        String pid = "<0\\.\\d+\\.0>";
        List<String> expected = List.of(
                "application shop  permanent  running  started \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z",
                "`-- shop " + pid + "  one_for_one  budget 1/3 restarts in 1h00m",
                "    \\|-- cart " + pid + "  worker  permanent  running  restarts 1",
                "    `-- pool " + pid + "  supervisor  permanent  running  restarts 0  one_for_all  budget 0/2 restarts in 1m00s",
                "        \\|-- conn-1 " + pid + "  worker  permanent  running  restarts 0",
                "        `-- conn-2 " + pid + "  worker  permanent  running  restarts 0",
                "");
        assertEquals(expected.size(), lines.size(), String.join("\n", lines));
        for (int i = 0; i < expected.size(); i++) {
            assertTrue(Pattern.matches(expected.get(i), lines.get(i)), "line " + i + ": " + lines.get(i)
                    + "\n  expected " + expected.get(i));
        }
        assertTrue(lines.get(2).contains(cart.toString()), "the restarted cart's new pid: " + lines.get(2));

        List<String> narrow = Cli.withSize(40, 20).run("tree", node.urlOption()).assertOk().lines();
        narrow.forEach(l -> assertTrue(l.length() <= 40, "cut to COLUMNS: " + l));
        assertTrue(narrow.get(3).endsWith("~"), narrow.get(3));

        JsonNode json = parse(Cli.withSize(120, 40).run("tree", node.urlOption(), "--json").assertOk().out());
        assertEquals(1, json.path("applications").get(0).path("supervisor").path("budget").path("restarts").asInt());
    }

    @Test
    void infoShowsReconInfoGroupedLikeRecon() {
        for (String form : List.of("cart", cart.toString(), cart.toString().substring(1, cart.toString().length() - 1))) {
            List<String> lines = Cli.withSize(120, 40).run("info", form, node.urlOption()).assertOk().lines();
            assertEquals("pid          " + cart, lines.get(0), "by " + form + ": " + lines);
            assertTrue(lines.contains("meta"), lines.toString());
            assertTrue(lines.contains("  registered_name  cart"), lines.toString());
            assertTrue(lines.contains("  behaviour        io.medic.cli.CommandsTest$Cart"), lines.toString());
            assertTrue(lines.contains("  restarts         1"), lines.toString());
            assertTrue(lines.contains("  monitored_by        " + node.node.pid("shop")), "a one-element list inline: " + lines);
            assertTrue(lines.stream().anyMatch(l -> l.matches("  memory_bytes +\\d+ \\(\\d+\\.\\d KiB\\)")),
                    "bytes with their readable form: " + lines);
            assertTrue(lines.contains("work"), lines.toString());
        }
        JsonNode json = parse(Cli.withSize(120, 40).run("info", "cart", node.urlOption(), "--json").assertOk().out());
        assertEquals("cart", json.path("meta").path("registered_name").asText());
    }

    @Test
    void stateShowsSysGetStateAsJson() {
        Cli.Result r = Cli.withSize(120, 40).run("state", "cart", node.urlOption(), "--timeout", "2.5").assertOk();
        List<String> lines = r.lines();
        assertEquals(cart + "  state of type io.medic.cli.CommandsTest$Basket", lines.get(0));
        JsonNode state = parse(String.join("\n", lines.subList(1, lines.size())));
        assertEquals(JSON.createObjectNode().put("owner", "ann").<com.fasterxml.jackson.databind.node.ObjectNode>set("items",
                JSON.createArrayNode().add("apple").add("pear")).put("total", 12), state);
    }

    @Test
    void errorsOfTheNodeAreOneLineWithItsCodeAndMessage() {
        Cli.withSize(120, 40).run("info", "nobody", node.urlOption()).assertError(1, "404 noproc: no such process: nobody");
        Cli.withSize(120, 40).run("state", "<0.x.0>", node.urlOption()).assertError(1, "400 bad_pid:");
        Cli.withSize(120, 40).run("state", "pool", node.urlOption(), "--timeout", "0")
                .assertError(2, "--timeout: bad value '0', expected seconds from 0.001 to 60");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
