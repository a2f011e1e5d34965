package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopNTest {
    @Test
    void keepsTheLargestInOrder() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            int size = random.nextInt(500);
            int n = 1 + random.nextInt(20);
            long[] values = new long[size];
            TopN<Integer> top = new TopN<>(n);
            for (int i = 0; i < size; i++) {
                values[i] = random.nextInt(100) - 50; // duplicates and negatives
                top.offer(values[i], i);
            }
            long[] expected = Arrays.stream(values).boxed().sorted((a, b) -> Long.compare(b, a))
                    .limit(n).mapToLong(Long::longValue).toArray();
            List<TopN.Entry<Integer>> got = top.descending();
            assertEquals(Math.min(n, size), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected[i], got.get(i).value());
                assertEquals(values[got.get(i).item()], got.get(i).value());
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
                parts.add(new TopN<>(n));
            }
            for (int i = 0; i < size; i++) {
                values[i] = random.nextInt(100) - 50;
                parts.get(random.nextInt(partCount)).offer(values[i], i);
            }
            long[] expected = Arrays.stream(values).boxed().sorted((a, b) -> Long.compare(b, a))
                    .limit(n).mapToLong(Long::longValue).toArray();
            List<TopN.Entry<Integer>> got = TopN.merge(parts).descending();
            assertEquals(Math.min(n, size), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(expected[i], got.get(i).value());
                assertEquals(values[got.get(i).item()], got.get(i).value());
            }
        }
    }
}
