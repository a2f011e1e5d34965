package io.medic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.Pid;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.medic.runtime.GenServer;
import io.medic.runtime.Sys;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser (headless Chromium, see {@link Browser}) against a running node with
 * Basic authentication on and the mutating routes enabled: each page loads and shows the node's data,
 * sorts, refreshes without a reload; names and states holding HTML are shown as text; the destructive
 * buttons are hidden for a reader and shown for an admin, and a kill through the page is audited. Each
 * page's screenshot is saved for docs/dashboard.md ({@code -Dmedic.dashboard.screenshots=DIR}, default
 * {@code target/screenshots}).
 */
@ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "clear-text password")
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crash on purpose") // TestNode's crasher
@ExpectLog(level = "WARN", logger = "io.medic.monitor", message = "monitor ") // TestNode's flooded mailbox and blocker
@ExpectLog(level = "WARN", logger = "io.medic.overload", message = "dropped") // TestNode's shedder
class DashboardBrowserTest {
    static final Path SCREENSHOTS = Path.of(System.getProperty("medic.dashboard.screenshots", "target/screenshots"));

    private static TestNode node;
    private static Browser reader;
    private static Browser admin;

    @BeforeAll
    static void start() {
        Browser.requireChromium();
        node = TestNode.start("dashboard", false);
        reader = Browser.open();
        admin = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (reader != null) {
            reader.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private static void open(Browser b, String user, String password, String fragment) {
        b.load(node.page(user, password, fragment));
    }

    @Test
    void homeShowsTheNodeAndRefreshesWithoutAReload() {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "");
        reader.awaitUpdates("home", 1);
        assertEquals("dashboard", reader.text("#node-name"));
        assertEquals("viewer · reader", reader.text("#user"));
        assertEquals("mutating routes on", reader.text("#mode"));
        Await.untilAsserted(() -> assertEquals(String.valueOf(node.node.processes().size()), reader.text("#stat-processes")));
        reader.js("window.__loadedOnce = 'yes'");
        String uptime = reader.text("#stat-uptime");
        int updates = Integer.parseInt((String) reader.js("return document.getElementById('main').dataset.updates"));
        reader.awaitUpdates("home", updates + 2);
        Await.untilAsserted(() -> assertNotEquals(uptime, reader.text("#stat-uptime"), "the uptime moves without a reload"));
        assertEquals("yes", reader.js("return window.__loadedOnce"), "the page was not reloaded");
        Await.untilAsserted(() -> assertTrue(Integer.parseInt(reader.attributes("#chart-processes", "data-points").get(0)) >= 3,
                "the chart keeps its points"));
        Await.untilAsserted(() -> assertTrue(reader.count("#memory-pools tbody tr") >= 2, "memory pools"));
        assertTrue(reader.text("#dispatcher-table").contains("akka.actor.default-dispatcher"), reader.text("#dispatcher-table"));
        reader.awaitUpdates("home", 10); // ten seconds of charts for the screenshot
        reader.screenshot(SCREENSHOTS, "home");
    }

    @Test
    void aNodeOutsideAClusterHasNoClusterPageAndNoNodeSelector() {
        // the cluster module is on this classpath (the cluster view's tests): its row is listed here, and
        // answers 404 not_clustered on this node, which is in no cluster
        Http.Response nodes = new Http(node.base).get("/medic/cluster/nodes",
                "Authorization", Http.basic(TestNode.READER, TestNode.READER_PASSWORD));
        assertEquals(404, nodes.status(), nodes.toString());
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "");
        reader.awaitUpdates("home", 1);
        Await.untilAsserted(() -> assertEquals("no", reader.js("return document.body.dataset.cluster")));
        assertEquals(1, reader.count("#nav-processes"));
        assertEquals(0, reader.count("#nav-cluster"), "no Cluster page outside a cluster");
        assertEquals(0, reader.count("#node-selector"), "no node selector outside a cluster");
        assertEquals(0, reader.count(".notice.error:not([hidden])"), "and no error: " + reader.text("#main"));
        reader.go("#/cluster");
        Await.untilAsserted(() -> assertTrue(reader.text("#main").contains("does not serve what the Cluster page needs"),
                reader.text("#main")));
    }

