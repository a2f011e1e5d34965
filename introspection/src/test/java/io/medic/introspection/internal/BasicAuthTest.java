package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BasicAuthTest {
    private static final String OPS_HASH = PasswordHash.hash("secret".toCharArray(), PasswordHash.MIN_ITERATIONS).toString();

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger httpLogger = (Logger) LoggerFactory.getLogger("io.medic.introspection.http");

    @BeforeEach
    void captureWarnings() {
        log.start();
        httpLogger.addAppender(log);
        httpLogger.setAdditive(false); // the legacy-format warnings are expected: keep them out of the build output
    }

    @AfterEach
    void release() {
        httpLogger.detachAppender(log);
        httpLogger.setAdditive(true);
    }

    private static Config config(String users) {
        return config(users, "");
    }

    private static Config config(String users, String more) {
        return ConfigFactory.parseString("medic.http.auth { realm = \"medic\", users { " + users + " } }\n" + more)
                .withFallback(ConfigFactory.defaultReference());
    }

    private static Optional<String> basic(String userPass) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void offWithoutUsers() {
        BasicAuth auth = BasicAuth.fromConfig(config(""));
        assertFalse(auth.enabled());
        assertEquals(BasicAuth.ANONYMOUS, auth.check(Optional.empty()).principal());
    }

    @Test
    void pbkdf2HashesLoadSilentlyAndCheck() {
        BasicAuth auth = BasicAuth.fromConfig(config("ops { password-hash = \"" + OPS_HASH + "\", roles = [admin] }"));
        BasicAuth.Result ops = auth.check(basic("ops:secret"));
        assertTrue(ops.ok());
        assertTrue(ops.principal().isAdmin());
        assertEquals("bad credentials", auth.check(basic("ops:Secret")).refusal());
        assertEquals("ops", auth.check(basic("ops:Secret")).user(), "the claimed user is kept for the log");
        assertEquals("bad credentials", auth.check(basic("nobody:secret")).refusal());
        assertEquals(List.of(), warnings());
    }

    @Test
    void legacyFormsStillLoadWithAWarningNamingTheUserNotTheSecret() {
        String hex = HexFormat.of().formatHex(BasicAuth.sha256("pa:ss"));
        BasicAuth auth = BasicAuth.fromConfig(config(
                "ops { password = \"secret\", roles = [admin] }, \"dash.board\" { password-sha256 = \"" + hex.toUpperCase() + "\" }"));
        assertTrue(auth.enabled());
        BasicAuth.Result ops = auth.check(basic("ops:secret"));
        assertTrue(ops.ok());
        assertTrue(ops.principal().isAdmin());
        BasicAuth.Result dash = auth.check(basic("dash.board:pa:ss"));
        assertTrue(dash.ok(), "a password may contain ':'");
        assertEquals(Set.of(), dash.principal().roles());
        assertTrue(auth.check(Optional.of("basic " + Base64.getEncoder().encodeToString("ops:secret".getBytes()))).ok(),
                "the scheme is case-insensitive");

        List<String> w = warnings();
        assertEquals(2, w.size(), w.toString());
        String sha = w.stream().filter(m -> m.contains("\"dash.board\"")).findFirst().orElseThrow();
        assertTrue(sha.contains("unsalted SHA-256") && sha.contains("io.medic.introspection.HashPassword"), sha);
        assertFalse(sha.toLowerCase().contains(hex), "the hash is not logged: " + sha);
        String clear = w.stream().filter(m -> m.contains("\"ops\"")).findFirst().orElseThrow();
        assertTrue(clear.contains("clear-text password") && clear.contains("HashPassword"), clear);
        assertFalse(clear.contains("secret"), clear);
    }

    @Test
    void everyBadFormIsRefused() {
        BasicAuth auth = BasicAuth.fromConfig(config("ops { password-hash = \"" + OPS_HASH + "\", roles = [admin] }"));
        assertEquals("missing Authorization header", auth.check(Optional.empty()).refusal());
        assertEquals("empty Authorization header", auth.check(Optional.of(" ")).refusal());
        assertTrue(auth.check(Optional.of("Bearer x")).refusal().contains("scheme"));
        assertEquals("empty Basic credentials", auth.check(Optional.of("Basic ")).refusal());
        assertTrue(auth.check(Optional.of("Basic %%%")).refusal().contains("base64"));
        assertTrue(auth.check(basic("opssecret")).refusal().contains("user:password"));
        assertEquals("bad credentials", auth.check(basic("ops:wrong")).refusal());
        assertEquals("bad credentials", auth.check(basic("nobody:secret")).refusal());
        assertEquals("bad credentials", auth.check(basic(":secret")).refusal());
        assertEquals("bad credentials", auth.check(basic("ops:")).refusal());
    }

    @Test
    void aSuccessfulPbkdf2CheckIsRememberedUntilItsTtlAndAFailureNever() {
        AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
        BasicAuth auth = BasicAuth.fromConfig(config("ops { password-hash = \"" + OPS_HASH + "\" }",
                "medic.http.auth.verified-cache-ttl = 60s"), now::get);
        BasicAuth.Attempt right = auth.parse(basic("ops:secret"));
        BasicAuth.Attempt wrong = auth.parse(basic("ops:wrong"));
        assertTrue(auth.quick(right).isEmpty(), "not remembered yet: a derivation is due");
        assertFalse(auth.verify(wrong).ok());
        assertTrue(auth.quick(wrong).isEmpty(), "a failure is never remembered");
        assertEquals(0, auth.remembered());

        assertTrue(auth.verify(right).ok());
        for (int i = 0; i < 100; i++) { // a dashboard polling: each check is settled without a derivation
            now.addAndGet(Duration.ofMillis(500).toNanos());
            assertTrue(auth.quick(right).map(BasicAuth.Result::ok).orElse(false), "poll " + i);
            if (i == 10) {
                assertTrue(auth.verify(right).ok()); // a second derivation replaces, not adds
            }
        }
        assertEquals(1, auth.remembered(), "at most one entry per user");
        assertTrue(auth.quick(wrong).isEmpty(), "a success does not open the door to another password");

        now.addAndGet(Duration.ofSeconds(60).toNanos());
        assertTrue(auth.quick(right).isEmpty(), "past the ttl (counted from the check, not the last use) it is checked again");
        assertEquals(0, auth.remembered(), "the expired entry is dropped");
    }

    @Test
    void legacyUsersAndBadCredentialsNeverWaitForADerivation() {
        String hex = HexFormat.of().formatHex(BasicAuth.sha256("pw"));
        BasicAuth legacy = BasicAuth.fromConfig(config("old { password-sha256 = \"" + hex + "\" }"));
        assertTrue(legacy.quick(legacy.parse(basic("old:pw"))).orElseThrow().ok());
        assertFalse(legacy.quick(legacy.parse(basic("nobody:pw"))).orElseThrow().ok(),
                "with no PBKDF2 user, an unknown user costs what a known one does: a digest");
        BasicAuth modern = BasicAuth.fromConfig(config("ops { password-hash = \"" + OPS_HASH + "\" }"));
        assertTrue(modern.quick(modern.parse(basic("nobody:pw"))).isEmpty(),
                "an unknown user is checked against a dummy as slow as the slowest user");
        assertEquals("empty Basic credentials", modern.quick(modern.parse(Optional.of("Basic"))).orElseThrow().refusal());
    }

    @Test
    void badConfigurationNamesEveryProblemWithoutEchoingSecrets() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BasicAuth.fromConfig(config(
                "a { roles = [admin] }, b { password = \"x\", password-sha256 = \"00\" }, c { password-sha256 = \"my-password\" },"
                        + " d = 5, e { password = \"\" }, f { password-hash = \"pbkdf2-sha256:5:AAAA:AAAA\" }",
                "medic.http.auth.verified-cache-ttl = 0s")));
        String m = e.getMessage();
        assertTrue(m.contains("medic.http.auth.users.a: give exactly one of password-hash, password-sha256 or password"), m);
        assertTrue(m.contains("medic.http.auth.users.b: give exactly one"), m);
        assertTrue(m.contains("medic.http.auth.users.c.password-sha256: bad value (11 characters, not shown)"), m);
        assertFalse(m.contains("my-password"), "a password put in the wrong key is not echoed: " + m);
        assertTrue(m.contains("medic.http.auth.users.d: expected an object"), m);
        assertTrue(m.contains("medic.http.auth.users.e.password: bad value ''"), m);
        assertTrue(m.contains("medic.http.auth.users.f.password-hash: iterations: bad value 5"), m);
        assertTrue(m.contains("medic.http.auth.verified-cache-ttl: bad value 0s"), m);
    }
}
