package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The endpoint binds to loopback unless told otherwise; told otherwise, it refuses to start without TLS
 * and authentication, unless allowed to (then it warns).
 */
@Timeout(60)
class BindAddressTest {
    private Expectation warnings;

    @BeforeEach
    void captureWarnings() {
        warnings = LogCapture.expect("WARN", "io.medic.introspection.http", "");
    }

    @AfterEach
    void releaseWarnings() {
        warnings.close();
    }

    private List<String> warnings() {
        return warnings.messages();
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
    void aNonLoopbackBindWithoutTlsAndAuthenticationRefusesToStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MedicHttp.start("bind-any", "akka.management.http.hostname = \"0.0.0.0\""));
        String m = e.getMessage();
        assertTrue(m.contains("refusing to start") && m.contains("0.0.0.0") && m.contains("not a loopback address"), m);
        assertTrue(m.contains("akka.management.http.hostname") && m.contains("medic.http.tls.enabled")
                && m.contains("medic.http.auth.users") && m.contains("medic.http.allow-insecure-remote = on"), m);

        IllegalStateException noTls = assertThrows(IllegalStateException.class, () -> MedicHttp.start("bind-any-auth",
                "akka.management.http.hostname = \"0.0.0.0\"\nmedic.http.auth.users.ops { password-hash = \""
                        + io.medic.introspection.internal.PasswordHash.hash("pw".toCharArray(), 10_000) + "\" }"));
        assertTrue(noTls.getMessage().contains("without TLS (medic.http.tls.enabled = on and a keystore):"), noTls.getMessage());
        assertFalse(noTls.getMessage().contains("medic.http.auth.users"), "authentication is there: " + noTls.getMessage());
    }

    @Test
    void allowInsecureRemoteStartsItWithAWarning() {
        try (MedicHttp http = MedicHttp.start("bind-any-allowed", "akka.management.http.hostname = \"0.0.0.0\"\n"
                + "medic.http.allow-insecure-remote = on")) {
            List<String> w = warnings();
            assertEquals(1, w.size(), "one warning: " + w);
            String m = w.get(0);
            assertTrue(m.contains("which is not a loopback address") && m.contains("0.0.0.0"), m);
            assertTrue(m.contains("without TLS") && m.contains("authentication"), m);
            assertTrue(m.contains("medic.http.allow-insecure-remote = on"), m);
            assertEquals(200, http.get("/medic/node").status());
        }
    }
}
