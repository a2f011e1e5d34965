package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopNTest {
    /** The expected ranking: indexes by value, largest first, then by index (the order), lowest first. */
    private static List<Integer> ranked(long[] values, int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            all.add(i);
        }
        all.sort((a, b) -> values[a] != values[b] ? Long.compare(values[b], values[a]) : Integer.compare(a, b));
        return all.subList(0, Math.min(n, all.size()));
    }

    @Test
    void equalValuesRankByOrderWhateverTheWalk() {
        TopN<String> top = new TopN<>(2, s -> Long.parseLong(s.substring(1)));
        for (String s : List.of("p9", "p3", "p7", "p1", "p5")) {
            top.offer(0, s);
        }
        assertEquals(List.of("p1", "p3"), top.descending().stream().map(TopN.Entry::item).toList());
    }

    @Test
    void keepsTheLargestInOrder() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int size = random.nextInt(500);
            int n = 1 + random.nextInt(20);
            long[] values = new long[size];
            TopN<Integer> top = new TopN<>(n, i -> i);
            for (int i = 0; i < size; i++) {
                values[i] = random.nextInt(100) - 50; // duplicates and negatives
                top.offer(values[i], i);
            }
            List<Integer> expected = ranked(values, n);
            List<TopN.Entry<Integer>> got = top.descending();
            assertEquals(Math.min(n, size), got.size());
            assertEquals(expected, got.stream().map(TopN.Entry::item).toList(),
                    "the n largest, largest first, equal values by the lower order");
            for (TopN.Entry<Integer> e : got) {
                assertEquals(values[e.item()], e.value());
            }
        }
    }

    @Test
    void mergedPartsKeepTheLargestOfTheWhole() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            int size = random.nextInt(500);
            int n = 1 + random.nextInt(20);
            int partCount = 1 + random.nextInt(4);
            long[] values = new long[size];
            List<TopN<Integer>> parts = new ArrayList<>();
            for (int p = 0; p < partCount; p++) {
                parts.add(new TopN<>(n, i -> i));
            }
            for (int i = 0; i < size; i++) {
                values[i] = random.nextInt(100) - 50;
                parts.get(random.nextInt(partCount)).offer(values[i], i);
            }
            List<Integer> expected = ranked(values, n);
            List<TopN.Entry<Integer>> got = TopN.merge(parts).descending();
            assertEquals(Math.min(n, size), got.size());
            assertEquals(expected, got.stream().map(TopN.Entry::item).toList(),
                    "the n largest, largest first, equal values by the lower order");
            for (TopN.Entry<Integer> e : got) {
                assertEquals(values[e.item()], e.value());
            }
        }
    }
}
