package io.medic.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * INTERNAL API. The CLI's one way to a node: GETs on its {@code /medic} routes (and the POST of a trace
 * session, whose answer is a stream) with the JDK's HTTP
 * client, answers read as JSON, and every failure — a refused connection, a TLS handshake, a 401, the
 * node's {@code {"error": ..., "message": ...}} — turned into one {@link CliException} whose message says
 * what happened and what to do. Thread-safe: {@code top} sends its requests concurrently.
 */
public final class MedicClient {
    /** How long to wait for a connection. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long to wait for an answer, beyond the window of a window route. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /** Characters of a non-JSON answer quoted in an error. */
    private static final int QUOTED_CHARS = 200;
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI base;
    private final String user;
    private final String authorization;

    /**
     * @param base     the node's URL, scheme, host and port only ({@code http://127.0.0.1:8558})
     * @param user     the user to authenticate as, or null
     * @param password its password (cleared by the caller after this call), or null
     * @param tls      the TLS context for {@code https}, or null for the JDK's default trust
     */
    MedicClient(URI base, String user, char[] password, SSLContext tls) {
        this.base = base;
        this.user = user;
        this.authorization = user == null ? null : basic(user, password);
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            b.sslContext(tls);
        }
        this.http = b.build();
    }

    private MedicClient(HttpClient http, URI base, String user, String authorization) {
        this.http = http;
        this.base = base;
        this.user = user;
        this.authorization = authorization;
    }

    /** A client of another node ({@code --node}: a member of the same cluster) with these credentials and TLS. */
    MedicClient at(URI otherBase) {
        return new MedicClient(http, otherBase, user, authorization);
    }

    /** Whether it authenticates (then its credentials travel with every request). */
    boolean authenticates() {
        return authorization != null;
    }

    /** The node's URL. */
    public URI base() {
        return base;
    }

    /** GET {@code target} (a path under the node, with its query), waiting at most {@link #ANSWER_TIMEOUT}. */
    public JsonNode get(String target) {
        return get(target, ANSWER_TIMEOUT);
    }

    /** GET {@code target}, waiting at most {@code timeout} for the answer. */
    public JsonNode get(String target, Duration timeout) {
        try {
            return getAsync(target, timeout).join();
        } catch (CompletionException e) {
            throw CliException.of(e);
        }
    }

    /** GET {@code target}; the stage fails with a {@link CliException}. */
    public CompletableFuture<JsonNode> getAsync(String target, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(target)).timeout(timeout)
                .header("Accept", "application/json").GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw unreachable(failure, target, timeout);
                    }
                    return answer(response.statusCode(), response.body(), "GET", target);
                });
    }

    /**
     * POSTs {@code json} to {@code target} and hands each line of a successful answer to {@code lines} as it
     * arrives, until the node ends the answer (a stream of server-sent events: {@code POST /medic/trace}).
     * The connection is waited for {@link #CONNECT_TIMEOUT}, the answer's start {@link #ANSWER_TIMEOUT};
     * the stream itself has no time limit (the node sends heartbeats, and ends it). An error answer is
     * thrown as for {@link #get}; so is a connection lost in the middle of the stream.
     */
    public void postStream(String target, String json, Consumer<String> lines) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(target)).timeout(ANSWER_TIMEOUT)
                .header("Accept", "text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<Stream<String>> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        } catch (IOException e) {
            throw unreachable(e, target, ANSWER_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.UNREACHABLE, "interrupted while waiting for " + base + " to answer POST " + target);
        }
        try (Stream<String> body = response.body()) {
            if (response.statusCode() / 100 != 2) {
                answer(response.statusCode(), body.collect(Collectors.joining("\n")), "POST", target);
                return;
            }
            body.forEach(lines);
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCode.UNREACHABLE, "the connection to " + base + " ended in the middle of the answer"
                    + " to POST " + target + " (" + Text.clean(rootMessage(e)) + ")");
        }
    }

    /** {@code s} as one path segment: every character but the unreserved ones percent-encoded (UTF-8). */
    public static String segment(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ answers

    private JsonNode answer(int status, String body, String method, String target) {
        JsonNode json = parse(body);
        if (status / 100 == 2) {
            if (json == null) {
                throw new CliException(ExitCode.NODE_ERROR, base + " answered " + method + " " + target
                        + " with something that is not JSON: is it a Medic node? (" + quote(body) + ")");
            }
            return json;
        }
        String code = json == null ? null : json.path("error").asText(null);
        String message = json == null ? null : Text.clean(json.path("message").asText(""));
        if (status == 401) {
            throw new CliException(ExitCode.AUTH, "unauthorized", user == null
                    ? "the node at " + base + " wants a user (401 unauthorized): pass --user NAME (or set MEDIC_USER) "
                            + "and set MEDIC_PASSWORD, or type the password when asked"
                    : "the node at " + base + " refused user '" + Text.clean(user) + "' with that password "
                            + "(401 unauthorized): check --user and MEDIC_PASSWORD");
        }
        if (code == null) {
            throw new CliException(ExitCode.NODE_ERROR, "HTTP " + status + " from " + base + " for " + method + " " + target
                    + (status == 404 ? " (is it a Medic node, of a version that has this route?)" : "")
                    + ": " + quote(body));
        }
        if (code.equals("locked_out")) {
            throw new CliException(ExitCode.AUTH, code, "the node at " + base + " refuses logins from this address "
                    + "for now (429 locked_out): " + message);
        }
        throw new CliException(ExitCode.NODE_ERROR, Text.clean(code), status + " " + Text.clean(code) + ": " + message);
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String quote(String body) {
        String first = body == null ? "" : body.strip();
        return first.isEmpty() ? "empty body" : "'" + Text.cut(Text.clean(first), QUOTED_CHARS) + "'";
    }

    // ------------------------------------------------------------------ failures to reach the node

    private CliException unreachable(Throwable failure, String target, Duration timeout) {
        Throwable t = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        String https = "https".equals(base.getScheme()) ? "" : " If the node serves HTTPS, use --url https://"
                + base.getAuthority() + ".";
        if (t instanceof HttpConnectTimeoutException) {
            return new CliException(ExitCode.UNREACHABLE, "no connection to " + base + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s: is the node running, and is this its URL?");
        }
        if (t instanceof HttpTimeoutException) {
            return new CliException(ExitCode.UNREACHABLE, "no answer from " + base + " to GET " + target + " within "
                    + timeout.toSeconds() + " s");
        }
        if (t instanceof ConnectException || causedBy(t, ConnectException.class)) {
            return new CliException(ExitCode.UNREACHABLE, "cannot connect to " + base + " (connection refused): is the "
                    + "node running, and is this its URL? Start the council demo with `java -jar "
                    + "demo-council/target/medic-demo-council.jar`, or point --url (or MEDIC_URL) at your node.");
        }
        if (causedBy(t, UnresolvedAddressException.class) || causedBy(t, java.net.UnknownHostException.class)) {
            return new CliException(ExitCode.UNREACHABLE, "cannot connect to " + base + ": unknown host '"
                    + Text.clean(base.getHost()) + "'");
        }
        if (t instanceof SSLHandshakeException && causedBy(t, CertificateException.class)) {
            return new CliException(ExitCode.UNREACHABLE, "the certificate of " + base + " is not trusted ("
                    + Text.clean(rootMessage(t)) + "): pass --cacert FILE with the node's certificate (PEM), or "
                    + "--insecure to skip the check");
        }
        if (t instanceof SSLException) {
            return new CliException(ExitCode.UNREACHABLE, "TLS with " + base + " failed (" + Text.clean(rootMessage(t))
                    + ")" + ("https".equals(base.getScheme()) ? ": if the node serves plain HTTP, use --url http://"
                    + base.getAuthority() : ""));
        }
        if (t instanceof IOException) {
            return new CliException(ExitCode.UNREACHABLE, "the connection to " + base + " ended without an answer to GET "
                    + target + " (" + Text.clean(rootMessage(t)) + ")." + https);
        }
        return CliException.of(t);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null ? root.getClass().getSimpleName() : m;
    }

    private static String basic(String user, char[] password) {
        byte[] u = (user + ":").getBytes(StandardCharsets.UTF_8);
        java.nio.ByteBuffer p = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
        byte[] both = new byte[u.length + p.remaining()];
        System.arraycopy(u, 0, both, 0, u.length);
        p.get(both, u.length, p.remaining());
        String header = "Basic " + Base64.getEncoder().encodeToString(both);
        java.util.Arrays.fill(both, (byte) 0);
        if (p.hasArray()) {
            java.util.Arrays.fill(p.array(), (byte) 0);
        }
        return header;
    }
}
