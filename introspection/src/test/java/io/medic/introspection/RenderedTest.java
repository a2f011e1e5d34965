package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.medic.runtime.RenderLimits;
import io.medic.runtime.Rendered;
import java.time.Instant;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The runtime's bounded renderer ({@link Rendered}), which the state routes and crash reports share,
 * read back with Jackson: every rendering must be one well-formed JSON value.
 */
class RenderedTest {
    private static final RenderLimits LIMITS = new RenderLimits(4, 5, 20, 2000);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A rendering, parsed; the parse fails the test if the text is not exactly one JSON value. */
    record Parsed(JsonNode value, String type, boolean truncated) {
    }

    private static Parsed render(Object value, RenderLimits limits) {
        Rendered r = Rendered.of(value, limits);
        try {
            return new Parsed(JSON.readTree(r.json()), r.type(), r.truncated());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.json(), e);
        }
    }

    private final Renderer renderer = v -> render(v, LIMITS);

    interface Renderer {
        Parsed render(Object value);
    }

    record Point(int x, int y) {
    }

    static class Base {
        private final String base = "b";
    }

    static final class Holder extends Base {
        private final int count = 3;
        private final Point point = new Point(1, 2);
        private final transient String note = "kept";
        private Holder self = this;
    }

    enum Colour { RED }

    @Test
    void recordsClassesAndScalars() {
        Parsed r = renderer.render(new Holder());
        JsonNode v = r.value();
        assertEquals("b", v.path("base").asText(), "superclass fields come first");
        assertEquals(3, v.path("count").asInt());
        assertEquals("{\"x\":1,\"y\":2}", v.path("point").toString());
        assertEquals("kept", v.path("note").asText());
        assertTrue(v.path("self").asText().startsWith("...(cycle"), v.toString());
        assertEquals(Holder.class.getName(), r.type());
        assertTrue(r.truncated(), "a cycle marker counts as truncation");

        assertEquals("RED", renderer.render(Colour.RED).value().asText());
        assertEquals(1.5, renderer.render(1.5).value().asDouble());
        assertEquals("NaN", renderer.render(Double.NaN).value().asText());
        assertEquals("7", renderer.render(new AtomicLong(7)).value().asText());
        assertEquals("2024-01-01T00:00:00Z", renderer.render(Instant.parse("2024-01-01T00:00:00Z")).value().asText());
        assertEquals(5, renderer.render(Optional.of(5)).value().asInt());
        assertTrue(renderer.render(null).value().isNull());
        assertFalse(renderer.render(List.of(1, 2)).truncated());
    }

    @Test
    void boundsAreApplied() {
        Parsed longString = renderer.render("x".repeat(100));
        assertTrue(longString.truncated());
        assertTrue(longString.value().asText().startsWith("x".repeat(20) + "...(80 more chars)"));
        // a value shown by its toString (here a JDK type) is cut once, and the count is of its own chars
        Parsed longToString = renderer.render(java.net.URI.create("http://h/" + "y".repeat(91)));
        assertTrue(longToString.truncated());
        assertEquals("http://h/" + "y".repeat(11) + "...(80 more chars)", longToString.value().asText());

        Parsed many = renderer.render(List.of(1, 2, 3, 4, 5, 6, 7, 8));
        assertEquals(6, many.value().size());
        assertEquals("...(3 more)", many.value().get(5).asText());
        assertTrue(many.truncated());

        Parsed array = renderer.render(new int[] {1, 2, 3, 4, 5, 6, 7});
        assertEquals("...(2 more)", array.value().get(5).asText());

        Object deep = List.of(List.of(List.of(List.of(List.of("bottom")))));
        Parsed d = renderer.render(deep);
        assertTrue(d.truncated());
        assertTrue(d.value().toString().contains("...(depth limit)"), d.value().toString());

        List<String> big = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            big.add("y".repeat(19));
        }
        List<List<String>> bytes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            bytes.add(big);
        }
        Parsed b = render(bytes, new RenderLimits(8, 100, 100, 300));
        assertTrue(b.truncated());
        assertTrue(b.value().toString().contains("...(byte limit)"), b.value().toString());
        assertTrue(b.value().toString().length() < 300 + 200, b.value().toString());
    }

    @Test
    void mapsWithAnyKeys() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put("a", 1);
        m.put(Colour.RED, 2);
        m.put(new Point(1, 2), 3);
        JsonNode v = renderer.render(m).value();
        assertEquals(1, v.path("a").asInt());
        assertEquals(2, v.path("RED").asInt());
        assertEquals(3, v.path("Point[x=1, y=2]").asInt());
    }

    @Test
    void aCollectionChangingUnderTheWalkIsCutNotFailed() {
        List<Integer> flaky = new ArrayList<>(List.of(1, 2, 3)) {
            @Override
            public Iterator<Integer> iterator() {
                Iterator<Integer> it = super.iterator();
                return new Iterator<>() {
                    int n;

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Integer next() {
                        if (++n == 2) {
                            throw new ConcurrentModificationException();
                        }
                        return it.next();
                    }
                };
            }
        };
        Parsed r = renderer.render(flaky);
        assertTrue(r.truncated());
        assertEquals(1, r.value().get(0).asInt());
        assertTrue(r.value().get(1).asText().contains("changed while read"), r.value().toString());
    }

    @Test
    void jdkInternalsAreRenderedByToString() {
        HashMap<String, Thread> threads = new HashMap<>();
        threads.put("t", new Thread(() -> { }, "worker-1"));
        JsonNode v = renderer.render(threads).value();
        assertTrue(v.path("t").asText().contains("worker-1"), v.toString());
    }

    @Test
    void textIsEscapedAsALogLineWouldBeAndStaysOneLineOfJson() {
        String nasty = "a\r\nforged=1\u2028\u202e\u0000\"q\\";
        Rendered r = Rendered.of(java.util.Map.of("k\n", nasty), LIMITS);
        assertFalse(r.json().chars().anyMatch(c -> c < 0x20 || c == 0x2028 || c == 0x202e), r.json());
        assertEquals(nasty, render(java.util.Map.of("k\n", nasty), LIMITS).value().path("k\n").asText());
        // a cut through a surrogate pair leaves no lone surrogate in the text
        String emoji = "x".repeat(19) + "\uD83D\uDE00";
        Rendered cut = Rendered.of(emoji, LIMITS);
        assertTrue(cut.json().contains("\\ud83d"), cut.json());
        assertEquals("x".repeat(19) + "\uD83D...(1 more chars)", render(emoji, LIMITS).value().asText());
    }

    @Test
    void aRenderingInsideAValueIsWrittenAsItIs() {
        Rendered inner = Rendered.of(new Point(3, 4), LIMITS);
        Parsed outer = render(java.util.List.of(inner, 5), LIMITS);
        assertEquals("[{\"x\":3,\"y\":4},5]", outer.value().toString());
    }

    @Test
    void badLimitsAreRefusedNamingTheBound() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RenderLimits(0, 5, 20, 2000));
        assertEquals("maxDepth: bad value 0, expected 1 to 100", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LIMITS.withMaxBytes(10));
        assertEquals("maxBytes: bad value 10, expected 256 or more", e.getMessage());
    }

    record Handles(io.medic.runtime.Node node, io.medic.runtime.ProcessEntry entry, io.medic.runtime.ports.Ports ports,
                   io.medic.runtime.Pid pid) {
    }

    /**
     * Handles to what the node owns print as Erlang prints a pid or a port, never walked into: their insides
     * (the process table, a socket's selector and log) are the node's and Medic's internals, not the value's.
     */
    @Test
    void handlesToWhatTheNodeOwnsPrintAsThemselvesNotTheirInsides() {
        io.medic.runtime.Node node = io.medic.runtime.Node.start("rendered-handles");
        try {
            io.medic.runtime.Pid pid = io.medic.runtime.GenServer.startSync(node, new io.medic.runtime.GenServer<Void>() {
                @Override
                protected Init<Void> init() {
                    return ok(null);
                }
            }, io.medic.runtime.SpawnOptions.DEFAULT, java.time.Duration.ofSeconds(30));
            Parsed p = render(new Handles(node, pid.entry(), io.medic.runtime.ports.Ports.of(node), pid),
                    new RenderLimits(8, 100, 1000, 100_000));
            assertEquals(pid.toString(), p.value().path("entry").asText(), p.value().toString());
            assertEquals(pid.toString(), p.value().path("pid").asText());
            assertEquals(node.toString(), p.value().path("node").asText());
            assertEquals("Ports(0 open)", p.value().path("ports").asText());
            assertFalse(p.value().toString().contains("io.medic"), p.value().toString());
        } finally {
            node.close();
        }
    }
}
