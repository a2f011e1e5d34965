package io.medic.runtime.internal;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Jvm;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessTable;
import io.medic.runtime.Registry;
import io.medic.runtime.ports.PortEntry;
import io.medic.runtime.ports.Ports;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API
 *
 * <p>Estimates the bytes retained by an object graph (a process's state) with a bounded walk, for the
 * {@code memory} attribute. The estimate assumes a 64-bit JVM with compressed references (12-byte
 * headers, 4-byte references, 8-byte alignment):
 * <ul>
 *   <li>application classes and records: their fields, walked by reflection;</li>
 *   <li>strings, boxed values, primitive arrays: exact sizes;</li>
 *   <li>JDK collections and maps: a per-element overhead plus the first {@code sampleElements}
 *       elements walked, the rest extrapolated from their average;</li>
 *   <li>other JDK classes, which Java 17 does not let us reflect into: their shallow size;</li>
 *   <li>handles to what the node owns &mdash; pids, process entries, ports, monitor references,
 *       reply handles, the node and its tables &mdash; their shallow size: the other process, the
 *       socket and the node are not this process's memory (in Erlang a pid or a port in a state is
 *       one word); likewise the fields {@link GenServer} itself declares (its binding to the
 *       runtime), when a server is its own state, as a supervisor is;</li>
 *   <li>enums, classes and objects already seen: nothing (shared);</li>
 *   <li>beyond {@code maxVisits} objects or 64 levels deep, the walk stops (the result is then a
 *       lower bound).</li>
 * </ul>
 * Not thread-safe per call; the process calls it on its own thread, so the state is not mutated
 * under the walk. Cost: at most {@code maxVisits} object visits.
 */
public final class SizeEstimator {
    static final int HEADER = 12;
    static final int ARRAY_HEADER = 16;
    static final int REF = 4;
    private static final int MAX_DEPTH = 64;
    /** Per-element overhead of JDK collections: a hash-map node is 32 bytes, a list slot 4. */
    private static final int MAP_ENTRY_OVERHEAD = 32;
    private static final int COLLECTION_ELEMENT_OVERHEAD = 16;

    private static final ClassValue<Layout> LAYOUTS = new ClassValue<>() {
        @Override
        protected Layout computeValue(Class<?> type) {
            return Layout.of(type);
        }
    };

    private final int maxVisits;
    private final int sampleElements;

    public SizeEstimator(int maxVisits, int sampleElements) {
        this.maxVisits = maxVisits;
        this.sampleElements = sampleElements;
    }

    /** Estimated retained bytes of {@code root} (0 for null). */
    public long estimate(Object root) {
        if (root == null) {
            return 0;
        }
        Walk walk = new Walk();
        try {
            return walk.size(root, 0);
        } catch (RuntimeException | StackOverflowError e) {
            // a concurrent modification or an exotic object: report what was counted so far
            return walk.counted;
        }
    }

    private final class Walk {
        final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        int visits;
        long counted;

        long size(Object o, int depth) {
            if (o == null || visits >= maxVisits) {
                return 0;
            }
            Class<?> type = o.getClass();
            if (type.isEnum() || o instanceof Class<?> || seen.put(o, Boolean.TRUE) != null) {
                return 0;
            }
            visits++;
            long s;
            if (o instanceof String str) {
                s = align(HEADER + 12) + align(ARRAY_HEADER + str.length());
            } else if (type.isArray()) {
                s = array(o, type, depth);
            } else if (o instanceof Map<?, ?> map && isJdk(type)) {
                s = map(map, type, depth);
            } else if (o instanceof Collection<?> c && isJdk(type)) {
                s = collection(c, type, depth);
            } else {
                Layout layout = LAYOUTS.get(type);
                s = layout.shallow;
                if (depth < MAX_DEPTH) {
                    for (Field f : layout.references) {
                        try {
                            s += size(f.get(o), depth + 1);
                        } catch (IllegalAccessException e) {
                            // not readable: counted shallow only
                        }
                    }
                }
            }
            counted += s;
            return s;
        }

