package io.medic.introspection.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * INTERNAL API
 *
 * <p>The {@code n} largest values offered, with the item each belongs to: a bounded min-heap over
 * primitive arrays, as {@code recon_lib:sublist_top_n_attrs/2} does. Offering is O(log n) at worst
 * and O(1) for the common case of a value below the current n-th; nothing is ever sorted but the
 * final n items. Not thread-safe.
 *
 * @param <T> the item type
 */
public final class TopN<T> {
    private final long[] values;
    private final Object[] items;
    private int size;

    public TopN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n: bad value " + n + ", expected 1 or more");
        }
        values = new long[n];
        items = new Object[n];
    }

    /** Keeps {@code item} if {@code value} is among the n largest so far. */
    public void offer(long value, T item) {
        if (size < values.length) {
            values[size] = value;
            items[size] = item;
            siftUp(size++);
        } else if (value > values[0]) {
            values[0] = value;
            items[0] = item;
            siftDown(0);
        }
    }

    public int size() {
        return size;
    }

    /** The n largest of several TopN's of the same n (parts of one pass): the first, with the others offered to it. */
    public static <T> TopN<T> merge(List<TopN<T>> parts) {
        TopN<T> top = parts.get(0);
        for (int i = 1; i < parts.size(); i++) {
            TopN<T> p = parts.get(i);
            for (int k = 0; k < p.size; k++) {
                @SuppressWarnings("unchecked")
                T item = (T) p.items[k];
                top.offer(p.values[k], item);
            }
        }
        return top;
    }

    /** One kept item and its value. */
    public record Entry<T>(T item, long value) {
    }

    /** The kept items, largest value first. Cost: O(n log n) for the n kept. */
    @SuppressWarnings("unchecked")
    public List<Entry<T>> descending() {
        List<Entry<T>> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Entry<>((T) items[i], values[i]));
        }
        out.sort((a, b) -> Long.compare(b.value(), a.value()));
        return out;
    }

    private void siftUp(int i) {
        long v = values[i];
        Object it = items[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (values[parent] <= v) {
                break;
            }
            values[i] = values[parent];
            items[i] = items[parent];
            i = parent;
        }
        values[i] = v;
        items[i] = it;
    }

    private void siftDown(int i) {
        long v = values[i];
        Object it = items[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && values[right] < values[child]) {
                child = right;
            }
            if (v <= values[child]) {
                break;
            }
            values[i] = values[child];
            items[i] = items[child];
            i = child;
        }
        values[i] = v;
        items[i] = it;
    }
}
