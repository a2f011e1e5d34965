package io.medic.metrics;

import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A node serving /medic on a free loopback port, and a client that scrapes it. */
final class ScrapeHttp implements AutoCloseable {
    final Node node;
    final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private ScrapeHttp(Node node, URI base) {
        this.node = node;
        this.base = base;
    }

    /** Starts a node named {@code name}; {@code config} (HOCON) overrides the test defaults. */
    static ScrapeHttp start(String name, String config) {
        Node node = Node.start(name, ConfigFactory.parseString(config).withFallback(ConfigFactory.parseString(String.join("\n",
                "akka.management.http.hostname = \"127.0.0.1\"",
                "akka.management.http.port = 0",
                "medic.memory.refresh-interval = 10ms"))));
        try {
            return new ScrapeHttp(node, MedicManagement.start(node));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    record Response(int status, byte[] bytes, HttpHeaders headers) {
        String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }

    /** A GET of {@code path} with headers given as name, value, name, value ... */
    Response get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = client.send(b.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        node.close();
    }
}