    @Test
    void processesSortByEveryAttributeAbsoluteAndOverAWindow() {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/processes?limit=50");
        reader.awaitUpdates("processes", 1);
        reader.click("button.sort[data-sort='message_queue_len']");
        Await.untilAsserted(() -> assertEquals(node.pid("flooded").toString(), firstRowPid(),
                "the suspended process with " + TestNode.FLOOD + " queued messages tops the queue"));
        assertEquals(String.valueOf(TestNode.FLOOD), reader.attributes(
                "#process-table tbody tr:first-child td[data-col='message_queue_len']", "data-value").get(0));
        reader.screenshot(SCREENSHOTS, "processes");
        for (String attribute : List.of("reductions", "memory_bytes", "messages_in", "busy_time_us", "allocated_bytes",
                "restarts", "ports", "message_queue_len")) {
            reader.click("button.sort[data-sort='" + attribute + "']");
            Await.untilAsserted(() -> {
                assertEquals(attribute, reader.attributes("button.sort.active", "data-sort").get(0));
                assertSortedDescending(attribute);
            });
        }
        reader.click("button.sort[data-sort='memory_bytes']");
        Await.untilAsserted(() -> assertEquals(node.pid("hog").toString(), firstRowPid(), "the hog tops memory"));
        reader.click("button.sort[data-sort='ports']");
        Await.untilAsserted(() -> assertEquals(node.pid("porter").toString(), firstRowPid(), "the porter owns 3 sockets"));
        assertTrue(((String) reader.js("return location.hash")).contains("sort=ports"), "the sort is kept in the address");

        reader.click("#process-mode");
        reader.click("#process-mode option[value='1000']");
        reader.click("button.sort[data-sort='messages_in']");
        Await.untilAsserted(() -> {
            assertTrue(reader.text("#process-table thead").contains("messages in Δ1s"), reader.text("#process-table thead"));
            assertEquals(node.pid("ticker").toString(), firstRowPid(), "the ticker receives the most messages in a second");
            assertSortedDescending("messages_in");
        });
    }

    @Test
    void aSearchFindsProcessesByNameAndByPid() {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/processes");
        reader.awaitUpdates("processes", 1);
        reader.type("#process-search", "worker-");
        Await.untilAsserted(() -> assertEquals(List.of(node.pid("worker-1").toString(), node.pid("worker-2").toString()),
                reader.attributes("#process-table tbody tr", "data-pid").stream().sorted().toList()));
        Pid cart = node.pid("cart");
        reader.type("#process-search", cart.toString());
        Await.untilAsserted(() -> assertEquals(List.of(cart.toString()), reader.attributes("#process-table tbody tr", "data-pid")));
        reader.type("#process-search", "no-such-process");
        Await.untilAsserted(() -> assertEquals("no process matches", reader.text("#process-table tbody")));
    }

    @Test
    void aProcessPageShowsInfoStateStatusStatisticsAndLog() throws Exception {
        Pid cart = node.pid("cart");
        Sys.log(cart, 10);
        GenServer.cast(cart, "add:plum");
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/process/" + java.net.URLEncoder.encode(cart.toString(), "UTF-8"));
        reader.awaitUpdates("process", 1);
        assertEquals("cart", reader.text("#info-name"));
        assertTrue(reader.text("#info-behaviour").endsWith("TestNode$CartServer"), reader.text("#info-behaviour"));
        Await.untilAsserted(() -> assertTrue(reader.text("#state-json").contains("\"plum\""), reader.text("#tab-panel")));
        reader.click("#tab-status");
        Await.untilAsserted(() -> assertTrue(reader.text("#status-json").contains("\"owner\""), reader.text("#tab-panel")));
        reader.click("#tab-statistics");
        Await.untilAsserted(() -> assertTrue(reader.text("#stats-reductions").matches("[1-9][0-9,]*"), reader.text("#tab-panel")));
        reader.click("#tab-log");
        Await.untilAsserted(() -> assertTrue(reader.text("#log-table").contains("plum"), reader.text("#tab-panel")));
    }

