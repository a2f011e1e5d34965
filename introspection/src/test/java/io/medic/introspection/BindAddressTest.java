package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.medic.testing.ExpectLog;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** The endpoint binds to loopback unless told otherwise, and says so loudly when told otherwise. */
@Timeout(60)
class BindAddressTest {
    private static final String LOGGER = "io.medic.introspection.http";
    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void captureLog() {
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(LOGGER)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(LOGGER)).detachAppender(log);
    }

    private List<ILoggingEvent> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
    }

    @Test
    void theDefaultIsLoopbackWithoutAWarning() {
        // only the port is set here: the hostname is Medic's node default
        try (MedicHttp http = MedicHttp.startWith("bind-default", "akka.management.http.port = 0")) {
            assertEquals("127.0.0.1", http.base.getHost(), http.base.toString());
            assertEquals(200, http.get("/medic/node").status());
            assertTrue(warnings().isEmpty(), "no warning for a loopback bind: " + warnings());
        }
    }

    @Test
    @ExpectLog(level = "WARN", logger = "io.medic.introspection.http", message = "not a loopback address")
    void aNonLoopbackBindIsWarnedAboutAtStartUp() {
        try (MedicHttp http = MedicHttp.start("bind-any", "akka.management.http.hostname = \"0.0.0.0\"")) {
            List<ILoggingEvent> w = warnings();
            assertEquals(1, w.size(), "one warning: " + log.list);
            String m = w.get(0).getFormattedMessage();
            assertTrue(m.contains("which is not a loopback address"), m); // the wildcard address, as the JDK prints it
            assertTrue(m.contains("akka.management.http.hostname") && m.contains("medic.http.auth"), m);
        }
    }
}
