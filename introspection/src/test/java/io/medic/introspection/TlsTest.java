package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.introspection.internal.PasswordHash;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from medic.http.tls, with a keystore made by keytool in the test and a client that trusts its
 * certificate; and a non-loopback bind, which TLS with authentication makes acceptable.
 */
@Timeout(120)
class TlsTest {
    private static final String PASSWORD = PasswordHash.hash("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();
    private static final String OPS = MedicHttp.basic("ops", "s3cret");

    @TempDir
    static Path dir;
    private static SelfSignedKeystore keystore;
    private static MedicHttp http;
    private static HttpClient trusting;

    @BeforeAll
    static void start() throws Exception {
        keystore = SelfSignedKeystore.create(dir, "keystore-pw");
        http = MedicHttp.start("tls", keystore.config()
                + "\nmedic.http.auth.users.ops { password-hash = \"" + PASSWORD + "\", roles = [admin] }");
        trusting = HttpClient.newBuilder().sslContext(keystore.trustingClient()).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    @Test
    void theServerAnswersHttpsToAClientThatTrustsItsCertificate() throws Exception {
        assertEquals("https", http.base.getScheme(), http.base.toString());
        HttpResponse<String> r = trusting.send(HttpRequest.newBuilder(URI.create(http.base + "/medic/node"))
                .header("Authorization", OPS).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"node\""), r.body());
        HttpResponse<String> anonymous = trusting.send(HttpRequest.newBuilder(URI.create(http.base + "/medic/node")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertEquals(200, trusting.send(HttpRequest.newBuilder(URI.create(http.base + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "the health routes are served over TLS too");
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateAndPlainHttpGetNothing() {
        HttpClient defaults = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThrows(SSLHandshakeException.class, () -> defaults.send(HttpRequest.newBuilder(
                URI.create(http.base + "/medic/node")).build(), HttpResponse.BodyHandlers.ofString()));
        URI plain = URI.create("http://" + http.base.getHost() + ":" + http.base.getPort() + "/medic/node");
        assertThrows(IOException.class, () -> defaults.send(HttpRequest.newBuilder(plain).timeout(Duration.ofSeconds(10))
                .header("Authorization", OPS).build(), HttpResponse.BodyHandlers.ofString()), "no answer in clear text");
    }

    @Test
    void withTlsAndAuthenticationANonLoopbackBindStartsWithoutAWarning() throws Exception {
        try (Expectation warnings = LogCapture.expect("WARN", "io.medic.introspection.http", "");
             MedicHttp any = MedicHttp.start("tls-any", "akka.management.http.hostname = \"0.0.0.0\"\n" + keystore.config()
                     + "\nmedic.http.auth.users.ops { password-hash = \"" + PASSWORD + "\" }")) {
            assertEquals("https", any.base.getScheme());
            URI loopback = URI.create("https://127.0.0.1:" + any.base.getPort() + "/medic/node");
            assertEquals(200, trusting.send(HttpRequest.newBuilder(loopback).header("Authorization", OPS).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(0, warnings.count(), warnings.messages().toString());
        }
    }
}
