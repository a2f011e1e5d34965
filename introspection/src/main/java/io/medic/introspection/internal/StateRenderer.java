package io.medic.introspection.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.medic.runtime.Jvm;
import io.medic.runtime.Pid;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * INTERNAL API
 *
 * <p>Renders a process's state as JSON within bounds: nesting depth, elements per collection, string
 * length and total bytes ({@code medic.http.state}). Whatever does not fit is cut, with a marker string
 * in its place ({@code "...(37 more)"}, {@code "...(depth limit)"}, {@code "...(byte limit)"}), and
 * the rendering says {@code truncated}.
 *
 * <ul>
 *   <li>application classes and records: their instance fields (records: their components), read by
 *       reflection, superclass fields included, synthetic fields left out;</li>
 *   <li>any {@link Map}, {@link Collection}, array, {@link Optional}: walked through their public
 *       interface (never through JDK internals, which Java 17 does not let anyone reflect into);</li>
 *   <li>strings, numbers, booleans, characters, enums (their name), pids ({@code <0.N.0>});</li>
 *   <li>every other JDK, Scala or Akka type, lambdas and proxies: {@code toString()}, cut to the string
 *       bound — an {@code ActorRef} shows its path, never its mailbox;</li>
 *   <li>an object met again on the path from the root (a cycle): a marker.</li>
 * </ul>
 *
 * <p>The state is read on the caller's thread while the process may be changing it (a GenServer may
 * mutate its state in place): a collection that changes under the walk is cut with a marker rather
 * than failing the rendering. Cost: bounded by the limits — at most about {@code max-bytes} of output.
 * Thread-safe (each call has its own walk).
 */
public final class StateRenderer {

