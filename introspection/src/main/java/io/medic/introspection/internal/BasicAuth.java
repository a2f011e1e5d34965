package io.medic.introspection.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.medic.runtime.SettingsReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * INTERNAL API
 *
 * <p>HTTP Basic authentication for the {@code /medic} routes, from {@code medic.http.auth}. Unlike Akka
 * Management 1.1.4's Java-DSL authenticator (which lets a request without credentials through,
 * CVE-2025-46548), every request must carry valid credentials once a user is configured: a missing or
 * empty header, another scheme, malformed base64, a missing colon, an unknown user and a wrong password
 * are all refused. Passwords are compared as SHA-256 digests with {@link MessageDigest#isEqual}, which
 * takes the same time wherever the digests differ; an unknown user is compared against a dummy digest
 * so that it takes as long as a known one. Passwords are kept only as digests. Immutable, thread-safe.
 */
public final class BasicAuth {
    /** The role the mutating routes require. */
    public static final String ADMIN = "admin";

    /** Who made a request: a user of {@code medic.http.auth}, or {@link #ANONYMOUS} when auth is off. */
    public record Principal(String name, Set<String> roles) {
        public boolean isAdmin() {
            return roles.contains(ADMIN);
        }
    }

    /** The principal of every request while no user is configured. */
    public static final Principal ANONYMOUS = new Principal("anonymous", Set.of(ADMIN));

    /** The outcome of a check: a principal, or why the request was refused. */
    public record Result(Principal principal, String refusal) {
        public boolean ok() {
            return principal != null;
        }
    }

    private record User(String name, byte[] sha256, Set<String> roles) {
    }

    private static final byte[] DUMMY = sha256("medic: no such user");

    private final String realm;
    private final Map<String, User> users;

    private BasicAuth(String realm, Map<String, User> users) {
        this.realm = realm;
        this.users = users;
    }

    /** Reads {@code medic.http.auth}; every bad entry is reported at once, naming its path. */
    public static BasicAuth fromConfig(Config config) {
        Config c = config.getConfig("medic.http.auth");
        SettingsReader r = new SettingsReader(config, "medic.http.auth");
        String realm = "medic";
        try {
            realm = c.getString("realm");
        } catch (ConfigException e) {
            r.error("realm", "expected a string");
        }
        Map<String, User> users = new LinkedHashMap<>();
        Config usersConfig = c.hasPath("users") ? c.getConfig("users") : null;
        if (usersConfig != null) {
            for (Map.Entry<String, ConfigValue> e : c.getObject("users").entrySet()) {
                String name = e.getKey();
                String path = "users." + name;
                if (e.getValue().valueType() != ConfigValueType.OBJECT) {
                    r.error(path, "expected an object { password = \"...\" | password-sha256 = \"...\", roles = [...] }");
                    continue;
                }
                Config u = usersConfig.getConfig(ConfigUtil.quoteString(name));
                boolean plain = u.hasPath("password");
                boolean hashed = u.hasPath("password-sha256");
                byte[] digest = null;
                if (plain == hashed) {
                    r.error(path, "give exactly one of password or password-sha256");
                } else if (plain) {
                    String pw = u.getString("password");
                    if (pw.isEmpty()) {
                        r.error(path + ".password", "bad value '', expected a non-empty password");
                    }
                    digest = sha256(pw);
                } else {
                    String hex = u.getString("password-sha256").trim().toLowerCase(Locale.ROOT);
                    if (!hex.matches("[0-9a-f]{64}")) {
                        r.error(path + ".password-sha256", "bad value '" + hex
                                + "', expected 64 hexadecimal digits (SHA-256 of the UTF-8 password)");
                    } else {
                        digest = HexFormat.of().parseHex(hex);
                    }
                }
                Set<String> roles = Set.of();
                if (u.hasPath("roles")) {
                    try {
                        roles = Set.copyOf(u.getStringList("roles"));
                    } catch (ConfigException ex) {
                        r.error(path + ".roles", "expected a list of strings such as [\"admin\"]");
                    }
                }
                if (name.contains(":")) {
                    r.error(path, "a user name cannot contain ':' (Basic credentials are user:password)");
                }
                users.put(name, new User(name, digest, roles));
            }
        }
        r.throwIfInvalid("Medic HTTP auth configuration");
        return new BasicAuth(realm, Map.copyOf(users));
    }

    /** True when at least one user is configured: every /medic request must then authenticate. */
    public boolean enabled() {
        return !users.isEmpty();
    }

    public String realm() {
        return realm;
    }

    /** Checks the raw {@code Authorization} header value (empty when the header is absent). */
    public Result check(Optional<String> authorization) {
        if (!enabled()) {
            return new Result(ANONYMOUS, null);
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
        String name = decoded.substring(0, colon);
        byte[] given = sha256(decoded.substring(colon + 1));
        User user = users.get(name);
        boolean match = MessageDigest.isEqual(user == null || user.sha256() == null ? DUMMY : user.sha256(), given);
        if (user == null || !match) {
            return refused("bad credentials"); // never say which of user or password was wrong
        }
        return new Result(new Principal(name, user.roles()), null);
    }

    private static Result refused(String why) {
        return new Result(null, why);
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
