package io.medic.runtime.internal;

import io.medic.runtime.Jvm;
import io.medic.runtime.LogText;
import io.medic.runtime.Pid;
import io.medic.runtime.RenderLimits;
import io.medic.runtime.Rendered;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * INTERNAL API
 *
 * <p>The one bounded renderer of values as JSON text ({@link Rendered#of}): the state routes of the
 * introspection module and the crash reports of the runtime both go through it. It writes the text
 * directly (no tree), counting the bytes it wrote against {@link RenderLimits#maxBytes()}; see
 * {@link Rendered} for what it shows and how it cuts. Stateless; each call has its own walk.
 */
public final class JsonRender {
    private static final int MAX_KEY_CHARS = 200;

    /** The instance fields to render, by name, superclass fields first (a field hidden by a subclass field shows the subclass's); null if unreadable. */
    private static final ClassValue<Field[]> FIELDS = new ClassValue<>() {
        @Override
        protected Field[] computeValue(Class<?> type) {
            return fieldsOf(type);
        }
    };

    private JsonRender() {
    }

    /** See {@link Rendered#of}. */
    public static Rendered render(Object root, RenderLimits limits) {
        Walk w = new Walk(limits);
        w.value(root, 0);
        return new Rendered(root == null ? null : root.getClass().getName(), w.out.toString(), w.truncated);
    }

    private static final class Walk {
        final RenderLimits limits;
        final StringBuilder out = new StringBuilder(64);
        final IdentityHashMap<Object, Boolean> path = new IdentityHashMap<>();
        boolean truncated;

        Walk(RenderLimits limits) {
            this.limits = limits;
        }

        boolean full() {
            return out.length() >= limits.maxBytes();
        }

        void marker(String what) {
            truncated = true;
            string("...(" + what + ")");
        }

        void value(Object o, int depth) {
            if (o == null) {
                out.append("null");
            } else if (o instanceof CharSequence cs) {
                text(cs);
            } else if (o instanceof Boolean b) {
                out.append(b.booleanValue());
            } else if (o instanceof Number n) {
                number(n);
            } else if (o instanceof Character c) {
                text(String.valueOf(c));
            } else if (o instanceof Enum<?> e) {
                text(e.name());
            } else if (o instanceof Pid p) {
                text(p.toString());
            } else if (o instanceof Class<?> c) {
                text(c.getName());
            } else if (o instanceof Optional<?> opt) {
                value(opt.orElse(null), depth);
            } else if (o instanceof Rendered r) {
                rendered(r);
            } else {
                composite(o, depth);
            }
        }

        /**
         * A handle to something the node owns, printed as Erlang prints a port or a reference, never walked
         * into: its insides are the node's (the socket's buffers, the process table), not the value's, and
         * their classes are Medic's internals.
         */
        private static String handle(Object o) {
            if (o instanceof io.medic.runtime.ProcessEntry e) {
                return e.pid().toString();
            }
            if (o instanceof io.medic.runtime.ports.PortEntry || o instanceof io.medic.runtime.MonitorRef
                    || o instanceof io.medic.runtime.Node || o instanceof io.medic.runtime.ports.Ports) {
                return o.toString(); // #Port<0.N>, #Monitor<...>, Node(...), Ports(...)
            }
            if (o instanceof io.medic.runtime.From) {
                return "#From";
            }
            return o instanceof io.medic.runtime.Registry ? "#Registry" : "#ProcessTable";
        }

        /** A rendering met inside the value: its JSON as it is, if it fits. */
        private void rendered(Rendered r) {
            if (out.length() + r.json().length() > limits.maxBytes()) {
                marker("byte limit");
                return;
            }
            out.append(r.json());
            truncated |= r.truncated();
        }

        private void composite(Object o, int depth) {
            Class<?> type = o.getClass();
            if (SizeEstimator.isHandle(type)) {
                text(handle(o));
                return;
            }
            boolean container = o instanceof Map<?, ?> || o instanceof Collection<?> || type.isArray();
            if (!container && (Jvm.isPlatformClass(type) || type.isSynthetic() || type.isHidden()
                    || o instanceof Throwable || java.lang.reflect.Proxy.isProxyClass(type))) {
                text(safeToString(o));
                return;
            }
            if (depth >= limits.maxDepth()) {
                marker("depth limit");
                return;
            }
            if (path.put(o, Boolean.TRUE) != null) {
                marker("cycle: " + type.getName());
                return;
            }
            try {
                if (o instanceof Map<?, ?> m) {
                    map(m, depth);
                } else if (o instanceof Collection<?> c) {
                    iterable(c.iterator(), c.size(), depth);
                } else if (type.isArray()) {
                    array(o, depth);
                } else {
                    object(o, type, depth);
                }
            } finally {
                path.remove(o);
            }
        }

        private void text(CharSequence cs) {
            int max = limits.maxStringLength();
            if (cs.length() > max) {
                truncated = true;
                string(cs.subSequence(0, max) + "...(" + (cs.length() - max) + " more chars)");
            } else {
                string(cs);
            }
        }

        private void number(Number n) {
            if (n instanceof Integer || n instanceof Short || n instanceof Byte || n instanceof Long
                    || n instanceof BigInteger || n instanceof BigDecimal) {
                out.append(n);
            } else if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    text(String.valueOf(d));
                } else {
                    out.append(d);
                }
            } else {
                text(safeToString(n)); // AtomicLong, LongAdder ...: their toString is their value
            }
        }

        private void map(Map<?, ?> m, int depth) {
            out.append('{');
            int max = limits.maxElements();
            int size = m.size();
            int n = 0;
            Set<String> keys = new HashSet<>();
            try {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (n >= max) {
                        member(n, "...");
                        marker((size - n) + " more");
                        break;
                    }
                    if (full()) {
                        member(n, "...");
                        marker("byte limit");
                        break;
                    }
                    String key = key(e.getKey());
                    if (!keys.add(key)) {
                        continue; // two keys that render alike: the first is shown
                    }
                    member(n, key);
                    value(e.getValue(), depth + 1);
                    n++;
                }
            } catch (RuntimeException changed) {
                member(n, "...");
                marker("changed while read: " + changed.getClass().getSimpleName());
            }
            out.append('}');
        }

        /** Starts the member {@code key} of an object whose {@code n} members came before. */
        private void member(int n, String key) {
            if (n > 0) {
                out.append(',');
            }
            string(key);
            out.append(':');
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

        private void iterable(Iterator<?> it, int size, int depth) {
            out.append('[');
            int max = limits.maxElements();
            int n = 0;
            try {
                while (it.hasNext()) {
                    if (n >= max) {
                        element(n);
                        marker(Math.max(1, size - n) + " more");
                        break;
                    }
                    if (full()) {
                        element(n);
                        marker("byte limit");
                        break;
                    }
                    Object element = it.next();
                    element(n);
                    value(element, depth + 1);
                    n++;
                }
            } catch (RuntimeException changed) {
                element(n);
                marker("changed while read: " + changed.getClass().getSimpleName());
            }
            out.append(']');
        }

        private void element(int n) {
            if (n > 0) {
                out.append(',');
            }
        }

        private void array(Object array, int depth) {
            out.append('[');
            int length = Array.getLength(array);
            int max = limits.maxElements();
            for (int i = 0; i < length; i++) {
                element(i);
                if (i >= max) {
                    marker((length - i) + " more");
                    break;
                }
                if (full()) {
                    marker("byte limit");
                    break;
                }
                value(Array.get(array, i), depth + 1);
            }
            out.append(']');
        }

        private void object(Object o, Class<?> type, int depth) {
            Field[] fields = FIELDS.get(type);
            if (fields == null) {
                text(safeToString(o)); // not readable (a named module): its toString
                return;
            }
            out.append('{');
            int n = 0;
            for (Field f : fields) {
                if (full()) {
                    member(n, "...");
                    marker("byte limit");
                    break;
                }
                member(n++, f.getName());
                Object v;
                try {
                    v = f.get(o);
                } catch (IllegalAccessException | RuntimeException e) {
                    marker("unreadable");
                    continue;
                }
                value(v, depth + 1);
            }
            out.append('}');
        }

        /** A JSON string: quotes, backslashes and whatever a log line escapes ({@link LogText#escapes}) escaped. */
        private void string(CharSequence s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (LogText.escapes(c) || Character.isSurrogate(c) && !wellFormedSurrogate(s, i)) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }

        /** A surrogate in a pair (a lone one, as a cut may leave, is escaped: the text stays valid UTF-8). */
        private static boolean wellFormedSurrogate(CharSequence s, int i) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            }
            return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
        }
    }

    /** The object's own {@code toString}, whole (the caller cuts it); a failure says so instead. */
    private static String safeToString(Object o) {
        try {
            return String.valueOf(o);
        } catch (Throwable e) {
            UserCode.rethrowIfFatal(e);
            return "<toString failed: " + e.getClass().getSimpleName() + ">";
        }
    }

    private static Field[] fieldsOf(Class<?> type) {
        Map<String, Field> out = new LinkedHashMap<>();
        try {
            if (type.isRecord()) {
                for (RecordComponent rc : type.getRecordComponents()) {
                    Field f = type.getDeclaredField(rc.getName());
                    f.setAccessible(true);
                    out.put(f.getName(), f);
                }
                return out.values().toArray(new Field[0]);
            }
            java.util.ArrayList<Class<?>> chain = new java.util.ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class && !Jvm.isPlatformClass(c); c = c.getSuperclass()) {
                chain.add(0, c); // superclass fields first
            }
            for (Class<?> c : chain) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
                        continue;
                    }
                    f.setAccessible(true);
                    out.put(f.getName(), f); // a hiding field takes the hidden one's place
                }
            }
            return out.values().toArray(new Field[0]);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
