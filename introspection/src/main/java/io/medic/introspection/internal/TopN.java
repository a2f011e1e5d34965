package io.medic.introspection.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * INTERNAL API
 *
 * <p>The {@code n} largest values offered, with the item each belongs to: a bounded min-heap over
 * primitive arrays, as {@code recon_lib:sublist_top_n_attrs/2} does, for processes and ports alike.
 * Equal values rank by the items' order (a pid's or a port's number), lower first, so a ranking is the
 * same however the table was walked. Offering is O(log n) at worst and O(1) for the common case of a
 * value below the current n-th (the order is read only for a value that ties with or passes it);
 * nothing is ever sorted but the final n items. Not thread-safe.
 *
 * @param <T> the item type
 */
public final class TopN<T> {
    private final long[] values;
    private final long[] orders;
    private final Object[] items;
    private final ToLongFunction<? super T> order;
    private int size;

    /**
     * Keeps the {@code n} largest; ties go to the lower {@code order}.
     *
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public TopN(int n, ToLongFunction<? super T> order) {
        if (n < 1) {
            throw new IllegalArgumentException("n: bad value " + n + ", expected 1 or more");
        }
        values = new long[n];
        orders = new long[n];
        items = new Object[n];
        this.order = order;
    }

    /** Keeps {@code item} if {@code value} is among the n largest so far. */
    public void offer(long value, T item) {
        if (size < values.length) {
            add(value, order.applyAsLong(item), item);
        } else if (value >= values[0]) {
            replaceSmallest(value, order.applyAsLong(item), item);
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
                if (top.size < top.values.length) {
                    top.add(p.values[k], p.orders[k], p.items[k]);
                } else {
                    top.replaceSmallest(p.values[k], p.orders[k], p.items[k]);
                }
            }
        }
        return top;
    }

    /** One kept item and its value. */
    public record Entry<T>(T item, long value) {
    }

    /** The kept items, largest value first (ties: lower order first). Cost: O(n log n) for the n kept. */
    @SuppressWarnings("unchecked")
    public List<Entry<T>> descending() {
        Integer[] index = new Integer[size];
        for (int i = 0; i < size; i++) {
            index[i] = i;
        }
        java.util.Arrays.sort(index, (a, b) -> below(b, a) ? -1 : below(a, b) ? 1 : 0);
        List<Entry<T>> out = new ArrayList<>(size);
        for (int i : index) {
            out.add(new Entry<>((T) items[i], values[i]));
        }
        return out;
    }

    // ------------------------------------------------------------------ the heap: its root ranks lowest

    private void add(long value, long ord, Object item) {
        values[size] = value;
        orders[size] = ord;
        items[size] = item;
        siftUp(size++);
    }

    /** Replaces the root if (value, ord) ranks above it. */
    private void replaceSmallest(long value, long ord, Object item) {
        if (value > values[0] || (value == values[0] && ord < orders[0])) {
            values[0] = value;
            orders[0] = ord;
            items[0] = item;
            siftDown(0);
        }
    }

    /** Whether the kept entry i ranks below entry j: a smaller value, or an equal value and a higher order. */
    private boolean below(int i, int j) {
        return values[i] < values[j] || (values[i] == values[j] && orders[i] > orders[j]);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!below(i, parent)) {
                break;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && below(right, child)) {
                child = right;
            }
            if (!below(child, i)) {
                break;
            }
            swap(i, child);
            i = child;
        }
    }

    private void swap(int a, int b) {
        long v = values[a];
        values[a] = values[b];
        values[b] = v;
        long o = orders[a];
        orders[a] = orders[b];
        orders[b] = o;
        Object it = items[a];
        items[a] = items[b];
        items[b] = it;
    }
}
