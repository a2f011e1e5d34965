package io.medic.runtime.overload.internal;

import io.medic.runtime.LogText;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.internal.ProcessRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * INTERNAL API
 *
 * <p>One node's named breakers or valves: a concurrent map from name to object, each with an optional
 * owner process. An owned object leaves the table when its owner stops (a monitor on the owner), so a
 * restarted owner can create it again under the same name; a name held by an owner that has already
 * stopped is free. The table holds at most {@code limit} objects.
 *
 * @param <T> what is listed
 */
public final class OwnedTable<T> {
    private final String kind;
    private final String limitSetting;
    private final int limit;
    private final String node;
    private final ConcurrentHashMap<String, Entry<T>> entries = new ConcurrentHashMap<>();

    /**
     * @param kind         what is listed, for error messages: {@code breaker}
     * @param limitSetting the configuration path of the limit, for error messages
     * @param limit        the most objects listed at once
     * @param node         the node's name, for error messages
     */
    public OwnedTable(String kind, String limitSetting, int limit, String node) {
        this.kind = kind;
        this.limitSetting = limitSetting;
        this.limit = limit;
        this.node = node;
    }

    /**
     * Lists {@code factory}'s object under {@code name}, owned by {@code owner} (or nobody, if null).
     *
     * @throws NoProcessException    if the owner is not alive
     * @throws IllegalStateException naming the name (and its owner) if it is taken, or naming the limit
     */
    public T add(String name, Pid owner, Supplier<T> factory) {
        if (owner != null && !owner.isAlive()) {
            throw new NoProcessException(owner.toString());
        }
        if (entries.size() >= limit) {
            throw new IllegalStateException(kind + "s: node " + node + " already lists " + entries.size() + " " + kind
                    + "s, the most " + limitSetting + " allows; remove unused ones or raise the limit");
        }
        Entry<T> e = new Entry<>(name, owner, factory.get());
        while (true) {
            Entry<T> held = entries.putIfAbsent(name, e);
            if (held == null) {
                break;
            }
            if (held.owner != null && !held.owner.isAlive()) {
                if (entries.remove(name, held)) { // its owner stopped; its monitor is firing or has fired
                    held.unwatch();
                }
                continue;
            }
            throw new IllegalStateException(kind + " name: " + LogText.quoted(name) + " is already taken on node " + node
                    + (held.owner != null ? " (owned by " + held.owner + ")" : "") + ": remove it first, or pick another name");
        }
        if (owner != null) {
            e.watch(((ProcessRecord) owner.entry()).monitor(null, down -> {
                if (entries.remove(name, e)) {
                    e.unwatch();
                }
            }));
            if (!owner.isAlive()) { // it stopped while we listed: its monitor has unlisted (or will unlist) it
                if (entries.remove(name, e)) {
                    e.unwatch();
                }
                throw new NoProcessException(owner.toString());
            }
        }
        return e.value;
    }

    /** Removes the object listed under {@code name}, if any; returns whether one was removed. */
    public boolean remove(String name) {
        Entry<T> e = entries.remove(Objects.requireNonNull(name, "name"));
        if (e == null) {
            return false;
        }
        e.unwatch();
        return true;
    }

    /** The object listed under {@code name}. Cost: O(1). */
    public Optional<T> get(String name) {
        Entry<T> e = entries.get(Objects.requireNonNull(name, "name"));
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    /** Every listed object, by name. Cost: one pass and a sort. */
    public List<T> list() {
        return select(null);
    }

    /** The objects owned by {@code owner}, by name. Cost: one pass over the table. */
    public List<T> forOwner(Pid owner) {
        return select(Objects.requireNonNull(owner, "owner"));
    }

    /** How many objects are listed. Cost: O(1). */
    public int size() {
        return entries.size();
    }

    private List<T> select(Pid owner) {
        List<Entry<T>> found = new ArrayList<>();
        for (Entry<T> e : entries.values()) {
            if (owner == null || owner.equals(e.owner)) {
                found.add(e);
            }
        }
        found.sort(Comparator.comparing(e -> e.name));
        List<T> result = new ArrayList<>(found.size());
        for (Entry<T> e : found) {
            result.add(e.value);
        }
        return result;
    }

    /** One listed object, its owner and the monitor on the owner (guarded by this entry). */
    private static final class Entry<T> {
        final String name;
        final Pid owner;
        final T value;
        private MonitorRef monitor;
        private boolean unlisted;

        Entry(String name, Pid owner, T value) {
            this.name = name;
            this.owner = owner;
            this.value = value;
        }

        /** Keeps the owner's monitor, or drops it at once if the entry was unlisted meanwhile. */
        void watch(MonitorRef m) {
            boolean drop;
            synchronized (this) {
                drop = unlisted;
                monitor = m;
            }
            if (drop) {
                m.demonitor();
            }
        }

        void unwatch() {
            MonitorRef m;
            synchronized (this) {
                unlisted = true;
                m = monitor;
                monitor = null;
            }
            if (m != null) {
                m.demonitor();
            }
        }
    }
}