    @Test
    void theSupervisionTreeIsDrawnWithRestartBudgets() {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/supervision");
        reader.awaitUpdates("supervision", 1);
        List<String> labels = reader.texts("#supervision-tree svg text.l1");
        for (String id : List.of("application shop", "cart", "hog", "pool", "worker-1", "worker-2")) {
            assertTrue(labels.contains(id), id + " in " + labels);
        }
        List<String> budgets = reader.texts("#supervision-tree svg text.budget-text");
        assertTrue(budgets.contains("restarts 0/3 in 5s"), budgets.toString());
        assertTrue(budgets.contains("restarts 0/5 in 10s"), budgets.toString());
        assertTrue(reader.attributes("#supervision-tree svg a", "href").contains(
                "#/process/" + java.net.URLEncoder.encode(node.pid("worker-1").toString(), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("+", "%20")), "a node links to its process page");
        assertEquals(List.of("2 crashes, last: killed"), reader.texts(
                "#supervision-tree svg g[data-pid='" + node.pid("crasher") + "'] text.crash-line"), "the crasher's crash history");
        assertTrue(reader.texts("#supervision-tree svg g[data-pid='" + node.pid("crasher") + "'] title").get(0)
                .contains(node.crashed + ": {exception, java.lang.IllegalStateException: " + TestNode.CRASH_MESSAGE), "its crashes, in the tooltip");
        reader.screenshot(SCREENSHOTS, "supervision");
        reader.click("#supervision-tree svg g[data-pid='" + node.pid("worker-2") + "'] text.l1");
        reader.awaitUpdates("process", 1);
        assertEquals("worker-2", reader.text("#info-name"));
    }

    @Test
    void thePortsPageListsAndRanksTheNodesPorts() {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/ports");
        reader.awaitUpdates("ports", 1);
        assertEquals("3", reader.text("#ports-count"));
        assertEquals(3, reader.count("#port-table tbody tr"));
        assertTrue(reader.text("#port-table").contains("porter"), reader.text("#port-table"));
        reader.click("button.sort[data-sort='send_oct']");
        Await.untilAsserted(() -> assertEquals("12", reader.attributes(
                "#port-table tbody tr:first-child td[data-col='send_oct']", "data-value").get(0), "\"hello, ports\" was sent"));
        reader.screenshot(SCREENSHOTS, "ports");
    }

    @Test
    void theCrashesPageListsTheNodesReportsAndOpensOne() {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/crashes");
        reader.awaitUpdates("crashes", 1);
        Await.untilAsserted(() -> assertTrue(reader.attributes("#crash-table tbody tr", "data-report").size() >= 1,
                reader.text("#crash-table")));
        String row = "#crash-table tbody tr[data-report='" + crashReportId() + "']";
        assertTrue(reader.text(row + " td[data-col='pid']").startsWith(node.crashed + " crasher"), reader.text(row));
        assertEquals(List.of("{exception, java.lang.IllegalStateException: " + TestNode.CRASH_MESSAGE + "}"),
                reader.attributes(row + " td[data-col='reason'] span.reason", "title"), "the whole reason, as text");
        assertEquals("String", reader.text(row + " td[data-col='last_message_type']"));
        reader.click(row + " button.link");
        Await.untilAsserted(() -> assertTrue(reader.text("#crash-detail").contains("Stack trace"), reader.text("#crash-detail")));
        assertTrue(reader.text("#crash-detail pre.stack").contains("TestNode$Crasher.handleCast"), reader.text("#crash-detail pre.stack"));
        assertTrue(reader.text("#crash-detail").contains("\"crash\""), "the last message, rendered: " + reader.text("#crash-detail"));
        assertTrue(reader.text("#crash-detail").contains("crashy"), "its ancestors: " + reader.text("#crash-detail"));
        assertTrue(((String) reader.js("return location.hash")).endsWith("report=" + crashReportId()), "the open report is in the address");
        assertEquals("true", reader.attributes(row, "data-active").get(0));
        assertNoScriptRan(reader);
        reader.screenshot(SCREENSHOTS, "crashes");
        reader.click("#crash-detail a[href*='tab=crashes']");
        reader.awaitUpdates("process", 0);
        Await.untilAsserted(() -> assertEquals(1, reader.count("#tab-crashes.active"), "the process's crashes tab opens"));
    }

    @Test
    void aProcessPagesCrashesTabShowsItsIncarnationsCrashesWithAndWithoutReport() throws Exception {
        Pid now = node.pid("crasher");
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/process/" + java.net.URLEncoder.encode(now.toString(), "UTF-8"));
        reader.awaitUpdates("process", 1);
        reader.click("#tab-crashes");
        Await.untilAsserted(() -> assertEquals(1, reader.count("#tab-body-crashes[data-loaded='true']"), reader.text("#tab-panel")));
        assertEquals(List.of(node.killed.toString(), node.crashed.toString()), reader.attributes("#crash-list details.crash", "data-pid"),
                "newest first: the killed incarnation, then the one that crashed");
        List<String> summaries = reader.texts("#crash-list details.crash summary");
        assertTrue(summaries.get(0).contains("killed") && summaries.get(0).endsWith("restarts before: 1"), summaries.toString());
        assertTrue(summaries.get(1).contains("java.lang.IllegalStateException: crash on purpose")
                && summaries.get(1).endsWith("restarts before: 0"), summaries.toString());
        assertEquals("{exception, java.lang.IllegalStateException: " + TestNode.CRASH_MESSAGE + "}", reader.attributes(
                "#crash-list details.crash[data-pid='" + node.crashed + "'] summary span.reason", "title").get(0));
        assertTrue(((String) reader.js("return location.hash")).endsWith("?tab=crashes"), "the tab is in the address");
        reader.click("#crash-list details.crash[data-pid='" + node.killed + "'] summary");
        Await.untilAsserted(() -> assertTrue(reader.text("#crash-list details.crash[data-pid='" + node.killed + "']")
                .contains("No crash report: a killed process"), reader.text("#crash-list")));
        reader.click("#crash-list details.crash[data-pid='" + node.crashed + "'] summary");
        Await.untilAsserted(() -> assertTrue(reader.text("#crash-list details.crash[data-pid='" + node.crashed + "'] .crash-report")
                .contains("java.lang.IllegalStateException"), reader.text("#crash-list")));
        assertTrue(reader.text("#tab-body-crashes dl.kv").contains(node.pid("crashy").toString()), "its supervisor: " + reader.text("#tab-panel"));
        assertNoScriptRan(reader);
        reader.js("document.getElementById('panel-sys').scrollIntoView()");
        reader.screenshot(SCREENSHOTS, "process-crashes");
        reader.js("location.reload()");
        reader.awaitUpdates("process", 1);
        Await.untilAsserted(() -> assertEquals(1, reader.count("#tab-crashes.active"), "a reload opens the same tab"));
    }

    @Test
    void everyPageRefreshesItsContentWithoutAReload() throws Exception {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/processes?sort=messages_in&limit=100");
        reader.awaitUpdates("processes", 1);
        reader.js("window.__loadedOnce = 'yes'");
        String tickerRow = "#process-table tbody tr[data-pid='" + node.pid("ticker") + "'] td[data-col='messages_in']";
        long received = Long.parseLong(reader.attributes(tickerRow, "data-value").get(0));
        Await.untilAsserted(() -> assertTrue(Long.parseLong(reader.attributes(tickerRow, "data-value").get(0)) > received,
                "the ticker's messages in grow on the processes page"));

        reader.go("#/process/" + java.net.URLEncoder.encode(node.pid("ticker").toString(), "UTF-8"));
        reader.awaitUpdates("process", 1);
        String handled = reader.text("#info-handled");
        Await.untilAsserted(() -> assertNotEquals(handled, reader.text("#info-handled"), "the ticker's messages handled move"));

        reader.go("#/crashes");
        reader.awaitUpdates("crashes", 1);
        int rows = reader.count("#crash-table tbody tr[data-report]");
        Pid flash = GenServer.startSync(node.node, new TestNode.Crasher(), io.medic.runtime.SpawnOptions.DEFAULT.withName("flash"),
                Duration.ofSeconds(10));
        GenServer.cast(flash, "crash");
        Await.untilAsserted(() -> {
            assertEquals(rows + 1, reader.count("#crash-table tbody tr[data-report]"), "the new report is listed");
            assertTrue(reader.text("#crash-table tbody tr:first-child td[data-col='pid']").startsWith(flash + " flash"),
                    reader.text("#crash-table tbody tr:first-child"));
        });

        for (String page : List.of("supervision", "ports")) {
            reader.go("#/" + page);
            reader.awaitUpdates(page, 1);
            reader.js("document.getElementById('refresh-interval').value = '2000';"
                    + "document.getElementById('refresh-interval').dispatchEvent(new Event('change'))");
            String stamp = reader.text("#last-update");
            reader.awaitUpdates(page, 2);
            Await.untilAsserted(() -> assertNotEquals(stamp, reader.text("#last-update"), page + " refreshed"));
        }
        assertEquals("yes", reader.js("return window.__loadedOnce"), "no page was reloaded");
    }

    @Test
    void namesAndStatesHoldingHtmlAreShownAsText() throws Exception {
        Pid evil = node.node.whereis(TestNode.EVIL_NAME).orElseThrow(); // a name with '/' is no pid reference
        Pid cart = node.pid("cart");
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/processes?limit=100");
        reader.awaitUpdates("processes", 1);
        Await.untilAsserted(() -> assertTrue(reader.texts("#process-table td[data-col='registered_name']").contains(TestNode.EVIL_NAME)));
        reader.type("#process-search", "evil");
        Await.untilAsserted(() -> assertEquals(List.of(evil.toString()), reader.attributes("#process-table tbody tr", "data-pid")));
        reader.go("#/process/" + java.net.URLEncoder.encode(evil.toString(), "UTF-8"));
        reader.awaitUpdates("process", 1);
        assertEquals(TestNode.EVIL_NAME, reader.text("#info-name"));
        Await.untilAsserted(() -> assertEquals("\"" + TestNode.EVIL_ITEM.replace("\"", "\\\"") + "\"", reader.text("#state-json")));
        reader.go("#/process/" + java.net.URLEncoder.encode(cart.toString(), "UTF-8"));
        reader.awaitUpdates("process", 1);
        Await.untilAsserted(() -> assertTrue(reader.text("#state-json").contains(TestNode.EVIL_OWNER), reader.text("#state-json")));
        assertNoScriptRan(reader);
    }

    /** No text of the node was parsed as HTML: no script ran, no element came from its data. */
    private static void assertNoScriptRan(Browser b) {
        assertEquals(null, b.js("return window.__xss === undefined ? null : String(window.__xss)"), "no script of the node ran");
        assertEquals(0, b.count("main script, main img, main b, main iframe"), "no element came from the node's data");
        assertEquals(1, b.count("script"), "only the dashboard's own script");
    }

    /** The id of the crash report the crasher's first incarnation wrote. */
    private static long crashReportId() {
        return io.medic.runtime.CrashReports.of(node.node).of(node.crashed).orElseThrow().id();
    }

    @Test
    void destructiveButtonsAreHiddenForAReader() throws Exception {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/process/" + java.net.URLEncoder.encode(node.pid("note").toString(), "UTF-8"));
        reader.awaitUpdates("process", 1);
        Await.untilAsserted(() -> assertTrue(reader.text("#state-json").contains("owner")));
        assertEquals(0, reader.count("#process-actions button"), reader.text("#process-actions"));
        assertEquals(0, reader.count("#state-editor, #action-replace-state"), "no state editor");
        reader.click("#tab-statistics");
        Await.untilAsserted(() -> assertTrue(reader.count("#tab-body-statistics[data-loaded]") > 0));
        assertEquals(0, reader.count("#action-statistics"));
        assertEquals(0, reader.count("#tab-trace"), "no trace tab: starting a session is an admin's");
        reader.click("#tab-status");
        Await.untilAsserted(() -> assertTrue(reader.count("#tab-body-status[data-loaded]") > 0));
        assertEquals(0, reader.count("#action-sys-trace"));
        assertEquals("viewer · reader", reader.text("#user"));
    }

    @Test
    void anAdminOnAWritableNodeSeesTheButtonsAndAKillThroughThePageIsAudited() throws Exception {
        Pid victim = node.pid("victim");
        open(admin, TestNode.ADMIN, TestNode.ADMIN_PASSWORD, "#/process/" + java.net.URLEncoder.encode(victim.toString(), "UTF-8"));
        admin.awaitUpdates("process", 1);
        assertEquals("ops · admin", admin.text("#user"));
        assertEquals(List.of("Suspend", "Resume", "Kill"), admin.texts("#process-actions button"));
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            admin.click("#action-kill");
            admin.click("#action-kill-confirm");
            Await.untilAsserted(() -> assertTrue(admin.text("#action-result").startsWith("killed"), admin.text("#action-result")));
            Await.until("the victim is dead", () -> !victim.isAlive());
            Await.untilAsserted(() -> assertTrue(audit.messages().stream().anyMatch(l -> l.startsWith("user=\"ops\" ")
                    && l.contains(" action=kill target=\"" + victim + "\" result=ok status=200")), audit.messages().toString()));
        }
        Await.untilAsserted(() -> assertEquals("false", admin.attributes("#main", "data-alive").get(0), "the page says it is gone"));
    }

