package io.medic.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a node whose mutating routes are off (Akka Management's default), even an admin gets no
 * destructive button: the dashboard shows what the node allows, as LiveDashboard's
 * {@code allow_destructive_actions} would be false.
 */
@ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "clear-text password")
@ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "crash on purpose") // TestNode's crasher
@ExpectLog(level = "WARN", logger = "io.medic.monitor", message = "monitor ") // TestNode's flooded mailbox and blocker
@ExpectLog(level = "WARN", logger = "io.medic.overload", message = "dropped") // TestNode's shedder
class DashboardReadOnlyBrowserTest {
    private static TestNode node;
    private static Browser admin;

    @BeforeAll
    static void start() {
        Browser.requireChromium();
        node = TestNode.start("dashboard-ro", true);
        admin = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void anAdminOnAReadOnlyNodeGetsNoDestructiveButton() {
        String cart = URLEncoder.encode(node.pid("cart").toString(), StandardCharsets.UTF_8);
        admin.load(node.page(TestNode.ADMIN, TestNode.ADMIN_PASSWORD, "#/process/" + cart));
        admin.awaitUpdates("process", 1);
        assertEquals("ops · admin", admin.text("#user"));
        assertEquals("read-only", admin.text("#mode"));
        Await.untilAsserted(() -> assertTrue(admin.text("#state-json").contains("owner"), admin.text("#tab-panel")));
        assertEquals(0, admin.count("#process-actions button"), admin.text("#process-actions"));
        assertEquals(0, admin.count("#state-editor"), "no state editor");
        admin.click("#tab-log");
        Await.untilAsserted(() -> assertEquals(1, admin.count("#tab-body-log[data-loaded]")));
        assertEquals(0, admin.count("#action-log-on, #action-log-off"));
        assertEquals(0, admin.count("#tab-trace"), "no trace tab on a read-only node");
    }
}