        private long array(Object array, Class<?> type, int depth) {
            int length = Array.getLength(array);
            Class<?> component = type.getComponentType();
            if (component.isPrimitive()) {
                return align(ARRAY_HEADER + (long) length * primitiveSize(component));
            }
            long s = align(ARRAY_HEADER + (long) length * REF);
            if (depth >= MAX_DEPTH || length == 0) {
                return s;
            }
            Object[] elements = (Object[]) array;
            int sampled = Math.min(length, sampleElements);
            long sum = 0;
            for (int i = 0; i < sampled; i++) {
                sum += size(elements[i], depth + 1);
            }
            return s + extrapolate(sum, sampled, length);
        }

        private long collection(Collection<?> c, Class<?> type, int depth) {
            int n = c.size();
            long s = LAYOUTS.get(type).shallow + (long) n * COLLECTION_ELEMENT_OVERHEAD;
            if (depth >= MAX_DEPTH || n == 0) {
                return s;
            }
            int sampled = 0;
            long sum = 0;
            Iterator<?> it = c.iterator();
            while (it.hasNext() && sampled < sampleElements) {
                sum += size(it.next(), depth + 1);
                sampled++;
            }
            return s + extrapolate(sum, sampled, n);
        }

        private long map(Map<?, ?> m, Class<?> type, int depth) {
            int n = m.size();
            long s = LAYOUTS.get(type).shallow + (long) n * MAP_ENTRY_OVERHEAD + align(ARRAY_HEADER + (long) n * REF);
            if (depth >= MAX_DEPTH || n == 0) {
                return s;
            }
            int sampled = 0;
            long sum = 0;
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext() && sampled < sampleElements) {
                Map.Entry<?, ?> e = it.next();
                sum += size(e.getKey(), depth + 1) + size(e.getValue(), depth + 1);
                sampled++;
            }
            return s + extrapolate(sum, sampled, n);
        }
    }

    private static long extrapolate(long sum, int sampled, int total) {
        if (sampled == 0 || sampled >= total) {
            return sum;
        }
        return (long) ((double) sum / sampled * total);
    }

    static boolean isJdk(Class<?> type) {
        return Jvm.isPlatformClass(type);
    }

    /** Handles to node-owned things: counted shallow, never walked into. */
    static boolean isHandle(Class<?> type) {
        return Pid.class.isAssignableFrom(type) || ProcessEntry.class.isAssignableFrom(type)
                || PortEntry.class.isAssignableFrom(type) || MonitorRef.class.isAssignableFrom(type)
                || From.class.isAssignableFrom(type) || Node.class.isAssignableFrom(type)
                || ProcessTable.class.isAssignableFrom(type) || Registry.class.isAssignableFrom(type)
                || Ports.class.isAssignableFrom(type);
    }

    static long align(long bytes) {
        return (bytes + 7) & ~7L;
    }

    static int primitiveSize(Class<?> c) {
        if (c == long.class || c == double.class) {
            return 8;
        }
        if (c == int.class || c == float.class) {
            return 4;
        }
        if (c == short.class || c == char.class) {
            return 2;
        }
        return 1;
    }

    /** Shallow size and the walkable reference fields of one class. */
    private static final class Layout {
        final long shallow;
        final Field[] references;

        private Layout(long shallow, Field[] references) {
            this.shallow = shallow;
            this.references = references;
        }

        static Layout of(Class<?> type) {
            long bytes = HEADER;
            List<Field> refs = new ArrayList<>();
            boolean walkable = !isJdk(type) && !isHandle(type);
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                boolean walkFields = walkable && !isJdk(c) && c != GenServer.class;
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    Class<?> ft = f.getType();
                    bytes += ft.isPrimitive() ? primitiveSize(ft) : REF;
                    if (!ft.isPrimitive() && walkFields) {
                        try {
                            f.setAccessible(true);
                            refs.add(f);
                        } catch (RuntimeException e) {
                            // inaccessible (module boundary): shallow only
                        }
                    }
                }
            }
            return new Layout(align(bytes), refs.toArray(new Field[0]));
        }
    }
}
