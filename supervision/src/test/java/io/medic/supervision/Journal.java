package io.medic.supervision;

import io.medic.testing.Await;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the test processes did, in the order they did it: a thread-safe, append-only list of entries
 * written {@code kind:id[:detail]} (for example {@code init:a}, {@code terminate:b:shutdown}), plus a
 * per-id count of init attempts. Tests assert on the order of entries.
 */
final class Journal {
    private final List<String> entries = new ArrayList<>();
    private final ConcurrentHashMap<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    synchronized void add(String entry) {
        entries.add(entry);
    }

    /** The number of this init attempt of child {@code id}, from 1. */
    int nextAttempt(String id) {
        return attempts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }

    synchronized List<String> entries() {
        return List.copyOf(entries);
    }

    /** Position to read from later with {@link #since}. */
    synchronized int mark() {
        return entries.size();
    }

    /** Entries whose kind is one of {@code kinds} (all entries if none given). */
    List<String> of(String... kinds) {
        return since(0, kinds);
    }

    /** Entries from {@code mark} on whose kind is one of {@code kinds} (all if none given). */
    synchronized List<String> since(int mark, String... kinds) {
        Set<String> wanted = Set.copyOf(Arrays.asList(kinds));
        List<String> out = new ArrayList<>();
        for (String e : entries.subList(mark, entries.size())) {
            if (wanted.isEmpty() || wanted.contains(e.substring(0, e.indexOf(':')))) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized int count(String entry) {
        int n = 0;
        for (String e : entries) {
            if (e.equals(entry)) {
                n++;
            }
        }
        return n;
    }

    synchronized boolean contains(String entry) {
        return entries.contains(entry);
    }

    synchronized int indexOf(String entry) {
        return entries.indexOf(entry);
    }

    /** Waits until the journal holds {@code entry} at least {@code times} times. */
    void awaitCount(String entry, int times) {
        Await.until(() -> "journal to hold '" + entry + "' " + times + " time(s); it holds " + entries(),
                () -> count(entry) >= times);
    }

    void await(String entry) {
        awaitCount(entry, 1);
    }

    @Override
    public synchronized String toString() {
        return entries.toString();
    }
}
