package io.medic.introspection.internal;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.model.headers.WWWAuthenticate;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.medic.runtime.LogText;
import io.medic.runtime.SettingsReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>HTTP Basic authentication for the {@code /medic} routes, from {@code medic.http.auth}. Unlike Akka
 * Management 1.1.4's Java-DSL authenticator (which lets a request without credentials through,
 * CVE-2025-46548), every request must carry valid credentials once a user is configured: a missing or
 * empty header, another scheme, malformed base64, a missing colon, an unknown user and a wrong password
 * are all refused.
 *
 * <p>Each user has one of: {@code password-hash}, a salted PBKDF2 hash ({@link PasswordHash}, made by
 * {@code io.medic.introspection.HashPassword}); {@code password-sha256}, the unsalted SHA-256 of the
 * password (still loaded, with a warning); or {@code password} in clear (likewise). Comparisons take the
 * same time wherever the values differ ({@link MessageDigest#isEqual}); an unknown user is checked
 * against a dummy hash as slow as the slowest user's, so that it takes as long as a known one.
 *
 * <p>A PBKDF2 check costs a fraction of a second of CPU, so a successful one is remembered for
 * {@code verified-cache-ttl} (default 60 s; from the check, not renewed by use): a dashboard polling
 * every second costs one check a minute. The memory holds no password: the key is an HMAC-SHA-256 of
 * {@code user:password} under a random key made at start-up and never shown, and the value only the
 * expiry. Only successful checks enter it, and a user has one valid password, so it holds at most one
 * entry per configured user. Failed checks are never remembered: each costs a full derivation, and
 * {@link LoginLimiter} bounds how many an address gets.
 *
 * <p>Immutable configuration, thread-safe cache.
 */
public final class BasicAuth {
    /** The role the mutating routes require. */
    public static final String ADMIN = "admin";

    /** The command that prints a {@code password-hash}, as the warnings and errors name it. */
    public static final String HASH_COMMAND =
            "java -cp <medic-introspection or medic-demo-council jar> io.medic.introspection.HashPassword";

    private static final Logger LOG = LoggerFactory.getLogger("io.medic.introspection.http");
    private static final String PATH = "medic.http.auth";

    /** Who made a request: a user of {@code medic.http.auth}, or {@link #ANONYMOUS} when auth is off. */
    public record Principal(String name, Set<String> roles) {
        public boolean isAdmin() {
            return roles.contains(ADMIN);
        }
    }

    /** The principal of every request while no user is configured. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(ADMIN));

    /**
     * The outcome of a check: a principal, or why the request was refused.
     *
     * @param principal who authenticated; null when refused
     * @param refusal   why the request was refused, in words safe to send back; null when it was not
     * @param user      the user name the credentials claimed (for the log only); null when none could be read
     */
    public record Result(Principal principal, String refusal, String user) {
        public boolean ok() {
            return principal != null;
        }
    }

    /** Credentials read from a header, not checked yet; or why they could not be read. */
    static final class Attempt {
        private final String user;
        private final String password;
        private final String refusal;

        private Attempt(String user, String password, String refusal) {
            this.user = user;
            this.password = password;
            this.refusal = refusal;
        }

        String user() {
            return user;
        }

        @Override
        public String toString() {
            return refusal != null ? "Attempt(" + refusal + ")" : "Attempt(user " + LogText.quoted(user) + ")";
        }
    }

    /** How one user's password is checked. */
    private sealed interface Secret {
        boolean matches(String password);

        /** True when a check costs a key derivation (worth remembering, and run off the HTTP threads). */
        boolean slow();
    }

    private record Pbkdf2(PasswordHash hash) implements Secret {
        @Override
        public boolean matches(String password) {
            return hash.matches(password.toCharArray());
        }

        @Override
        public boolean slow() {
            return true;
        }
    }

    private record Sha256(byte[] digest) implements Secret {
        @Override
        public boolean matches(String password) {
            return MessageDigest.isEqual(digest, sha256(password));
        }

        @Override
        public boolean slow() {
            return false;
        }
    }

    private record User(String name, Secret secret, Set<String> roles) {
    }

    private final String realm;
    private final Map<String, User> users;
    private final Secret dummy;
    private final long cacheTtl;
    private final LongSupplier clock;
    private final byte[] cacheKey = new byte[32];
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    private BasicAuth(String realm, Map<String, User> users, Duration cacheTtl, LongSupplier clock) {
        this.realm = realm;
        this.users = users;
        this.dummy = slowest(users);
        this.cacheTtl = cacheTtl.toNanos();
        this.clock = clock;
        new SecureRandom().nextBytes(cacheKey);
    }

    /** Reads {@code medic.http.auth}; every bad entry is reported at once, naming its path. */
    public static BasicAuth fromConfig(Config config) {
        return fromConfig(config, System::nanoTime);
    }

    /** As {@link #fromConfig(Config)}, the cache's expiry read from {@code clock} (monotonic nanoseconds). */
    static BasicAuth fromConfig(Config config, LongSupplier clock) {
        Config c = config.getConfig(PATH);
        SettingsReader r = new SettingsReader(config, PATH);
        String realm = "medic";
        try {
            realm = c.getString("realm");
        } catch (ConfigException e) {
            r.error("realm", "expected a string");
        }
        Duration ttl = r.duration("verified-cache-ttl", Duration.ofSeconds(1), Duration.ofHours(1));
        Map<String, User> users = new LinkedHashMap<>();
        if (c.hasPath("users")) {
            Config usersConfig = c.getConfig("users");
            for (Map.Entry<String, ConfigValue> e : c.getObject("users").entrySet()) {
                User u = user(e.getKey(), e.getValue(), usersConfig, r);
                if (u != null) {
                    users.put(u.name(), u);
                }
            }
        }
        r.throwIfInvalid("Medic HTTP auth configuration");
        return new BasicAuth(realm, Map.copyOf(users), ttl, clock);
    }

    /** True when at least one user is configured: every /medic request must then authenticate. */
    public boolean enabled() {
        return !users.isEmpty();
    }

    public String realm() {
        return realm;
    }

    /**
     * Checks the raw {@code Authorization} header value (empty when the header is absent), on the
     * caller's thread: a PBKDF2 check not remembered costs its full derivation here.
     */
    public Result check(Optional<String> authorization) {
        Attempt a = parse(authorization);
        return quick(a).orElseGet(() -> verify(a));
    }

    /** The 401 answer to a refused request: Medic's JSON error and a Basic challenge for the realm. */
    public HttpResponse challenge(String refusal) {
        return Json.error(StatusCodes.UNAUTHORIZED, "unauthorized", "authentication required: " + refusal)
                .addHeader(WWWAuthenticate.create(HttpChallenge.create("Basic", realm, Map.of("charset", "UTF-8"))));
    }

    // ================================================================== the check in steps

    /** Reads the credentials of a header; no password is checked. */
    Attempt parse(Optional<String> authorization) {
        if (!enabled()) {
            return new Attempt(null, null, null);
        }
        if (authorization.isEmpty()) {
            return refused("missing Authorization header");
        }
        String value = authorization.get().trim();
        if (value.isEmpty()) {
            return refused("empty Authorization header");
        }
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        if (!scheme.equalsIgnoreCase("Basic")) {
            return refused("unsupported authorization scheme '" + cut(scheme) + "', expected Basic");
        }
        String token = space < 0 ? "" : value.substring(space + 1).trim();
        if (token.isEmpty()) {
            return refused("empty Basic credentials");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return refused("malformed Basic credentials: not base64");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return refused("malformed Basic credentials: expected user:password");
        }
        return new Attempt(decoded.substring(0, colon), decoded.substring(colon + 1), null);
    }

    /**
     * The result of an attempt when it costs no key derivation: auth off, unreadable credentials, a
     * remembered success, or a user whose check is fast. Empty when {@link #verify} must run.
     */
    Optional<Result> quick(Attempt a) {
        if (!enabled()) {
            return Optional.of(new Result(ANONYMOUS, null, null));
        }
        if (a.refusal != null) {
            return Optional.of(new Result(null, a.refusal, null));
        }
        User user = users.get(a.user);
        if (user != null && user.secret().slow() && remembered(a)) {
            return Optional.of(new Result(new Principal(user.name(), user.roles()), null, a.user));
        }
        Secret secret = user == null ? dummy : user.secret();
        return secret.slow() ? Optional.empty() : Optional.of(verify(a));
    }

    /** Checks the attempt's password, at its full cost; remembers a PBKDF2 success. */
    Result verify(Attempt a) {
        if (!enabled() || a.refusal != null) {
            return quick(a).orElseThrow();
        }
        User user = users.get(a.user);
        Secret secret = user == null ? dummy : user.secret();
        boolean match = secret.matches(a.password);
        if (user == null || !match) {
            return new Result(null, "bad credentials", a.user); // never say which of user or password was wrong
        }
        if (secret.slow()) {
            verified.put(cacheKey(a), clock.getAsLong() + cacheTtl);
        }
        return new Result(new Principal(user.name(), user.roles()), null, a.user);
    }

    /** Remembered successes (tests: the cache's bound). */
    int remembered() {
        return verified.size();
    }

    // ================================================================== private helpers

    private boolean remembered(Attempt a) {
        String k = cacheKey(a);
        Long expiry = verified.get(k);
        if (expiry == null) {
            return false;
        }
        if (expiry - clock.getAsLong() > 0) {
            return true;
        }
        verified.remove(k, expiry);
        return false;
    }

    private String cacheKey(Attempt a) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(cacheKey, "HmacSHA256"));
            mac.update(a.user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(a.password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    private static Attempt refused(String why) {
        return new Attempt(null, null, why);
    }

    /** Reads one user; reports its problems to {@code r} and answers null for an entry that is not an object. */
    private static User user(String name, ConfigValue value, Config usersConfig, SettingsReader r) {
        String path = "users." + name;
        if (value.valueType() != ConfigValueType.OBJECT) {
            r.error(path, "expected an object { password-hash = \"" + PasswordHash.SCHEME + ":...\", roles = [...] }");
            return null;
        }
        if (name.contains(":")) {
            r.error(path, "a user name cannot contain ':' (Basic credentials are user:password)");
        }
        Config u = usersConfig.getConfig(ConfigUtil.quoteString(name));
        Set<String> roles = Set.of();
        if (u.hasPath("roles")) {
            try {
                roles = Set.copyOf(u.getStringList("roles"));
            } catch (ConfigException ex) {
                r.error(path + ".roles", "expected a list of strings such as [\"admin\"]");
            }
        }
        return new User(name, secret(name, u, path, r), roles);
    }

    /** The user's one secret; warns about the weak forms. */
    private static Secret secret(String name, Config u, String path, SettingsReader r) {
        int given = (u.hasPath("password-hash") ? 1 : 0) + (u.hasPath("password-sha256") ? 1 : 0)
                + (u.hasPath("password") ? 1 : 0);
        if (given != 1) {
            r.error(path, "give exactly one of password-hash, password-sha256 or password");
            return null;
        }
        if (u.hasPath("password-hash")) {
            try {
                return new Pbkdf2(PasswordHash.parse(u.getString("password-hash")));
            } catch (IllegalArgumentException | ConfigException e) {
                r.error(path + ".password-hash", e.getMessage());
                return null;
            }
        }
        if (u.hasPath("password-sha256")) {
            String hex = u.getString("password-sha256").trim().toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                // the value is not echoed: it may be a password put in the wrong key
                r.error(path + ".password-sha256", "bad value (" + hex.length() + " characters, not shown), "
                        + "expected 64 hexadecimal digits (SHA-256 of the UTF-8 password)");
                return null;
            }
            LOG.warn("user {} of {} has an unsalted SHA-256 password (password-sha256), which is fast to attack "
                    + "if the configuration leaks: replace it with password-hash = the line printed by {}",
                    LogText.quoted(name), PATH, HASH_COMMAND);
            return new Sha256(HexFormat.of().parseHex(hex));
        }
        String pw = u.getString("password");
        if (pw.isEmpty()) {
            r.error(path + ".password", "bad value '', expected a non-empty password");
            return null;
        }
        LOG.warn("user {} of {} has a clear-text password (password): replace it with password-hash = the line "
                + "printed by {}", LogText.quoted(name), PATH, HASH_COMMAND);
        return new Sha256(sha256(pw));
    }

    /** A secret no password matches, as slow to check as the slowest user's. */
    private static Secret slowest(Map<String, User> users) {
        int iterations = 0;
        for (User u : users.values()) {
            if (u.secret() instanceof Pbkdf2 p) {
                iterations = Math.max(iterations, p.hash().iterations());
            }
        }
        if (iterations == 0) {
            return new Sha256(sha256("medic: no such user"));
        }
        return new Pbkdf2(PasswordHash.unmatchable(iterations));
    }

    private static String cut(String s) {
        return s.length() > 32 ? s.substring(0, 32) + "..." : s;
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
