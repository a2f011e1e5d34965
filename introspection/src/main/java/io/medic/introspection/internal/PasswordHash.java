package io.medic.introspection.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * INTERNAL API
 *
 * <p>A salted, slow password hash in a self-describing string:
 * {@code pbkdf2-sha256:<iterations>:<salt, base64>:<hash, base64>} — PBKDF2 with HMAC-SHA-256 from the
 * JDK ({@code PBKDF2WithHmacSHA256}), a 16-byte random salt and a 32-byte derived key. The iteration
 * count travels in the string, so hashes made with another count keep working when the default changes.
 * {@link #matches} compares with {@link MessageDigest#isEqual}, which takes the same time wherever the
 * keys differ.
 *
 * <p>Depends on the JDK only: {@code io.medic.introspection.HashPassword} uses it from a bare class
 * path. Immutable, thread-safe.
 *
 * <p>Cost: one {@link #matches} or {@link #hash} runs {@code iterations} HMAC-SHA-256 pairs, about
 * 0.15 to 0.4 s at {@link #DEFAULT_ITERATIONS} on one core of the 2-core build machine (approximate).
 */
public final class PasswordHash {
    /** The scheme name at the start of the string. */
    public static final String SCHEME = "pbkdf2-sha256";
    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    public static final int DEFAULT_ITERATIONS = 600_000;
    /** Fewer iterations are refused: they would make the hash cheap to attack. */
    public static final int MIN_ITERATIONS = 10_000;
    /** More iterations are refused: one login would take minutes. */
    public static final int MAX_ITERATIONS = 100_000_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int iterations;
    private final byte[] salt;
    private final byte[] key;

    private PasswordHash(int iterations, byte[] salt, byte[] key) {
        this.iterations = iterations;
        this.salt = salt;
        this.key = key;
    }

    /** Hashes {@code password} with a fresh random salt. */
    public static PasswordHash hash(char[] password, int iterations) {
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PasswordHash(iterations, salt, derive(password, salt, iterations, KEY_BYTES));
    }

    /**
     * A hash no password matches (with overwhelming probability): a random key under a random salt,
     * as slow to check as a real one with {@code iterations}. Made without a derivation.
     */
    public static PasswordHash unmatchable(int iterations) {
        checkIterations(iterations);
        byte[] salt = new byte[SALT_BYTES];
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(salt);
        RANDOM.nextBytes(key);
        return new PasswordHash(iterations, salt, key);
    }

    /**
     * Parses the string form.
     *
     * @throws IllegalArgumentException naming what is wrong (never echoing the hash itself)
     */
    public static PasswordHash parse(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("expected " + SCHEME + ":<iterations>:<salt, base64>:<hash, base64>"
                    + " (made by io.medic.introspection.HashPassword)");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("iterations: bad value '" + parts[1] + "', expected an integer from "
                    + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
        checkIterations(iterations);
        byte[] salt = base64(parts[2], "salt");
        byte[] key = base64(parts[3], "hash");
        if (salt.length < 8) {
            throw new IllegalArgumentException("salt: " + salt.length + " bytes, expected at least 8");
        }
        if (key.length < 16 || key.length > 64) {
            throw new IllegalArgumentException("hash: " + key.length + " bytes, expected 16 to 64");
        }
        return new PasswordHash(iterations, salt, key);
    }

    /** True when {@code password} is the one hashed; runs the full derivation whatever the answer. */
    public boolean matches(char[] password) {
        return MessageDigest.isEqual(key, derive(password, salt, iterations, key.length));
    }

    public int iterations() {
        return iterations;
    }

    /** The string form, {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}. */
    @Override
    public String toString() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + ":" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(key);
    }

    private static void checkIterations(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations: bad value " + iterations + ", expected an integer from "
                    + MIN_ITERATIONS + " to " + MAX_ITERATIONS);
        }
    }

    private static byte[] base64(String text, String what) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": not base64");
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every Java platform", e);
        } finally {
            spec.clearPassword();
        }
    }
}
