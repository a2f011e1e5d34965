package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.introspection.internal.PasswordHash;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failed logins over real HTTP: after max-failures from one address, its logins are answered 429 with
 * Retry-After without any password check — the right password included — while another address is not
 * affected; each failure is audited with the claimed user neutralised and never the password, and the
 * lock-out is logged once.
 */
@Timeout(120)
class LoginRateLimitTest {
    private static final String HASH = PasswordHash.hash("right-pw".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
    /** A user name that would forge a second audit line if logged raw. */
    private static final String FORGER = "mal\r\nuser=ops action=kill result=ok";

    @Test
    void failedLoginsLockTheAddressOutAndAreAudited() {
        try (Expectation audit = LogCapture.listen("INFO", "io.medic.audit");
             Expectation lockouts = LogCapture.expect("WARN", "io.medic.audit", "");
             MedicHttp http = MedicHttp.start("ratelimit", String.join("\n",
                     "medic.http.auth.users.ops { password-hash = \"" + HASH + "\", roles = [admin] }",
                     "medic.http.auth.rate-limit { max-failures = 5, window = 1m, lockout = 2m }"))) {
            assertEquals(200, http.get("/medic/node", "Authorization", MedicHttp.basic("ops", "right-pw")).status());
            for (int i = 0; i < 5; i++) {
                MedicHttp.Response r = http.get("/medic/node", "Authorization", MedicHttp.basic(FORGER, "guess-" + i));
                assertEquals(401, r.status(), "failure " + (i + 1) + ": " + r);
            }
            MedicHttp.Response locked = http.get("/medic/node", "Authorization", MedicHttp.basic("ops", "right-pw"));
            assertEquals(429, locked.status(), "locked out, the right password included: " + locked);
            assertEquals("locked_out", locked.error());
            assertTrue(locked.json().path("message").asText().contains("too many failed logins"), locked.toString());
            long retryAfter = Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter > 60 && retryAfter <= 120, "Retry-After: " + retryAfter);
            for (int i = 0; i < 150; i++) {
                assertEquals(429, http.get("/medic/node", "Authorization", MedicHttp.basic("ops", "more-" + i)).status());
            }
            assertEquals(401, http.get("/medic/node").status(), "no credentials: 401 as ever, nothing was checked");
            assertEquals(200, http.get("/ready").status(), "the health routes are not Medic's to lock");

            List<String> failures = audit.messages();
            assertEquals(5, failures.size(), "one audit line per failed login, none for the refused ones: " + failures);
            for (String line : failures) {
                assertTrue(line.startsWith("user=\"mal\\r\\nuser=ops action=kill result=ok\" remote=127.0.0.1:")
                        && line.contains(" action=login target=\"/medic/node\" result=unauthorized reason=\"bad credentials\""),
                        line);
                assertFalse(line.contains("\n") || line.contains("\r") || line.contains("guess-"), line);
            }
            assertEquals(1, lockouts.count(), "the lock-out is logged once: " + lockouts.messages());
            assertTrue(lockouts.messages().get(0).startsWith("remote=127.0.0.1 action=login result=locked_out failures=5"),
                    lockouts.messages().get(0));

            InetAddress other = InetAddress.getLoopbackAddress().getHostAddress().equals("127.0.0.1")
                    ? localAddress("127.0.0.2") : null;
            Assumptions.assumeTrue(other != null, "this host cannot send from 127.0.0.2");
            RawHttp.Response fromOther = RawHttp.send(http.base, other, "GET /medic/node HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: " + MedicHttp.basic("ops", "right-pw"));
            assertEquals(200, fromOther.status(), "another address has its own budget: " + fromOther);
        }
    }

    /** {@code address} if a socket can be bound to it here, else null. */
    private static InetAddress localAddress(String address) {
        try (Socket s = new Socket()) {
            InetAddress a = InetAddress.getByName(address);
            s.bind(new InetSocketAddress(a, 0));
            return a;
        } catch (IOException e) {
            return null;
        }
    }
}
