package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
    private static Config config(String users) {
        return ConfigFactory.parseString("medic.http.auth { realm = \"medic\", users { " + users + " } }");
    }

    private static Optional<String> basic(String userPass) {
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void offWithoutUsers() {
        BasicAuth auth = BasicAuth.fromConfig(config(""));
        assertFalse(auth.enabled());
        assertEquals(BasicAuth.ANONYMOUS, auth.check(Optional.empty()).principal());
    }

    @Test
    void plainAndHashedPasswords() {
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
    }

    @Test
    void everyBadFormIsRefused() {
        BasicAuth auth = BasicAuth.fromConfig(config("ops { password = \"secret\", roles = [admin] }"));
        assertEquals("missing Authorization header", auth.check(Optional.empty()).refusal());
        assertEquals("empty Authorization header", auth.check(Optional.of(" ")).refusal());
        assertTrue(auth.check(Optional.of("Bearer x")).refusal().contains("scheme"));
        assertEquals("empty Basic credentials", auth.check(Optional.of("Basic ")).refusal());
        assertTrue(auth.check(Optional.of("Basic %%%")).refusal().contains("base64"));
        assertTrue(auth.check(basic("opssecret")).refusal().contains("user:password"));
        assertEquals("bad credentials", auth.check(basic("ops:wrong")).refusal());
        assertEquals("bad credentials", auth.check(basic("nobody:secret")).refusal());
        assertEquals("bad credentials", auth.check(basic(":secret")).refusal());
    }

    @Test
    void badConfigurationNamesEveryProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BasicAuth.fromConfig(config(
                "a { roles = [admin] }, b { password = \"x\", password-sha256 = \"00\" }, c { password-sha256 = \"xyz\" },"
                        + " d = 5, e { password = \"\" }")));
        String m = e.getMessage();
        assertTrue(m.contains("medic.http.auth.users.a: give exactly one of password or password-sha256"), m);
        assertTrue(m.contains("medic.http.auth.users.b: give exactly one"), m);
        assertTrue(m.contains("medic.http.auth.users.c.password-sha256: bad value 'xyz'"), m);
        assertTrue(m.contains("medic.http.auth.users.d: expected an object"), m);
        assertTrue(m.contains("medic.http.auth.users.e.password: bad value ''"), m);
    }
}
