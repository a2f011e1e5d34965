package io.medic.runtime.internal;

import akka.actor.ActorPath;
import akka.actor.typed.ActorRef;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessTable;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * INTERNAL API
 *
 * <p>The process table: a concurrent map from pid number to record. Lookups by actor ref or path use
 * the pid number Medic encodes in every process's actor name, so they are O(1) without a second index.
 */
public final class ProcessTableImpl implements ProcessTable {
    private final ConcurrentHashMap<Long, ProcessRecord> records = new ConcurrentHashMap<>();
    private final Collection<ProcessEntry> view = Collections.unmodifiableCollection(records.values());
    private final AtomicLong nextNumber = new AtomicLong(1);
    private final NodeServices node;

    ProcessTableImpl(NodeServices node) {
        this.node = node;
    }

    long nextNumber() {
        return nextNumber.getAndIncrement();
    }

    void add(ProcessRecord r) {
        records.put(r.number(), r);
    }

    void remove(ProcessRecord r) {
        records.remove(r.number(), r);
    }

    ProcessRecord record(long number) {
        return records.get(number);
    }

    @Override
    public int size() {
        return records.size();
    }

    @Override
    public Collection<ProcessEntry> entries() {
        return view;
    }

    @Override
    public Optional<Pid> byNumber(long number) {
        ProcessRecord r = records.get(number);
        return r == null || !r.isAlive() ? Optional.empty() : Optional.ofNullable(r.pid());
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
