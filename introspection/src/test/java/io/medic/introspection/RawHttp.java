package io.medic.introspection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 spoken byte for byte over a socket: for requests no HTTP client would send (malformed request
 * lines, illegal header values) and for a chosen local address. Every request closes its connection.
 */
final class RawHttp {
    private static final int TIMEOUT_MS = 30_000;

    private RawHttp() {
    }

    /** A response as read off the wire: status, headers (names in lower case, last one wins) and body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends {@code head} (request line and headers, without the final empty line) plus Connection: close. */
    static Response send(URI base, String head) {
        return send(base, null, head);
    }

    /** As {@link #send(URI, String)}, from {@code localAddress} (e.g. 127.0.0.2) when not null. */
    static Response send(URI base, InetAddress localAddress, String head) {
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            String request = head + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return parse(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response parse(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.1 ") || end < 0) {
            throw new IllegalStateException("not an HTTP/1.1 response: " + raw);
        }
        String[] lines = raw.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(lines[0].substring(9, 12)), headers, raw.substring(end + 4));
    }
}
