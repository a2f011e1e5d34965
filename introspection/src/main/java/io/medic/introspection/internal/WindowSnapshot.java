package io.medic.introspection.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * INTERNAL API
 *
 * <p>The first half of a window ({@code recon_lib:sample/2} and {@code sliding_window/2}), for processes
 * and ports alike: the values of every entry of a table at one instant, then, at the window's end, each
 * entry's increase since. Held in two parallel arrays, {@code width} values per entry (no hashing, no
 * boxing: 12 bytes per entry of width 1 with compressed references), with the highest order (pid or port
 * number) seen: numbers only grow, so an entry above it was born during the window and its whole value
 * happened there. Not thread-safe; the tables it walks may change under it.
 *
 * @param <E> the entry type (a process or a port)
 */
final class WindowSnapshot<E> {

    /** Reads an entry's {@code width} values into {@code into} from {@code at}. */
    @FunctionalInterface
    interface Reader<E> {
        void read(E entry, long[] into, int at);
    }

    /** Receives one entry's increases; {@code delta} is reused for the next entry: copy it to keep it. */
    @FunctionalInterface
    interface Deltas<E> {
        void accept(E entry, long[] delta);
    }

    private final int width;
    private final ToLongFunction<E> order;
    private final Reader<E> reader;
    private Object[] entries;
    private long[] values;
    private int size;
    private long maxOrder = -1;

    private WindowSnapshot(int width, ToLongFunction<E> order, Reader<E> reader) {
        this.width = width;
        this.order = order;
        this.reader = reader;
    }

    /**
     * Reads every entry of {@code table} now. {@code order} gives an entry's number (one that only grows;
     * negative: the entry is skipped), {@code reader} its values.
     */
    static <E> WindowSnapshot<E> take(Collection<E> table, int width, ToLongFunction<E> order, Reader<E> reader) {
        WindowSnapshot<E> s = new WindowSnapshot<>(width, order, reader);
        int capacity = Math.max(16, table.size() + table.size() / 8);
        s.entries = new Object[capacity];
        s.values = new long[capacity * width];
        for (E e : table) {
            long number = order.applyAsLong(e);
            if (number < 0) {
                continue;
            }
            if (s.size == s.entries.length) {
                int grown = s.size + (s.size >> 1) + 16;
                s.entries = Arrays.copyOf(s.entries, grown);
                s.values = Arrays.copyOf(s.values, grown * width);
            }
            s.entries[s.size] = e;
            reader.read(e, s.values, s.size * width);
            s.size++;
            s.maxOrder = Math.max(s.maxOrder, number);
        }
        return s;
    }

    /**
     * Calls {@code out} with the increase of every entry of the snapshot that {@code keep} accepts now,
     * then with the whole value of every entry of {@code table} born since the snapshot that {@code keep}
     * accepts.
     */
    @SuppressWarnings("unchecked")
    void deltas(Collection<E> table, Predicate<E> keep, Deltas<E> out) {
        long[] now = new long[width];
        for (int i = 0; i < size; i++) {
            E e = (E) entries[i];
            if (keep.test(e)) {
                reader.read(e, now, 0);
                for (int k = 0; k < width; k++) {
                    now[k] -= values[i * width + k];
                }
                out.accept(e, now);
            }
        }
        for (E e : table) {
            if (order.applyAsLong(e) > maxOrder && keep.test(e)) {
                reader.read(e, now, 0);
                out.accept(e, now);
            }
        }
    }
}