    @Test
    void anAdminReplacesAStateThroughThePage() throws Exception {
        Pid note = node.pid("note");
        open(admin, TestNode.ADMIN, TestNode.ADMIN_PASSWORD, "#/process/" + java.net.URLEncoder.encode(note.toString(), "UTF-8"));
        admin.awaitUpdates("process", 1);
        Await.untilAsserted(() -> assertEquals(1, admin.count("#state-editor")));
        admin.js("document.getElementById('state-editor').value = arguments[0]", "{\"owner\":\"ann\",\"items\":[\"fig\"],\"total\":1}");
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            admin.click("#action-replace-state");
            admin.click("#action-replace-state-confirm");
            Await.untilAsserted(() -> assertEquals(new TestNode.Cart("ann", List.of("fig"), 1), Sys.getState(note, Duration.ofSeconds(5))));
            Await.untilAsserted(() -> assertTrue(audit.messages().stream().anyMatch(l -> l.startsWith("user=\"ops\" ")
                    && l.contains(" action=replace_state target=\"" + note + "\" result=ok status=200")), audit.messages().toString()));
        }
        Await.untilAsserted(() -> assertTrue(admin.text("#state-json").contains("\"fig\""), admin.text("#tab-panel")));
        admin.screenshot(SCREENSHOTS, "process");
        admin.click("#action-suspend");
        Await.untilAsserted(() -> assertEquals("suspended", admin.text("#info-status")));
        admin.click("#action-resume");
        Await.untilAsserted(() -> assertEquals("waiting", admin.text("#info-status")));
    }

    @Test
    void anAdminTurnsStatisticsAndTheLogOnThroughThePageAndEachIsAudited() throws Exception {
        Pid worker = node.pid("worker-1");
        open(admin, TestNode.ADMIN, TestNode.ADMIN_PASSWORD, "#/process/" + java.net.URLEncoder.encode(worker.toString(), "UTF-8"));
        admin.awaitUpdates("process", 1);
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            admin.click("#tab-statistics");
            Await.untilAsserted(() -> assertEquals("Turn statistics on", admin.text("#action-statistics")));
            admin.click("#action-statistics");
            Await.untilAsserted(() -> assertEquals("statistics on", admin.text("#action-result")));
            Await.untilAsserted(() -> assertTrue(admin.text("#stats-reductions").matches("[0-9][0-9,]*"), admin.text("#tab-panel")));
            assertTrue(Sys.getStatistics(worker).isPresent(), "statistics are on in the process");
            assertEquals("Turn statistics off", admin.text("#action-statistics"));
            admin.click("#tab-log");
            Await.untilAsserted(() -> assertEquals(1, admin.count("#action-log-on")));
            admin.click("#action-log-on");
            Await.untilAsserted(() -> assertEquals("log on", admin.text("#action-result"))); // the PUT answered
            GenServer.cast(worker, "logged-message");
            Await.untilAsserted(() -> assertTrue(Sys.getLog(worker).stream().anyMatch(e -> e.toString().contains("logged-message")),
                    "the sys log is on in the process"));
            admin.click("#tab-reload");
            Await.untilAsserted(() -> assertTrue(admin.text("#log-table").contains("logged-message"), admin.text("#tab-panel")));
            Await.untilAsserted(() -> {
                List<String> lines = audit.messages();
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("user=\"ops\" ")
                        && l.contains(" action=statistics target=\"" + worker + "\" result=ok status=200")), lines.toString());
                assertTrue(lines.stream().anyMatch(l -> l.startsWith("user=\"ops\" ")
                        && l.contains(" action=log target=\"" + worker + "\" result=ok status=200")), lines.toString());
            });
        }
    }

    @Test
    void theMonitorPageListsTheSystemMonitorsEventsLive() {
        Pid blocker = node.pid("blocker");
        GenServer.cast(blocker, "block");
        node.blockerGate.awaitEntered();
        try {
            for (int i = 0; i < TestNode.FLOOD; i++) { // held in a handler, it takes none: its mailbox crosses the alarm
                GenServer.cast(blocker, "queued-" + i);
            }
            Await.until("the blocker's long_message_queue alarm", () -> io.medic.runtime.monitor.SystemMonitor.events(node.node, 0, 1000)
                    .events().stream().anyMatch(e -> e instanceof io.medic.runtime.monitor.LongMessageQueue q && q.pid().equals(blocker)));
            open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/monitor");
            reader.awaitUpdates("monitor", 1);
            // the events before the page opened: replayed from the node's ring
            Await.untilAsserted(() -> assertTrue(reader.texts("#monitor-events details[data-type='long_message_queue'] summary").stream()
                    .anyMatch(t -> t.contains(blocker + " blocker") && t.contains("mailbox reached")), reader.text("#monitor-events")));
            String row = "#monitor-events details[data-type='long_schedule'][data-id]";
            Await.untilAsserted(() -> assertTrue(reader.texts(row + " summary").stream().anyMatch(t -> t.contains(blocker + " blocker")
                    && t.contains("one handler has run")), "the blocker's long handler: " + reader.text("#monitor-events")));
            assertEquals("live", reader.text("#monitor-live"));
            reader.js("window.__loadedOnce = 'yes'");
            reader.click(row + " summary");
            Await.untilAsserted(() -> assertTrue(reader.text(row + " pre.stack").contains("TestNode$Blocker.handleCast"),
                    reader.text(row)));
            reader.screenshot(SCREENSHOTS, "monitor");
        } finally {
            node.blockerGate.open();
        }
        // let go, it drains its mailbox: the alarm's end arrives live
        Await.untilAsserted(() -> assertTrue(reader.texts("#monitor-events details[data-type='long_message_queue'] summary").stream()
                .anyMatch(t -> t.contains(blocker + " blocker") && t.contains("alarm cleared")), reader.text("#monitor-events")));
        assertEquals("yes", reader.js("return window.__loadedOnce"), "the event came without a reload");
    }

    @Test
    void theOverloadPageShowsDropsBreakersAndValvesAndSortsThem() {
        open(reader, TestNode.READER, TestNode.READER_PASSWORD, "#/overload");
        reader.awaitUpdates("overload", 1);
        Pid shedder = node.pid("shedder");
        long dropped = shedder.entry().dropped();
        assertTrue(dropped > 0 && dropped <= TestNode.SHEDDER_SENT - TestNode.SHEDDER_CAPACITY, "dropped " + dropped);
        assertEquals(String.valueOf(dropped), reader.text("#overload-dropped"), "the node's dropped total");
        String row = "#mailbox-table tbody tr[data-pid='" + shedder + "']";
        assertTrue(reader.text(row + " td[data-col='pid']").startsWith(shedder + " shedder"), reader.text("#mailbox-table"));
        assertEquals(List.of(String.valueOf(dropped)), reader.attributes(row + " td[data-col='dropped']", "data-value"));
        assertEquals(shedder.entry().messageQueueLen() + " / " + TestNode.SHEDDER_CAPACITY,
                reader.text(row + " td[data-col='message_queue_len'] .bar-text"), "its queue against its capacity");
        assertEquals("open", reader.text("#breaker-table tbody tr[data-name='payments'] td[data-col='state']"));
        assertEquals("2 / 2", reader.text("#breaker-table tbody tr[data-name='payments'] td[data-col='failure_count']"));
        assertTrue(reader.text("#breaker-table tbody tr[data-name='payments'] td[data-col='owner']").startsWith(node.pid("cart").toString()));
        assertEquals("1 open or half-open", reader.text("#overload-breakers + .stat-note, #overload-breakers ~ .stat-note"));
        assertEquals(List.of("payments", "search"), reader.attributes("#breaker-table tbody tr", "data-name"), "by name");
        reader.click("#breaker-table button.sort[data-sort='failed']");
        Await.untilAsserted(() -> assertEquals("failed", reader.attributes("#breaker-table button.sort.active", "data-sort").get(0)));
        assertEquals(List.of("payments", "search"), reader.attributes("#breaker-table tbody tr", "data-name"), "by failures, most first");
        reader.click("#breaker-table button.sort[data-sort='state']");
        Await.untilAsserted(() -> assertEquals(List.of("search", "payments"), reader.attributes("#breaker-table tbody tr", "data-name"),
                "closed before open"));
        assertTrue(((String) reader.js("return location.hash")).contains("breakers=state"), "the sort is kept in the address");
        assertEquals(List.of("1"), reader.attributes("#valve-table tbody tr[data-name='db'] td[data-col='completed']", "data-value"));
        assertEquals("0 / 2", reader.text("#valve-table tbody tr[data-name='db'] td[data-col='running'] .bar-text"));
        reader.screenshot(SCREENSHOTS, "overload");
    }

    private static String firstRowPid() {
        List<String> pids = reader.attributes("#process-table tbody tr", "data-pid");
        return pids.isEmpty() ? "" : pids.get(0);
    }

    /** The ranked column's values, read in one script, are in descending order. */
    private static void assertSortedDescending(String attribute) {
        List<String> values = reader.attributes("#process-table td[data-col='" + attribute + "']", "data-value");
        assertFalse(values.isEmpty(), "rows for " + attribute);
        for (int i = 1; i < values.size(); i++) {
            assertTrue(Long.parseLong(values.get(i - 1)) >= Long.parseLong(values.get(i)), attribute + " descending: " + values);
        }
    }


    @Test
    void anAdminTracesAProcessLiveAndTheSessionIsAudited() throws Exception {
        Pid ticker = node.pid("ticker");
        open(admin, TestNode.ADMIN, TestNode.ADMIN_PASSWORD, "#/process/" + java.net.URLEncoder.encode(ticker.toString(), "UTF-8"));
        admin.awaitUpdates("process", 1);
        admin.click("#tab-trace");
        for (String kind : List.of("receive", "call", "cast", "exit", "restart")) {
            admin.click("#trace-kind-" + kind); // leaves info alone: the ticker's ticks
        }
        admin.js("document.getElementById('trace-count').value = '5'");
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit")) {
            admin.click("#trace-start");
            Await.untilAsserted(() -> assertEquals("count_reached", admin.attributes("#trace-status", "data-ended").get(0),
                    admin.text("#trace-status")));
            assertEquals(List.of("info", "info", "info", "info", "info"), admin.attributes("#trace-events tr", "data-kind"));
            assertEquals(List.of("1", "2", "3", "4", "5"), admin.attributes("#trace-events tr", "data-seq"));
            assertTrue(admin.texts("#trace-events td.trace-detail").stream().allMatch(t -> t.startsWith("java.lang.String \"tick\" → noreply in ")),
                    admin.texts("#trace-events td.trace-detail").toString());
            assertTrue(admin.text("#trace-status").contains("(5 events)"), admin.text("#trace-status"));
            Await.untilAsserted(() -> assertTrue(audit.messages().stream().anyMatch(l -> l.startsWith("user=\"ops\" ")
                    && l.contains(" action=trace_session ") && l.contains("result=ok")), audit.messages().toString()));
        }
        admin.js("document.getElementById('panel-sys').scrollIntoView()");
        admin.screenshot(SCREENSHOTS, "trace");

        // a session without a count within reach: Stop, or leaving the tab, ends it on the node
        admin.js("document.getElementById('trace-count').value = '10000'");
        admin.click("#trace-start");
        Await.untilAsserted(() -> assertEquals(1, io.medic.runtime.trace.Trace.sessions(node.node).size(), "a session runs"));
        Await.untilAsserted(() -> assertTrue(admin.count("#trace-events tr") > 0, admin.text("#tab-panel")));
        admin.click("#trace-stop");
        Await.untilAsserted(() -> assertEquals(List.of(), io.medic.runtime.trace.Trace.sessions(node.node), "the session ended"));
        admin.click("#trace-start");
        Await.untilAsserted(() -> assertEquals(1, io.medic.runtime.trace.Trace.sessions(node.node).size(), "a session runs"));
        admin.click("#tab-state");
        Await.untilAsserted(() -> assertEquals(List.of(), io.medic.runtime.trace.Trace.sessions(node.node), "leaving the tab ends it"));
        assertEquals(List.of(), io.medic.runtime.trace.Trace.hooked(node.node), "no process keeps a hook");
    }

    @Test
    void aTraceBeyondTheNodesCapsIsRefusedWithItsReason() throws Exception {
        open(admin, TestNode.ADMIN, TestNode.ADMIN_PASSWORD, "#/process/" + java.net.URLEncoder.encode(node.pid("hog").toString(), "UTF-8")
                + "?tab=trace");
        admin.awaitUpdates("process", 1);
        Await.untilAsserted(() -> assertEquals(1, admin.count("#trace-start")));
        admin.js("document.getElementById('trace-count').value = '20000'");
        admin.click("#trace-start");
        Await.untilAsserted(() -> assertTrue(admin.text("#trace-notice").startsWith("400 dangerous_combo: dangerous_combo limit_above_cap"),
                admin.text("#trace-notice")));
        assertEquals(List.of(), io.medic.runtime.trace.Trace.sessions(node.node));
        assertEquals(null, admin.attributes("#trace-start", "disabled").get(0), "the form can be sent again");
    }
}
