package io.medic.introspection.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.medic.runtime.SettingsReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * INTERNAL API
 *
 * <p>The settings that make the management server safe to expose, read and validated together (every
 * problem reported at once, naming its path): TLS ({@code medic.http.tls}), whether a non-loopback bind
 * may go without TLS and authentication ({@code medic.http.allow-insecure-remote}), the login rate limit
 * ({@code medic.http.auth.rate-limit}) and the bound on PBKDF2 checks waiting
 * ({@code medic.http.auth.max-pending-verifications}). The keystore is opened here, so a wrong path or
 * password fails the start and names the setting. Immutable.
 *
 * @param tls                     the server's TLS context; null when TLS is off
 * @param allowInsecureRemote     a non-loopback bind without TLS and authentication only warns (default off)
 * @param rateLimit               failed-login limits
 * @param maxPendingVerifications PBKDF2 checks waiting or running at most (default 16)
 */
public record ServerSecurity(SSLContext tls, boolean allowInsecureRemote, LoginLimiter.Settings rateLimit,
                             int maxPendingVerifications) {
    /** Config path of the dispatcher PBKDF2 checks run on. */
    public static final String VERIFICATION_DISPATCHER = "medic.http.auth.verification-dispatcher";

    private static final String PATH = "medic.http";

    /** Reads the settings; {@code env} resolves {@code medic.http.tls.keystore-password-env}. */
    public static ServerSecurity fromConfig(Config config, Function<String, String> env) {
        SettingsReader r = new SettingsReader(config, PATH);
        Config c = config.getConfig(PATH);
        boolean allowInsecure = bool(c, r, "allow-insecure-remote");
        LoginLimiter.Settings rateLimit = LoginLimiter.Settings.read(r);
        int maxPending = r.integer("auth.max-pending-verifications", 1, 10_000);
        SSLContext tls = bool(c, r, "tls.enabled") ? tls(c, r, env) : null;
        r.throwIfInvalid("Medic HTTP server configuration");
        return new ServerSecurity(tls, allowInsecure, rateLimit, maxPending);
    }

    /**
     * Whether the server may bind to {@code host}: a loopback address always may; any other needs TLS
     * and authentication, or {@code allow-insecure-remote}. Answers what is missing ("" when nothing).
     */
    public String missingForRemote(String host, boolean authEnabled) {
        if (isLoopback(host)) {
            return "";
        }
        List<String> missing = new ArrayList<>();
        if (tls == null) {
            missing.add("TLS (medic.http.tls.enabled = on and a keystore)");
        }
        if (!authEnabled) {
            missing.add("authentication (users under medic.http.auth.users)");
        }
        return String.join(" and ", missing);
    }

    /** True when {@code host} resolves to a loopback address; a name that does not resolve is not loopback. */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    // ================================================================== private helpers

    private static SSLContext tls(Config c, SettingsReader r, Function<String, String> env) {
        String keystore = string(c, r, "tls.keystore");
        String type = string(c, r, "tls.keystore-type");
        String literal = string(c, r, "tls.keystore-password");
        String variable = string(c, r, "tls.keystore-password-env");
        if (keystore == null || type == null || literal == null || variable == null) {
            return null;
        }
        if (keystore.isBlank()) {
            r.error("tls.keystore", "missing, expected the path of a keystore holding the server's private key and "
                    + "certificate chain (medic.http.tls.enabled = on)");
            return null;
        }
        char[] password;
        if (!literal.isEmpty() && !variable.isEmpty()) {
            r.error("medic.http.tls.keystore-password and medic.http.tls.keystore-password-env are both set: give one");
            return null;
        } else if (!variable.isEmpty()) {
            String value = env.apply(variable);
            if (value == null) {
                r.error("tls.keystore-password-env", "the environment variable " + variable + " is not set");
                return null;
            }
            password = value.toCharArray();
        } else {
            password = literal.toCharArray(); // an empty password is a valid keystore password
        }
        try {
            return context(Path.of(keystore), type, password);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            r.error("tls.keystore", "cannot use keystore '" + keystore + "' (type " + type + "): " + e.getMessage());
            return null;
        }
    }

    private static SSLContext context(Path keystore, String type, char[] password)
            throws IOException, GeneralSecurityException {
        if (!Files.isReadable(keystore)) {
            throw new IllegalArgumentException("no readable file there");
        }
        KeyStore ks = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, password);
        }
        boolean hasKey = false;
        for (String alias : Collections.list(ks.aliases())) {
            hasKey |= ks.isKeyEntry(alias);
        }
        if (!hasKey) {
            throw new IllegalArgumentException("it holds no private key entry (only certificates)");
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static boolean bool(Config c, SettingsReader r, String path) {
        try {
            return c.getBoolean(path);
        } catch (ConfigException e) {
            r.error(path, "expected on or off");
            return false;
        }
    }

    private static String string(Config c, SettingsReader r, String path) {
        try {
            return c.getString(path);
        } catch (ConfigException e) {
            r.error(path, "expected a string");
            return null;
        }
    }
}
