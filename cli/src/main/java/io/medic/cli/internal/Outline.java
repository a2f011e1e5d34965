package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API. A JSON object as an operator reads it: one {@code key  value} line per field, keys of one
 * level aligned, nested objects indented under their name (recon's groups: meta, signals, location...),
 * short lists of plain values on one line, and a quantity whose name carries a unit ({@code _bytes},
 * {@code _us}, {@code _ms}) followed by its readable form.
 */
public final class Outline {
    /** A list of plain values longer than this is written one value per line. */
    static final int INLINE_LIST_CHARS = 60;
    private static final String INDENT = "  ";

    private Outline() {
    }

    /** The lines of {@code object}. */
    public static List<String> of(JsonNode object) {
        List<String> out = new ArrayList<>();
        write(object, "", out);
        return out;
    }

    private static void write(JsonNode object, String indent, List<String> out) {
        int keys = 0;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            keys = Math.max(keys, Text.clean(it.next()).length());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String key = Text.clean(f.getKey());
            JsonNode v = f.getValue();
            if (v.isObject()) {
                out.add(indent + key);
                write(v, indent + INDENT, out);
            } else if (v.isArray()) {
                array(indent, key, keys, v, out);
            } else {
                out.add(indent + Text.padRight(key, keys) + INDENT + scalar(key, v));
            }
        }
    }

    private static void array(String indent, String key, int keys, JsonNode v, List<String> out) {
        if (v.isEmpty()) {
            out.add(indent + Text.padRight(key, keys) + INDENT + "(none)");
            return;
        }
        boolean plain = true;
        StringBuilder joined = new StringBuilder();
        for (JsonNode e : v) {
            plain &= !e.isContainerNode();
            joined.append(joined.length() == 0 ? "" : ", ").append(plain ? scalar("", e) : "");
        }
        if (plain && joined.length() <= INLINE_LIST_CHARS) {
            out.add(indent + Text.padRight(key, keys) + INDENT + joined);
            return;
        }
        out.add(indent + key);
        for (JsonNode e : v) {
            if (e.isObject()) {
                List<String> item = new ArrayList<>();
                write(e, "", item);
                for (int i = 0; i < item.size(); i++) {
                    out.add(indent + INDENT + (i == 0 ? "- " : INDENT) + item.get(i));
                }
            } else {
                out.add(indent + INDENT + (e.isArray() ? Text.clean(e.toString()) : scalar("", e)));
            }
        }
    }

    /** A plain value; a quantity with a unit in its name gets its readable form after it. */
    static String scalar(String key, JsonNode v) {
        if (v.isNull() || v.isMissingNode()) {
            return Text.NONE;
        }
        String text = Text.clean(v.asText());
        if (!v.isIntegralNumber() || v.asLong() < 0) {
            return text;
        }
        long n = v.asLong();
        if (key.endsWith("_bytes") && n >= 1024) {
            return text + " (" + Units.bytes(n) + ")";
        }
        if (key.endsWith("_us") && n >= 1000) {
            return text + " (" + Units.micros(n) + ")";
        }
        if (key.endsWith("_ms") && n >= 1000) {
            return text + " (" + Units.millis(n) + ")";
        }
        return text;
    }
}
