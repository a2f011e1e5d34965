package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.introspection.internal.ServerSecurity;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading medic.http.tls and friends: every mistake fails the start, naming its setting. */
class ServerSecurityTest {
    @TempDir
    static Path dir;
    private static SelfSignedKeystore keystore;
    private static final Function<String, String> NO_ENV = name -> null;

    @BeforeAll
    static void keystore() throws Exception {
        keystore = SelfSignedKeystore.create(dir, "pw-from-env");
    }

    private static Config config(String hocon) {
        return ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference());
    }

    private static String error(String hocon, Function<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> ServerSecurity.fromConfig(config(hocon), env)).getMessage();
    }

    @Test
    void theDefaultsAreNoTlsAndNoInsecureRemote() {
        ServerSecurity s = ServerSecurity.fromConfig(config(""), NO_ENV);
        assertNull(s.tls());
        assertFalse(s.allowInsecureRemote());
        assertEquals(10, s.rateLimit().maxFailures());
        assertEquals(java.time.Duration.ofMinutes(1), s.rateLimit().window());
        assertEquals(java.time.Duration.ofMinutes(5), s.rateLimit().lockout());
        assertEquals(10_000, s.rateLimit().maxAddresses());
        assertEquals(16, s.maxPendingVerifications());
    }

    @Test
    void theKeystorePasswordMayComeFromAnEnvironmentVariable() {
        String hocon = "medic.http.tls { enabled = on, keystore = \"" + keystore.path() + "\", "
                + "keystore-password-env = \"MEDIC_TEST_PW\" }";
        ServerSecurity s = ServerSecurity.fromConfig(config(hocon), Map.of("MEDIC_TEST_PW", "pw-from-env")::get);
        assertNotNull(s.tls());
        assertEquals("medic.http.tls.keystore-password-env: the environment variable MEDIC_TEST_PW is not set",
                error(hocon, NO_ENV).replaceFirst("^invalid Medic HTTP server configuration: ", ""));
    }

    @Test
    void everyTlsMistakeNamesItsSetting() {
        assertTrue(error("medic.http.tls.enabled = on", NO_ENV).contains("medic.http.tls.keystore: missing"));
        String wrongPassword = error("medic.http.tls { enabled = on, keystore = \"" + keystore.path()
                + "\", keystore-password = \"nope\" }", NO_ENV);
        assertTrue(wrongPassword.contains("medic.http.tls.keystore: cannot use keystore '" + keystore.path() + "' (type PKCS12)"),
                wrongPassword);
        assertTrue(wrongPassword.toLowerCase().contains("password"), wrongPassword);
        assertFalse(wrongPassword.contains("nope"), "the password is not echoed: " + wrongPassword);
        assertTrue(error("medic.http.tls { enabled = on, keystore = \"/no/such/file.p12\" }", NO_ENV)
                .contains("cannot use keystore '/no/such/file.p12' (type PKCS12): no readable file there"));
        assertTrue(error("medic.http.tls { enabled = on, keystore = \"" + keystore.path()
                + "\", keystore-password = \"a\", keystore-password-env = \"B\" }", NO_ENV)
                .contains("medic.http.tls.keystore-password and medic.http.tls.keystore-password-env are both set"));
        String several = error("medic.http { allow-insecure-remote = maybe, auth.rate-limit.max-failures = 0 }", NO_ENV);
        assertTrue(several.contains("medic.http.allow-insecure-remote: expected on or off")
                && several.contains("medic.http.auth.rate-limit.max-failures: bad value 0"), several);
    }

    @Test
    void aRemoteBindNeedsTlsAndAuthentication() {
        ServerSecurity plain = ServerSecurity.fromConfig(config(""), NO_ENV);
        assertEquals("", plain.missingForRemote("127.0.0.1", false));
        assertEquals("", plain.missingForRemote("localhost", false));
        assertEquals("", plain.missingForRemote("::1", false));
        assertEquals("TLS (medic.http.tls.enabled = on and a keystore) and authentication (users under medic.http.auth.users)",
                plain.missingForRemote("0.0.0.0", false));
        assertEquals("TLS (medic.http.tls.enabled = on and a keystore)", plain.missingForRemote("0.0.0.0", true));
        ServerSecurity tls = ServerSecurity.fromConfig(config(keystore.config()), NO_ENV);
        assertEquals("authentication (users under medic.http.auth.users)", tls.missingForRemote("192.0.2.1", false));
        assertEquals("", tls.missingForRemote("192.0.2.1", true));
    }
}
