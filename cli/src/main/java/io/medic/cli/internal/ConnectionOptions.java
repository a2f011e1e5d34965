package io.medic.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * INTERNAL API. The global options that say which node to talk to and as whom — {@code --url},
 * {@code --node}, {@code --user}, {@code --cacert}, {@code --insecure} — accepted before or after the command's name, and
 * {@link #connect} that turns them into a {@link MedicClient}. The password is never an option (the
 * shell's history and {@code ps} would show it): it comes from {@code MEDIC_PASSWORD}, or from a prompt
 * without echo.
 */
public final class ConnectionOptions {
    /** The URL of a node started with the defaults (Akka Management's port, loopback). */
    public static final String DEFAULT_URL = "http://127.0.0.1:8558";
    public static final String URL_VARIABLE = "MEDIC_URL";
    public static final String USER_VARIABLE = "MEDIC_USER";
    public static final String PASSWORD_VARIABLE = "MEDIC_PASSWORD";

    @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The node's HTTP API: http(s)://host:port (default: $MEDIC_URL, else " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--node", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
            description = "Talk to this member of the --url node's cluster instead, as GET /medic/cluster/nodes names "
                    + "it (its base_url there); same user and TLS options (docs/cluster.md).")
    String node;

    @Option(names = {"-u", "--user"}, scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Authenticate as this user (default: $MEDIC_USER); the password comes from $MEDIC_PASSWORD, "
                    + "else a prompt without echo.")
    String user;

    @Option(names = "--cacert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "Trust the certificate(s) in this PEM file, and only them, for an https:// node "
                    + "(a self-signed node: export its certificate with keytool -exportcert -rfc).")
    Path cacert;

    @Option(names = {"-k", "--insecure"}, scope = ScopeType.INHERIT,
            description = "Do not check the https:// node's certificate or host name (a test node only: anyone on "
                    + "the way could read the password and the answers).")
    boolean insecure;

    /** The client these options describe; asks for the password if a user is given without one. */
    public MedicClient connect(Env env) {
        URI base = base(url != null ? url : env.variable(URL_VARIABLE).orElse(DEFAULT_URL));
        boolean https = base.getScheme().equals("https");
        if (cacert != null && insecure) {
            throw usage("--cacert and --insecure: give one of them, not both");
        }
        if (!https && (cacert != null || insecure)) {
            throw usage((cacert != null ? "--cacert" : "--insecure") + " applies to an https:// URL, and the URL is "
                    + base + ": use --url https://" + base.getAuthority() + " if the node serves HTTPS");
        }
        SSLContext tls = cacert != null ? trusting(cacert) : insecure ? trustingAnyone(env) : null;
        String name = user != null ? user : env.variable(USER_VARIABLE).orElse(null);
        if (name == null) {
            return member(new MedicClient(base, null, null, tls), env);
        }
        if (name.isEmpty() || name.indexOf(':') >= 0 || !Text.clean(name).equals(name)) {
            throw usage("--user: bad value '" + Text.clean(name) + "', expected a user name without ':' or control characters");
        }
        char[] password = password(env, name, base);
        try {
            if (!https && !isLoopback(base.getHost())) {
                env.err().println("medic: warning: sending the password of '" + Text.clean(name) + "' in clear text to "
                        + base + ": serve the node over HTTPS (docs/introspection.md, TLS)");
            }
            return member(new MedicClient(base, name, password, tls), env);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * {@code --node}: the client of that member of {@code client}'s cluster, found in its
     * {@code GET /medic/cluster/nodes}; {@code client} itself without {@code --node}.
     */
    private MedicClient member(MedicClient client, Env env) {
        if (node == null) {
            return client;
        }
        com.fasterxml.jackson.databind.JsonNode nodes = ClusterApi.nodes(client, null).path("nodes");
        java.util.List<String> names = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode n : nodes) {
            String name = n.path("node").asText();
            names.add(name);
            if (!name.equals(node.strip())) {
                continue;
            }
            if (!n.path("base_url").isTextual()) {
                throw new CliException(ExitCode.NODE_ERROR, "node " + Text.clean(name) + " serves no /medic HTTP API "
                        + "(no base_url in GET /medic/cluster/nodes of " + client.base() + "): start its management server");
            }
            URI member = base(n.path("base_url").asText());
            if (client.authenticates() && member.getScheme().equals("http") && !isLoopback(member.getHost())) {
                env.err().println("medic: warning: sending the password in clear text to " + member
                        + ": serve the node over HTTPS (docs/introspection.md, TLS)");
            }
            return client.at(member);
        }
        throw usage("--node: bad value '" + Text.clean(node) + "', expected a member of the cluster of " + client.base()
                + " as host:port, one of " + names);
    }

    /** The node's base URI from {@code --url}: http or https, a host, a port or the default one. */
    static URI base(String url) {
        String expected = "expected http://HOST:PORT or https://HOST:PORT, e.g. " + DEFAULT_URL;
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw usage("--url: bad value '" + Text.clean(url) + "', " + expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw usage("--url: bad value '" + Text.clean(url) + "', " + expected
                    + (uri.getRawUserInfo() != null ? " (no user:password in the URL: use --user and MEDIC_PASSWORD)" : ""));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (!(path.isEmpty() || path.equals("/") || path.equals("/medic") || path.equals("/medic/"))) {
            throw usage("--url: bad value '" + Text.clean(url) + "', " + expected + " (the /medic routes are found under it)");
        }
        return URI.create(scheme + "://" + uri.getRawAuthority());
    }

    private static char[] password(Env env, String name, URI base) {
        String fromEnv = env.variables().get(PASSWORD_VARIABLE);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return fromEnv.toCharArray();
        }
        char[] typed = env.prompt().read("Password of " + Text.clean(name) + " at " + base + ": ");
        if (typed == null) {
            throw new CliException(ExitCode.AUTH, "no password for user '" + Text.clean(name) + "': set "
                    + PASSWORD_VARIABLE + " (there is no terminal to ask on)");
        }
        return typed;
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** A TLS context that trusts the certificates of {@code file} (PEM or DER) and nothing else, like curl's. */
    private static SSLContext trusting(Path file) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw usage("--cacert: no such file '" + Text.clean(file.toString()) + "'");
        } catch (IOException | GeneralSecurityException e) {
            throw usage("--cacert: cannot read '" + Text.clean(file.toString()) + "' (" + Text.clean(String.valueOf(e.getMessage()))
                    + "), expected X.509 certificates in PEM (-----BEGIN CERTIFICATE-----) or DER");
        }
        if (certificates.isEmpty()) {
            throw usage("--cacert: no certificate in '" + Text.clean(file.toString())
                    + "', expected X.509 certificates in PEM (-----BEGIN CERTIFICATE-----) or DER");
        }
        try {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                trust.setCertificateEntry("cacert-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new CliException(ExitCode.USAGE, "--cacert: cannot use the certificates of '"
                    + Text.clean(file.toString()) + "': " + Text.clean(String.valueOf(e.getMessage())));
        }
    }

    /**
     * A TLS context that accepts any certificate for any host. An {@link X509ExtendedTrustManager} is the
     * JDK's place for both checks (the host name is checked by the default one), so this one skips both.
     */
    private static SSLContext trustingAnyone(Env env) {
        env.err().println("medic: warning: --insecure: the node's certificate and host name are not checked");
        TrustManager anyone = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {anyone}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no TLS context", e);
        }
    }

    private static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }
}
