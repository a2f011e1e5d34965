package io.medic.runtime.internal;

import io.medic.runtime.AlreadyRegisteredException;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.Registry;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * INTERNAL API
 *
 * <p>The name registry: a concurrent map from name to record, kept in step with the record's
 * {@code registeredName}. Names of stopped processes are released by the process's exit.
 */
public final class RegistryImpl implements Registry {
    private final ConcurrentHashMap<String, ProcessRecord> names = new ConcurrentHashMap<>();

    /** Claims {@code name} for a process about to be spawned. */
    void claim(String name, ProcessRecord record) {
        while (true) {
            ProcessRecord holder = names.putIfAbsent(name, record);
            if (holder == null) {
                record.nameAs(name);
                return;
            }
            if (holder.isAlive()) {
                throw new AlreadyRegisteredException(name, holder.pid());
            }
            names.remove(name, holder); // stale, released below; retry
        }
    }

    boolean unregisterIfHeld(String name, ProcessRecord record) {
        if (!names.remove(name, record)) {
            return false;
        }
        if (name.equals(record.nameOrNull())) {
            record.nameAs(null);
        }
        return true;
    }

    @Override
    public boolean unregister(String name, Pid pid) {
        return name != null && pid != null && unregisterIfHeld(name, ProcessRecord.of(pid));
    }

    @Override
    public Optional<Pid> whereis(String name) {
        if (name == null) {
            return Optional.empty();
        }
        ProcessRecord r = names.get(name);
        return r == null || !r.isVisible() ? Optional.empty() : Optional.of(r);
    }

    @Override
    public void register(String name, Pid pid) {
        PidForms.validateName(name);
        ProcessRecord record = ProcessRecord.of(pid);
        synchronized (record) {
            if (!record.isAlive()) {
                throw new NoProcessException(pid.toString());
            }
            String current = record.nameOrNull();
            if (current != null && !current.equals(name)) {
                throw new IllegalStateException("process " + pid + " is already registered as '" + current
                        + "': a process has at most one name");
            }
            if (current != null) {
                return;
            }
            claim(name, record);
        }
        if (!record.isAlive()) { // exited while we registered: do not keep a dead name
            unregisterIfHeld(name, record);
        }
    }

    @Override
    public boolean unregister(String name) {
        if (name == null) {
            return false;
        }
        for (;;) { // the holder can change between the read and the removal: retry with the new one
            ProcessRecord r = names.get(name);
            if (r == null) {
                return false;
            }
            if (unregisterIfHeld(name, r)) {
                return true;
            }
        }
    }

    @Override
    public Map<String, Pid> registered() {
        Map<String, Pid> result = new TreeMap<>();
        names.forEach((n, r) -> {
            if (r.isVisible()) {
                result.put(n, r);
            }
        });
        return result;
    }
}
