package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes wrong before or around the node's answer: a bad command line (exit 2, before anything is
 * sent), no node at the URL (exit 3, with how to start the demo), something at the URL that is not a
 * Medic node, and HTTPS with a self-signed node (--cacert, --insecure, the wrong scheme). Each is one line
 * on standard error, without a stack trace.
 */
class ErrorsTest {

    @Test
    void aRefusedConnectionSaysWhichUrlAndHowToStartTheDemo() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed at once: nothing listens there now
        }
        String url = "http://127.0.0.1:" + port;
        for (List<String> command : List.of(List.of("top", "--once"), List.of("info", "x"), List.of("state", "x"),
                List.of("tree"), List.of("ports"), List.of("nodes"), List.of("top", "--cluster", "--once"))) {
            List<String> args = new java.util.ArrayList<>(command);
            args.addAll(List.of("--url", url));
            Cli.withSize(100, 30).run(args.toArray(String[]::new)).assertError(3, "cannot connect to " + url
                    + " (connection refused)", "java -jar demo-council/target/medic-demo-council.jar", "--url (or MEDIC_URL)");
        }
        Cli.withSize(100, 30).env("MEDIC_URL", url).run("tree").assertError(3, "cannot connect to " + url);
    }

    @Test
    void aBadCommandLineIsRefusedBeforeAnythingIsSent() {
        Cli cli = Cli.withSize(100, 30);
        cli.run("top", "--url", "ftp://example.org").assertError(2,
                "--url: bad value 'ftp://example.org', expected http://HOST:PORT or https://HOST:PORT");
        cli.run("top", "--url", "http://ops:secret@127.0.0.1:1").assertError(2, "no user:password in the URL");
        cli.run("top", "--interval", "0.5").assertError(2, "--interval: bad value '0.5', expected seconds from 1 to 60");
        cli.run("top", "--interval", "soon").assertError(2, "--interval: bad value 'soon'");
        cli.run("top", "--sort", "cpu").assertError(2, "--sort: bad value 'cpu', expected one of reductions, memory_bytes, "
                + "message_queue_len, messages_in, busy_time_us, allocated_bytes, restarts, ports, cpu_us, messages_out, "
                + "current_message_age_ms, oldest_message_age_ms, dropped");
        cli.run("top", "--limit", "0").assertError(2, "--limit: bad value 0, expected 1 to 1000");
        cli.run("top", "--once", "--iterations", "2").assertError(2, "--once and --iterations: give one of them");
        cli.run("top", "--width", "20").assertError(2, "--width: bad value 20, expected 40 to 1000");
        Cli.withSize(100, 30).env("COLUMNS", "wide").run("top").assertError(2, "COLUMNS: bad value 'wide'");
        cli.run("info").assertError(2, "Missing required parameter: 'PID'");
        cli.run("frobnicate").assertError(2, "unknown command 'frobnicate', expected one of top, nodes, info, state, tree, ports, trace, dump, help");
        cli.run("top", "--timeout", "1").assertError(2, "--timeout: applies to --cluster only");
        cli.run("top", "--cluster", "--timeout", "0").assertError(2, "--timeout: bad value '0', expected seconds from 0.001 to 60");
        cli.run("nodes", "--timeout", "forever").assertError(2, "--timeout: bad value 'forever'");
        cli.run().assertError(2, "a command is missing: top, nodes, info, state, tree, ports, trace or dump");
        cli.run("top", "--cacert", "nowhere.pem").assertError(2, "--cacert applies to an https:// URL");
        cli.run("tree", "--url", "https://127.0.0.1:1", "--cacert", "nowhere.pem").assertError(2,
                "--cacert: no such file 'nowhere.pem'");
    }

    @Test
    void somethingThatIsNotAMedicNodeIsNamedAsSuch() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] page = "<html>\u001b[31mnot here</html>".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Cli.Result r = Cli.withSize(100, 30).run("info", "x", "--url", url).assertError(1, "HTTP 404 from " + url
                    + " for GET /medic/processes/x (is it a Medic node, of a version that has this route?)", "'<html>?[31mnot here");
            assertTrue(!r.err().contains("\u001b"), "no escape sequence from the server reaches the terminal");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void httpsWithASelfSignedNodeNeedsItsCertificate(@TempDir Path dir) throws Exception {
        String password = "keystore-password";
        Path keystore = dir.resolve("medic.p12");
        Path pem = dir.resolve("medic.pem");
        keytool("-genkeypair", "-alias", "medic", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password);
        Files.write(pem, keytool("-exportcert", "-rfc", "-alias", "medic", "-keystore", keystore.toString(),
                "-storepass", password));
        try (TestNode node = TestNode.start("tls", "medic.http.tls { enabled = on, keystore = \""
                + keystore.toString().replace("\\", "/") + "\", keystore-password = \"" + password + "\" }", List.of())) {
            String url = node.url.toString();
            assertTrue(url.startsWith("https://"), url);

            Cli.Result trusted = Cli.withSize(100, 30).run("tree", "--url", url, "--cacert", pem.toString()).assertOk();
            assertTrue(trusted.out().startsWith("no applications and no supervisors on this node"), trusted.out());

            Cli.withSize(100, 30).run("tree", "--url", url).assertError(3, "the certificate of " + url + " is not trusted",
                    "pass --cacert FILE with the node's certificate (PEM), or --insecure");

            Cli.Result insecure = Cli.withSize(100, 30).run("tree", "--url", url, "--insecure").assertOk();
            assertTrue(insecure.err().contains("--insecure: the node's certificate and host name are not checked"),
                    insecure.err());

            String plain = url.replace("https://", "http://");
            Cli.withSize(100, 30).run("tree", "--url", plain).assertError(3, "the connection to " + plain,
                    "If the node serves HTTPS, use --url https://");

            Cli.withSize(100, 30).run("tree", "--url", url, "--cacert", keystore.toString())
                    .assertError(2, "--cacert:", "expected X.509 certificates in PEM");
        }
    }

    /** Runs the JDK's keytool, as docs/introspection.md tells a user to; its standard output. */
    private static byte[] keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool ended");
        assertEquals(0, p.exitValue(), "keytool " + String.join(" ", args));
        return out;
    }
}
