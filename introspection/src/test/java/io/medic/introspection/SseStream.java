package io.medic.introspection;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A server-sent event stream read line by line, as a client reads it: events ({@code event:}, {@code id:},
 * {@code data:} lines up to a blank one), comments (heartbeats) skipped. Reads block until the server
 * writes.
 */
final class SseStream {
    /** One event: its type and its data, parsed as JSON. */
    record Event(String kind, long id, JsonNode data) {
    }

    private final Iterator<String> lines;
    private final List<Event> seen = new ArrayList<>();

    SseStream(Iterator<String> lines) {
        this.lines = lines;
    }

    static SseStream of(BufferedReader reader) {
        return new SseStream(reader.lines().iterator());
    }

    /** The next event, or null when the stream has ended. */
    Event next() {
        String kind = null;
        long id = -1;
        StringBuilder data = new StringBuilder();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (kind == null && data.length() == 0) {
                    continue; // after a comment
                }
                try {
                    Event e = new Event(kind, id, MedicHttp.JSON.readTree(data.toString()));
                    seen.add(e);
                    return e;
                } catch (IOException x) {
                    throw new UncheckedIOException("not JSON: " + data, x);
                }
            }
            if (line.startsWith(":")) {
                continue;
            }
            if (line.startsWith("event: ")) {
                kind = line.substring(7);
            } else if (line.startsWith("id: ")) {
                id = Long.parseLong(line.substring(4));
            } else if (line.startsWith("data: ")) {
                data.append(line.substring(6));
            } else {
                throw new IllegalStateException("not a server-sent event line: " + line);
            }
        }
        return null;
    }

    /** Reads until an event {@code until} accepts, and returns it. */
    Event until(Predicate<Event> until) {
        for (Event e = next(); e != null; e = next()) {
            if (until.test(e)) {
                return e;
            }
        }
        throw new AssertionError("the stream ended before the awaited event; it had " + seen);
    }

    /** Reads to the end: the last event (the session's end). */
    Event toEnd() {
        Event last = null;
        for (Event e = next(); e != null; e = next()) {
            last = e;
        }
        return last;
    }

    /** Every event read so far. */
    List<Event> seen() {
        return seen;
    }

    /** The events of {@code kind} read so far. */
    List<Event> seen(String kind) {
        return seen.stream().filter(e -> kind.equals(e.kind())).toList();
    }
}
