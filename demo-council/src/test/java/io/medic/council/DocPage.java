package io.medic.council;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a page of {@code docs/} the way a reader does, so that tests can run what it shows: its
 * {@code java} blocks, and every {@code curl} command of its {@code sh} blocks.
 *
 * <p>How a {@code curl} command is read: from the word {@code curl} to the first unquoted {@code |},
 * {@code ;}, {@code &&}, {@code )} or end of line (a line ending in {@code \} goes on), with shell
 * quoting; the options understood are {@code -s}, {@code -N} (a stream: server-sent events, read to
 * their end), {@code -X METHOD}, {@code -H HEADER} and {@code -d BODY} (any other option fails the
 * test, so the page cannot use one the test ignores). The
 * URL is the word containing {@code localhost:8558}; {@code $n} in it is a member's name (the page's
 * loops run over every member). A command whose line carries the comment {@code # expected to fail}
 * must fail; every other must answer 2xx with a JSON body.
 */
public final class DocPage {
    static final String PAGE_AUTHORITY = "localhost:8558";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private DocPage() {
    }

    /** One {@code curl} command of a page. */
    public record Curl(int line, String text, String method, String url, Map<String, String> headers, String body,
                boolean expectedToFail, String section, boolean stream) {
        boolean perMember() {
            return url.contains("$n");
        }

        /** The path and query, e.g. {@code /medic/processes/Bravo/kill}, with {@code $n} as written. */
        String target() {
            int at = url.indexOf(PAGE_AUTHORITY);
            return url.substring(at + PAGE_AUTHORITY.length());
        }

        boolean isKill() {
            return method.equals("POST") && target().endsWith("/kill");
        }

        /** The process a {@code /medic/processes/{pid}/...} command is about, or null. */
        String process() {
            String t = target();
            if (!t.startsWith("/medic/processes/")) {
                return null;
            }
            String rest = t.substring("/medic/processes/".length());
            int end = rest.indexOf('/');
            return end < 0 ? rest : rest.substring(0, end);
        }

        HttpRequest request(URI base, String member) {
            String target = member == null ? target() : target().replace("$n", member);
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(target)).timeout(REQUEST_TIMEOUT);
            headers.forEach(b::header);
            HttpRequest.BodyPublisher publisher = body == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
            return b.method(method, publisher).build();
        }
    }

    /** The directory {@code docs/} of this repository (tests run in the module's directory). */
    public static Path docs() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs").resolve("council.md"))) {
                return dir.resolve("docs");
            }
        }
        throw new IllegalStateException("no docs/council.md above " + Path.of("").toAbsolutePath());
    }

    public static String read(String page) {
        try {
            return Files.readString(docs().resolve(page));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fenced blocks of one language, in page order. */
    public static List<String> blocks(String markdown, String language) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : markdown.split("\n", -1)) {
            String t = line.strip();
            if (current == null && t.equals("```" + language)) {
                current = new StringBuilder();
            } else if (current != null && t.equals("```")) {
                out.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        assertTrue(current == null, "an unclosed ```" + language + " block");
        return out;
    }

    /** Every curl command of the page's sh blocks, in page order, with the section (## heading) it is in. */
    public static List<Curl> curls(String markdown) {
        List<Curl> out = new ArrayList<>();
        String section = "";
        boolean inSh = false;
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String t = lines[i].strip();
            if (!inSh && t.startsWith("## ")) {
                section = t.substring(3).strip();
            }
            if (t.startsWith("```")) {
                inSh = !inSh && t.equals("```sh");
                continue;
            }
            if (!inSh) {
                continue;
            }
            int first = i;
            StringBuilder logical = new StringBuilder(lines[i]);
            while (logical.toString().endsWith("\\") && i + 1 < lines.length) {
                logical.setLength(logical.length() - 1);
                logical.append(' ').append(lines[++i].strip());
            }
            parseLine(first + 1, logical.toString(), section, out);
        }
        return out;
    }

    private static void parseLine(int lineNo, String line, String section, List<Curl> out) {
        List<String> tokens = new ArrayList<>(); // words; operators as "\0op"
        String comment = "";
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                assertTrue(end > 0, "line " + lineNo + ": unclosed quote: " + line);
                word = word == null ? new StringBuilder() : word;
                word.append(line, i + 1, end);
                i = end;
            } else if (Character.isWhitespace(c)) {
                word = flush(word, tokens);
            } else if (c == '#' && word == null) {
                comment = line.substring(i);
                break;
            } else if (c == '|' || c == ';' || c == ')' || c == '&' || (c == '$' && i + 1 < line.length()
                    && line.charAt(i + 1) == '(')) {
                word = flush(word, tokens);
                tokens.add("\0" + c);
                if (c == '$') {
                    i++;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        flush(word, tokens);
        boolean expectedToFail = comment.toLowerCase(java.util.Locale.ROOT).contains("expected to fail");
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).equals("curl")) {
                continue;
            }
            String method = "GET";
            String url = null;
            String body = null;
            Map<String, String> headers = new LinkedHashMap<>();
            boolean stream = false;
            int j = i + 1;
            for (; j < tokens.size() && !tokens.get(j).startsWith("\0"); j++) {
                String a = tokens.get(j);
                switch (a) {
                    case "-s" -> { }
                    case "-N", "-sN", "-Ns" -> stream = true;
                    case "-X" -> method = tokens.get(++j);
                    case "-H" -> {
                        String h = tokens.get(++j);
                        int colon = h.indexOf(':');
                        headers.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
                    }
                    case "-d" -> {
                        body = tokens.get(++j);
                        if (method.equals("GET")) {
                            method = "POST";
                        }
                    }
                    default -> {
                        if (a.startsWith("-")) {
                            fail("line " + lineNo + ": curl option " + a + " is not understood by the page test: "
                                    + line);
                        }
                        assertTrue(a.contains(PAGE_AUTHORITY), "line " + lineNo + ": the URL must be on "
                                + PAGE_AUTHORITY + ", got " + a);
                        url = a;
                    }
                }
            }
            assertTrue(url != null, "line " + lineNo + ": curl without a URL: " + line);
            out.add(new Curl(lineNo, line.strip(), method, url, headers, body, expectedToFail, section, stream));
            i = j - 1;
        }
    }

    private static StringBuilder flush(StringBuilder word, List<String> tokens) {
        if (word != null) {
            tokens.add(word.toString());
        }
        return null;
    }

    /** Sends one request; the body parsed as JSON (null when it is not JSON). */
    public static Answer send(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(r.body());
        } catch (IOException e) {
            json = null;
        }
        return new Answer(r.statusCode(), r.body(), json);
    }

    /**
     * The {@code data} of each server-sent event of a {@code text/event-stream} body, parsed as JSON,
     * in order (comments, {@code event:} and {@code id:} lines skipped; one {@code data:} line per event).
     */
    public static List<JsonNode> events(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("data:")) {
                try {
                    out.add(JSON.readTree(line.substring("data:".length()).strip()));
                } catch (IOException e) {
                    fail("not JSON in a server-sent event: " + line);
                }
            }
        }
        return out;
    }

    public record Answer(int status, String body, JsonNode json) {
        boolean ok() {
            return status / 100 == 2 && json != null && (json.isObject() || json.isArray());
        }
    }

    public static JsonNode getJson(HttpClient http, URI uri) {
        try {
            Answer a = send(http, HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build());
            assertTrue(a.ok(), "GET " + uri + ": " + a.status() + " " + a.body());
            return a.json();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void assertJsonObject(Answer a, Curl c, String member) {
        assertEquals(2, a.status() / 100, "line " + c.line() + (member == null ? "" : " ($n = " + member + ")")
                + ": " + c.text() + "\n  answered " + a.status() + " " + a.body());
        assertTrue(a.ok(), "line " + c.line() + ": not a JSON object: " + a.body());
    }

    /**
     * Runs every curl command of a page in order against {@code base} (a page with no {@code $n}
     * loops and no kills): each answers 2xx with JSON, or fails if it is marked so. Returns the commands.
     */
    public static List<String> runEveryCurl(HttpClient http, URI base, String markdown)
            throws IOException, InterruptedException {
        List<String> ran = new ArrayList<>();
        for (Curl c : curls(markdown)) {
            assertTrue(!c.perMember() && !c.isKill(), "line " + c.line() + ": not a simple command: " + c.text());
            Answer a = send(http, c.request(base, null));
            if (c.expectedToFail()) {
                assertTrue(!a.ok(), "line " + c.line() + " is marked expected to fail, but answered " + a.status());
            } else {
                assertJsonObject(a, c, null);
            }
            ran.add(c.text());
        }
        return ran;
    }
}
