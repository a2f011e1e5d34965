package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashTest {
    private static final int FAST = PasswordHash.MIN_ITERATIONS;

    @Test
    void aHashIsSaltedSelfDescribingAndMatchesOnlyItsPassword() {
        PasswordHash h = PasswordHash.hash("correct horse".toCharArray(), FAST);
        String text = h.toString();
        assertTrue(text.matches("pbkdf2-sha256:10000:[A-Za-z0-9+/]{22}:[A-Za-z0-9+/]{43}"), text);
        PasswordHash parsed = PasswordHash.parse(text);
        assertTrue(parsed.matches("correct horse".toCharArray()));
        assertFalse(parsed.matches("correct horse ".toCharArray()));
        assertFalse(parsed.matches(new char[0]));
        assertEquals(FAST, parsed.iterations());
        assertNotEquals(text, PasswordHash.hash("correct horse".toCharArray(), FAST).toString(),
                "a fresh salt each time: the same password never hashes the same");
    }

    @Test
    void theIterationCountTravelsWithTheHash() {
        PasswordHash h = PasswordHash.hash("pw".toCharArray(), 12_345);
        assertTrue(h.toString().startsWith("pbkdf2-sha256:12345:"), h.toString());
        assertTrue(PasswordHash.parse(h.toString()).matches("pw".toCharArray()));
        assertEquals(600_000, PasswordHash.DEFAULT_ITERATIONS);
    }

    @Test
    void badStringsAreRefusedNamingThePart() {
        String salt = "AAAAAAAAAAAAAAAAAAAAAA";
        String key = "A".repeat(43);
        assertTrue(msg("sha256:1:2:3").startsWith("expected pbkdf2-sha256:<iterations>:"), msg("sha256:1:2:3"));
        assertTrue(msg("pbkdf2-sha256:many:" + salt + ":" + key).startsWith("iterations: bad value 'many'"));
        assertTrue(msg("pbkdf2-sha256:1000:" + salt + ":" + key).startsWith("iterations: bad value 1000, expected"));
        assertEquals("salt: not base64", msg("pbkdf2-sha256:10000:%%%:" + key));
        assertEquals("hash: 3 bytes, expected 16 to 64", msg("pbkdf2-sha256:10000:" + salt + ":AAAA"));
        assertEquals("salt: 3 bytes, expected at least 8", msg("pbkdf2-sha256:10000:AAAA:" + key));
        assertThrows(IllegalArgumentException.class, () -> PasswordHash.hash("x".toCharArray(), 9_999));
    }

    @Test
    void anUnmatchableHashHasTheCostButNoPassword() {
        PasswordHash u = PasswordHash.unmatchable(FAST);
        assertEquals(FAST, u.iterations());
        assertFalse(u.matches("".toCharArray()));
        assertFalse(u.matches("password".toCharArray()));
    }

    private static String msg(String text) {
        return assertThrows(IllegalArgumentException.class, () -> PasswordHash.parse(text)).getMessage();
    }
}
