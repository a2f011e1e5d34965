package io.medic.introspection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PKCS12 keystore with a fresh self-signed certificate for 127.0.0.1 and localhost, made by the JDK's
 * keytool exactly as docs/introspection.md tells a user to; and a client context that trusts it.
 */
record SelfSignedKeystore(Path path, String password, Certificate certificate) {

    /** Runs keytool (from this JVM's java.home) into {@code dir}. */
    static SelfSignedKeystore create(Path dir, String password) throws IOException, InterruptedException,
            GeneralSecurityException {
        Path path = dir.resolve("medic.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "medic",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=localhost",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", path.toString(), "-storepass", password))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            ks.load(in, password.toCharArray());
        }
        return new SelfSignedKeystore(path, password, ks.getCertificate("medic"));
    }

    /** A client TLS context that trusts this certificate alone. */
    SSLContext trustingClient() throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("medic", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** HOCON enabling TLS with this keystore. */
    String config() {
        return "medic.http.tls { enabled = on, keystore = \"" + path.toString().replace("\\", "/")
                + "\", keystore-password = \"" + password + "\" }";
    }
}