    /** A rendered state. */
    public record Rendered(JsonNode value, String type, boolean truncated) {
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int MAX_KEY_CHARS = 200;

    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return fieldsOf(type);
        }
    };

    private final HttpSettings.StateLimits limits;

    public StateRenderer(HttpSettings.StateLimits limits) {
        this.limits = limits;
    }

    /** Renders {@code root} within the bounds. */
    public Rendered render(Object root) {
        Walk w = new Walk();
        JsonNode value = w.value(root, 0);
        return new Rendered(value, root == null ? null : root.getClass().getName(), w.truncated);
    }

    private final class Walk {
        final IdentityHashMap<Object, Boolean> path = new IdentityHashMap<>();
        long bytes;
        boolean truncated;

        boolean full() {
            return bytes >= limits.maxBytes();
        }

        JsonNode marker(String what) {
            truncated = true;
            String s = "...(" + what + ")";
            bytes += s.length() + 2;
            return JSON.textNode(s);
        }

        JsonNode value(Object o, int depth) {
            if (o == null) {
                bytes += 4;
                return JSON.nullNode();
            }
            if (o instanceof CharSequence cs) {
                return text(cs);
            }
            if (o instanceof Boolean b) {
                bytes += 5;
                return JSON.booleanNode(b);
            }
            if (o instanceof Number n) {
                return number(n);
            }
            if (o instanceof Character c) {
                return text(String.valueOf(c));
            }
            if (o instanceof Enum<?> e) {
                return text(e.name());
            }
            if (o instanceof Pid p) {
                return text(p.toString());
            }
            if (o instanceof Class<?> c) {
                return text(c.getName());
            }
            if (o instanceof Optional<?> opt) {
                return value(opt.orElse(null), depth);
            }
            Class<?> type = o.getClass();
            boolean container = o instanceof Map<?, ?> || o instanceof Collection<?> || type.isArray();
            if (!container && (Jvm.isPlatformClass(type) || type.isSynthetic() || type.isHidden() || o instanceof Throwable
                    || java.lang.reflect.Proxy.isProxyClass(type) || o instanceof JsonNode)) {
                return text(safeToString(o));
            }
            if (depth >= limits.maxDepth()) {
                return marker("depth limit");
            }
            if (path.put(o, Boolean.TRUE) != null) {
                return marker("cycle: " + type.getName());
            }
            try {
                if (o instanceof Map<?, ?> m) {
                    return map(m, depth);
                }
                if (o instanceof Collection<?> c) {
                    return iterable(c.iterator(), c.size(), depth);
                }
                if (type.isArray()) {
                    return array(o, depth);
                }
                return object(o, type, depth);
            } finally {
                path.remove(o);
            }
        }

        private JsonNode text(CharSequence cs) {
            int max = limits.maxStringLength();
            String s;
            if (cs.length() > max) {
                truncated = true;
                s = cs.subSequence(0, max) + "...(" + (cs.length() - max) + " more chars)";
            } else {
                s = cs.toString();
            }
            bytes += s.length() + 2;
            return JSON.textNode(s);
        }

        private JsonNode number(Number n) {
            JsonNode node;
            if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
                node = JSON.numberNode(n.intValue());
            } else if (n instanceof Long) {
                node = JSON.numberNode(n.longValue());
            } else if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return text(String.valueOf(d));
                }
                node = JSON.numberNode(d);
            } else if (n instanceof BigInteger bi) {
                node = JSON.numberNode(bi);
            } else if (n instanceof BigDecimal bd) {
                node = JSON.numberNode(bd);
            } else {
                return text(safeToString(n)); // AtomicLong, LongAdder ...: their toString is their value
            }
            bytes += node.asText().length();
            return node;
        }

        private JsonNode map(Map<?, ?> m, int depth) {
            ObjectNode out = JSON.objectNode();
            bytes += 2;
            int max = limits.maxElements();
            int size = m.size();
            int n = 0;
            try {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (n >= max) {
                        out.set("...", marker((size - n) + " more"));
                        return out;
                    }
                    if (full()) {
                        out.set("...", marker("byte limit"));
                        return out;
                    }
                    String key = key(e.getKey());
                    bytes += key.length() + 4;
                    out.set(key, value(e.getValue(), depth + 1));
                    n++;
                }
            } catch (RuntimeException changed) {
                out.set("...", marker("changed while read: " + changed.getClass().getSimpleName()));
            }
            return out;
        }

        private String key(Object k) {
            String s = k instanceof Pid || k instanceof CharSequence || k instanceof Number || k instanceof Enum<?>
                    || k instanceof Boolean || k instanceof Character ? String.valueOf(k) : safeToString(k);
            if (s.length() > MAX_KEY_CHARS) {
                truncated = true;
                s = s.substring(0, MAX_KEY_CHARS) + "...";
            }
            return s;
        }

        private JsonNode iterable(Iterator<?> it, int size, int depth) {
            ArrayNode out = JSON.arrayNode();
            bytes += 2;
            int max = limits.maxElements();
            int n = 0;
            try {
                while (it.hasNext()) {
                    if (n >= max) {
                        out.add(marker(Math.max(1, size - n) + " more"));
                        return out;
                    }
                    if (full()) {
                        out.add(marker("byte limit"));
                        return out;
                    }
                    Object element = it.next();
                    bytes += 1;
                    out.add(value(element, depth + 1));
                    n++;
                }
            } catch (RuntimeException changed) {
                out.add(marker("changed while read: " + changed.getClass().getSimpleName()));
            }
            return out;
        }

        private JsonNode array(Object array, int depth) {
            ArrayNode out = JSON.arrayNode();
            bytes += 2;
            int length = Array.getLength(array);
            int max = limits.maxElements();
            for (int i = 0; i < length; i++) {
                if (i >= max) {
                    out.add(marker((length - i) + " more"));
                    break;
                }
                if (full()) {
                    out.add(marker("byte limit"));
                    break;
                }
                bytes += 1;
                out.add(value(Array.get(array, i), depth + 1));
            }
            return out;
        }

        private JsonNode object(Object o, Class<?> type, int depth) {
            Field[] fields = FIELDS.get(type);
            if (fields == null) {
                return text(safeToString(o)); // not readable (a named module): its toString
            }
            ObjectNode out = JSON.objectNode();
            bytes += 2;
            for (Field f : fields) {
                if (full()) {
                    out.set("...", marker("byte limit"));
                    break;
                }
                bytes += f.getName().length() + 4;
                Object v;
                try {
                    v = f.get(o);
                } catch (IllegalAccessException | RuntimeException e) {
                    out.set(f.getName(), marker("unreadable"));
                    continue;
                }
                out.set(f.getName(), value(v, depth + 1));
            }
            return out;
        }
    }

    /** The object's own {@code toString}, whole: the caller cuts it (and says how much it cut). */
    private static String safeToString(Object o) {
        try {
            return String.valueOf(o);
        } catch (RuntimeException e) {
            return "<toString failed: " + e.getClass().getSimpleName() + ">";
        }
    }

    /** The instance fields to render, records in component order; null if they cannot be read. */
    private static Field[] fieldsOf(Class<?> type) {
        List<Field> out = new ArrayList<>();
        try {
            if (type.isRecord()) {
                for (RecordComponent rc : type.getRecordComponents()) {
                    Field f = type.getDeclaredField(rc.getName());
                    f.setAccessible(true);
                    out.add(f);
                }
                return out.toArray(new Field[0]);
            }
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class && !Jvm.isPlatformClass(c); c = c.getSuperclass()) {
                chain.add(0, c); // superclass fields first
            }
            for (Class<?> c : chain) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                        continue;
                    }
                    f.setAccessible(true);
                    out.add(f);
                }
            }
            return out.toArray(new Field[0]);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

}
