package io.medic.runtime.internal;

import akka.actor.ActorPath;
import akka.actor.typed.ActorRef;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessTable;
import java.util.AbstractCollection;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

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
    public long droppedMessages() {
        return DropReporter.of(node).total();
    }

    @Override
    public Collection<ProcessEntry> entries() {
        return view;
    }

    @Override
    public Optional<Pid> byNumber(long number) {
        ProcessRecord r = record(number);
        return r == null || !r.isVisible() ? Optional.empty() : Optional.of(r);
    }

    /**
     * A live, weakly consistent view: chunk by chunk, slot by slot. Its spliterator splits by chunks,
     * so a large table can be scanned by several threads, each walking its own chunks; it sees the
     * chunks that existed when it was made.
     */
    private final class View extends AbstractCollection<ProcessEntry> {
        @Override
        public int size() {
            return size.get();
        }

        /**
         * Splits evenly by chunks: over a snapshot of the chunk list (one reference per 64 pid numbers),
         * since the map's own spliterator splits by hash bins, and consecutive chunk keys fill the low
         * bins only.
         */
        @Override
        public Spliterator<ProcessEntry> spliterator() {
            return new Slots(Arrays.spliterator(chunks.values().toArray(new Chunk[0])));
        }

        /** Live: walks the map's chunks as they are when reached, with the spliterator's slot walk. */
        @Override
        public Iterator<ProcessEntry> iterator() {
            return Spliterators.iterator(new Slots(chunks.values().spliterator()));
        }
    }

    /** The records of the chunks a chunk spliterator covers; splits where the chunk spliterator splits. */
    private static final class Slots implements Spliterator<ProcessEntry> {
        private final Spliterator<Chunk> chunkSpliterator;
        private AtomicReferenceArray<ProcessRecord> slots;
        private int index;

        Slots(Spliterator<Chunk> chunkSpliterator) {
            this.chunkSpliterator = chunkSpliterator;
        }

        @Override
        public boolean tryAdvance(Consumer<? super ProcessEntry> action) {
            while (true) {
                if (slots != null) {
                    while (index < CHUNK) {
                        ProcessRecord r = slots.get(index++);
                        if (r != null && r.isBound()) { // skip one being spawned right now
                            action.accept(r);
                            return true;
                        }
                    }
                    slots = null;
                }
                if (!chunkSpliterator.tryAdvance(c -> slots = c.slots)) {
                    return false;
                }
                index = 0;
            }
        }

        @Override
        public Spliterator<ProcessEntry> trySplit() {
            Spliterator<Chunk> half = chunkSpliterator.trySplit();
            return half == null ? null : new Slots(half);
        }

        @Override
        public long estimateSize() {
            long chunkCount = chunkSpliterator.estimateSize();
            return chunkCount >= Long.MAX_VALUE / CHUNK ? Long.MAX_VALUE : chunkCount * CHUNK;
        }

        @Override
        public int characteristics() {
            return CONCURRENT | NONNULL;
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
