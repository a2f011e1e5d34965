package io.medic.introspection.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * INTERNAL API
 *
 * <p>One page of a table listed in order ({@code erlang:processes()}, {@code erlang:ports()} a page at a
 * time): the items, whether more follow the last of them, and how many items the listing has in all
 * (-1 when not counted). Immutable.
 *
 * @param items the page, in order
 * @param more  whether items follow the last one (ask again with it as the cursor)
 * @param total how many items the listing has, all pages together, or -1
 * @param <T>   the item type
 */
public record Page<T>(List<T> items, boolean more, int total) {

    /** The first {@code n} of a TopN of n + 1 kept (largest first), and whether the (n + 1)-th was there. */
    static <T> Page<T> of(TopN<T> top, int n) {
        List<T> items = new ArrayList<>(Math.min(n, top.size()));
        for (TopN.Entry<T> e : top.descending()) {
            if (items.size() == n) {
                return new Page<>(List.copyOf(items), true, -1);
            }
            items.add(e.item());
        }
        return new Page<>(List.copyOf(items), false, -1);
    }

    /** The cursor of the next page: the number of this page's last item, or null on the last page. */
    Long next(ToLongFunction<T> number) {
        return more ? number.applyAsLong(items.get(items.size() - 1)) : null;
    }

    Page<T> withTotal(int total) {
        return new Page<>(items, more, total);
    }
}
