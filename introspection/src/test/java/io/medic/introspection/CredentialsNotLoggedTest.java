package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.medic.introspection.internal.PasswordHash;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No credential reaches any log, at any level: malformed and odd Authorization (and Proxy-Authorization)
 * headers are sent byte for byte while every logger of the JVM — Akka HTTP's included, Akka at DEBUG —
 * is captured. Akka HTTP 10.2.10 logs an Authorization header it cannot parse in full at WARN by default.
 */
@Timeout(120)
class CredentialsNotLoggedTest {
    private static final String SECRET = "s3cret-9f2c";

    @Test
    void malformedAndOddAuthorizationHeadersLeaveNoCredentialInTheLog() {
        String hash = PasswordHash.hash(SECRET.toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
        List<String> headers = new ArrayList<>(List.of(
                "Authorization: Basic ops:" + SECRET,                                   // clear text, not base64
                "Authorization: Basic " + b64("ops:" + SECRET) + " trailing",          // base64, then garbage
                "Authorization: Basic =" + b64("ops:" + SECRET + "-eq"),                // a token68 Akka refuses
                "Authorization: Basic " + b64("ops:" + SECRET + "-ctl") + "\u0001",     // an illegal character
                "Authorization: Basic " + b64("ops:wrong-" + SECRET),                  // well-formed, wrong
                "Authorization: Bearer " + SECRET + ";;;",
                "Authorization: Digest username=\"ops\", response=\"" + SECRET + "\", ,,",
                "Proxy-Authorization: Basic ops:" + SECRET,
                "Authorization: Basic " + b64("ops:" + SECRET + "-long") + "x".repeat(9000))); // beyond the header limit
        List<String> forms = List.of(SECRET, b64("ops:" + SECRET), b64("ops:" + SECRET + "-eq"), b64("ops:" + SECRET + "-ctl"),
                b64("ops:wrong-" + SECRET), b64("ops:" + SECRET + "-long"));
        List<Integer> statuses = new ArrayList<>();
        try (MedicHttp http = MedicHttp.start("credlog", String.join("\n",
                     "akka.loglevel = DEBUG",
                     "medic.http.auth.users.ops { password-hash = \"" + hash + "\", roles = [admin] }"));
             Expectation all = LogCapture.listenFrom("DEBUG", "");
             Expectation akka = LogCapture.listenFrom("DEBUG", "akka")) { // the test configuration sets akka to WARN
            for (String h : headers) {
                statuses.add(RawHttp.send(http.base, "GET /medic/node HTTP/1.1\r\nHost: x\r\n" + h).status());
            }
            assertEquals(all.count(), all.events().size(), "every event is kept, so every event is read");
            for (ILoggingEvent e : all.events()) {
                String text = text(e);
                for (String form : forms) {
                    assertFalse(text.contains(form), "a credential in the log: " + text);
                }
            }
            assertTrue(akka.events().stream().anyMatch(e -> e.getLevel() == Level.DEBUG),
                    "the capture sees Akka's debug events: " + akka.events().size() + " events");
            assertTrue(all.events().stream().anyMatch(e -> e.getLoggerName().equals("io.medic.audit")),
                    "and Medic's audit of the failed logins: " + all.events().size() + " events");
        }
        assertEquals(List.of(401, 401, 401, 400, 401, 401, 401, 401, 431), statuses);
    }

    /** An event's logger, formatted message, and its throwables' classes and messages. */
    private static String text(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        return b.toString();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
