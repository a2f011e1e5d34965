package io.medic.runtime.internal;

import akka.actor.ActorPath;
import akka.actor.typed.ActorRef;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessTable;
import java.util.AbstractCollection;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * INTERNAL API
 *
 * <p>The process table: records in chunks of {@value #CHUNK} consecutive pid numbers, each chunk an
 * array, the chunks in a concurrent map. Pid numbers are handed out in sequence and every number is
 * entered once and removed once, so a chunk whose {@value #CHUNK} slots have all been retired is
 * dropped. A live process costs one array slot (4 bytes, plus a share of its chunk) instead of a map
 * node and a boxed key (56 bytes), and a scan of the table walks arrays rather than a linked hash map.
 * Lookups by actor ref or path use the pid number Medic encodes in every process's actor name, so they
 * are O(1) without a second index.
 */
public final class ProcessTableImpl implements ProcessTable {
    static final int SHIFT = 6;
    static final int CHUNK = 1 << SHIFT;
    private static final int MASK = CHUNK - 1;

    /** The records of {@value #CHUNK} consecutive pid numbers. */
    private static final class Chunk {
        final AtomicReferenceArray<ProcessRecord> slots = new AtomicReferenceArray<>(CHUNK);
        /** Slots entered and removed again; at CHUNK the chunk can never hold a record again. */
        final AtomicInteger retired = new AtomicInteger();
    }

    private final ConcurrentHashMap<Long, Chunk> chunks = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong nextNumber = new AtomicLong(1);
    private final Collection<ProcessEntry> view = new View();
    private final NodeServices node;

    ProcessTableImpl(NodeServices node) {
        this.node = node;
    }

    long nextNumber() {
        return nextNumber.getAndIncrement();
    }

    /** Enters a record; every number handed out must be entered once (and later removed once). */
    void add(ProcessRecord r) {
        long n = r.number();
        chunks.computeIfAbsent(n >>> SHIFT, k -> new Chunk()).slots.set((int) (n & MASK), r);
        size.incrementAndGet();
    }

    void remove(ProcessRecord r) {
        long n = r.number();
        Long key = n >>> SHIFT;
        Chunk c = chunks.get(key);
        if (c != null && c.slots.compareAndSet((int) (n & MASK), r, null)) {
            size.decrementAndGet();
            if (c.retired.incrementAndGet() == CHUNK) {
                chunks.remove(key, c);
            }
        }
    }

    ProcessRecord record(long number) {
        if (number < 0) {
            return null;
        }
        Chunk c = chunks.get(number >>> SHIFT);
        return c == null ? null : c.slots.get((int) (number & MASK));
    }

    @Override
    public int size() {
        return size.get();
    }

    @Override
    public Collection<ProcessEntry> entries() {
        return view;
    }

    @Override
    public Optional<Pid> byNumber(long number) {
        ProcessRecord r = record(number);
        return r == null || !r.isAlive() || !r.isBound() ? Optional.empty() : Optional.of(r);
    }

    /** A live, weakly consistent view: chunk by chunk, slot by slot. */
    private final class View extends AbstractCollection<ProcessEntry> {
        @Override
        public int size() {
            return size.get();
        }

        @Override
        public Iterator<ProcessEntry> iterator() {
            return new Iterator<>() {
                private final Iterator<Chunk> chunkIterator = chunks.values().iterator();
                private AtomicReferenceArray<ProcessRecord> slots;
                private int index;
                private ProcessRecord next;

                @Override
                public boolean hasNext() {
                    while (next == null) {
                        if (slots != null && index < CHUNK) {
                            ProcessRecord r = slots.get(index++);
                            if (r != null && r.isBound()) { // skip one being spawned right now
                                next = r;
                            }
                        } else if (chunkIterator.hasNext()) {
                            slots = chunkIterator.next().slots;
                            index = 0;
                        } else {
                            return false;
                        }
                    }
                    return true;
                }

                @Override
                public ProcessEntry next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    ProcessRecord r = next;
                    next = null;
                    return r;
                }
            };
        }
    }

    @Override
    public Optional<Pid> lookup(String reference) {
        PidForms.Ref ref = PidForms.parse(reference);
        if (ref instanceof PidForms.ByNumber n) {
            return byNumber(n.number());
        }
        if (ref instanceof PidForms.ByName n) {
            return node.registry.whereis(n.name());
        }
        return byPath(((PidForms.ByPath) ref).path());
    }

    @Override
    public Optional<Pid> lookup(ActorRef<?> ref) {
        if (ref == null) {
            return Optional.empty();
        }
        return byNumber(PidForms.numberFromActorName(ref.path().name()))
                .filter(p -> p.ref().equals(ref));
    }

    private Optional<Pid> byPath(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        int hash = last.indexOf('#'); // uid suffix of a serialized path
        if (hash >= 0) {
            last = last.substring(0, hash);
            trimmed = trimmed.substring(0, trimmed.lastIndexOf('#'));
        }
        Optional<Pid> candidate = byNumber(PidForms.numberFromActorName(last));
        String wanted = trimmed;
        return candidate.filter(p -> {
            ActorPath ap = p.ref().path();
            return ap.toString().equals(wanted) || ap.toStringWithoutAddress().equals(wanted);
        });
    }
}
