package io.medic.runtime.ports.internal;

import io.medic.runtime.MonitorRef;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.PortEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API
 *
 * <p>What every port shares: its number, type name, owner (with a monitor that closes the port when
 * the owner stops), its four counters, and the close transition (exactly once: leave the table, drop
 * the owner's monitor, release the OS resource).
 *
 * <p>Counters are {@code volatile long}s bumped with atomic adds, so they stay exact with any number
 * of writers, and are read without locks.
 */
abstract class AbstractPort implements PortEntry {
    private static final VarHandle RECV_OCT;
    private static final VarHandle SEND_OCT;
    private static final VarHandle RECV_CNT;
    private static final VarHandle SEND_CNT;
    private static final VarHandle OPEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RECV_OCT = l.findVarHandle(AbstractPort.class, "recvOct", long.class);
            SEND_OCT = l.findVarHandle(AbstractPort.class, "sendOct", long.class);
            RECV_CNT = l.findVarHandle(AbstractPort.class, "recvCnt", long.class);
            SEND_CNT = l.findVarHandle(AbstractPort.class, "sendCnt", long.class);
            OPEN = l.findVarHandle(AbstractPort.class, "open", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final PortTable table;
    private final long id;
    private final String name;
    private final Instant openedAt = Instant.now();
    private volatile Pid owner;
    private volatile long recvOct;
    private volatile long sendOct;
    private volatile long recvCnt;
    private volatile long sendCnt;
    private volatile boolean open = true;
    /** The monitor on the current owner; guarded by this. */
    private MonitorRef ownerMonitor;
    /** The owner whose port count includes this port, or null; guarded by this (counted once, uncounted once). */
    private Pid countedOwner;

    AbstractPort(PortTable table, String name, Pid owner) {
        this.table = table;
        this.id = table.nextId();
        this.name = name;
        this.owner = owner;
    }

    // ================================================================== PortEntry

    @Override public final long id() { return id; }
    @Override public final String name() { return name; }
    @Override public final Pid owner() { return owner; }
    @Override public final boolean isOpen() { return open; }
    @Override public final long recvOct() { return recvOct; }
    @Override public final long sendOct() { return sendOct; }
    @Override public final long recvCnt() { return recvCnt; }
    @Override public final long sendCnt() { return sendCnt; }
    @Override public final Instant openedAt() { return openedAt; }
    @Override public Optional<InetSocketAddress> localAddress() { return Optional.empty(); }
    @Override public Optional<InetSocketAddress> peerAddress() { return Optional.empty(); }
    @Override public Optional<Path> path() { return Optional.empty(); }

    /** Closes the port: leaves the table, drops the owner's monitor, releases the resource. Idempotent. */
    public final void close() {
        closePort();
    }

    @Override
    public final String toString() {
        return "#Port<0." + id + ">";
    }

    // ================================================================== for subclasses

    /** Counts one read that returned {@code bytes} (> 0) bytes. */
    final void countRecv(long bytes) {
        RECV_OCT.getAndAdd(this, bytes);
        RECV_CNT.getAndAdd(this, 1L);
    }

    /** Counts bytes written (a send may write in several steps). */
    final void countSendBytes(long bytes) {
        SEND_OCT.getAndAdd(this, bytes);
    }

    /** Counts one completed send. */
    final void countSendPacket() {
        SEND_CNT.getAndAdd(this, 1L);
    }

    /**
     * The close transition: returns true for the one call that closed the port. Removes the port from
     * the table before releasing the resource, so the table never lists a port whose resource is gone.
     */
    final boolean closePort() {
        if (!OPEN.compareAndSet(this, true, false)) {
            return false;
        }
        table.remove(this);
        MonitorRef m;
        Pid counted;
        synchronized (this) {
            m = ownerMonitor;
            ownerMonitor = null;
            counted = countedOwner;
            countedOwner = null;
        }
        if (m != null) {
            m.demonitor();
        }
        if (counted != null) {
            PortTable.detached(counted);
        }
        try {
            closeResource();
        } catch (IOException | RuntimeException e) {
            table.log.debug("closing {} failed: {}", describe(), e.toString());
        }
        return true;
    }

    /** Releases the channel. Called once, after the port has left the table. */
    abstract void closeResource() throws IOException;

    /** What the port is, for error messages: {@code #Port<0.7> (tcp_inet 127.0.0.1:5000 -> 127.0.0.1:41234)}. */
    final String describe() {
        return this + " (" + name + " " + detail() + ")";
    }

    /** The addresses or path shown by {@link #describe()}. */
    abstract String detail();

    /** The error for an operation on a closed port. */
    final IOException closedException() {
        return new IOException(describe() + " is closed");
    }

    /** Fails an operation on a closed port with {@link #closedException()}. */
    final void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw closedException();
        }
    }

    /**
     * Enters the port in the table and ties it to its owner: the owner's death closes it. Throws
     * {@link NoProcessException} (after closing the port) if the owner died before the monitor was set.
     */
    final void attach() {
        table.add(this);
        Pid o = owner;
        MonitorRef m = table.monitor(o, () -> onOwnerDown(o));
        synchronized (this) {
            ownerMonitor = m;
            if (open) { // a close that won the race has already run its uncounting: count only an open port
                countedOwner = o;
                PortTable.attached(o);
            }
        }
        if (!open) {
            m.demonitor();
        }
        if (!o.isAlive()) {
            closePort();
            throw new NoProcessException(o.toString());
        }
    }

    /** {@code controlling_process}: monitor the new owner first, then switch, then drop the old monitor. */
    final void changeOwner(Pid newOwner) {
        PortTable.requireLiveOwner(newOwner, "newOwner");
        MonitorRef fresh = table.monitor(newOwner, () -> onOwnerDown(newOwner));
        MonitorRef old;
        synchronized (this) {
            if (!open) {
                fresh.demonitor();
                throw new UncheckedIOException(closedException());
            }
            old = ownerMonitor;
            ownerMonitor = fresh;
            owner = newOwner;
            if (countedOwner != null) {
                PortTable.detached(countedOwner);
            }
            countedOwner = newOwner;
            PortTable.attached(newOwner);
        }
        if (old != null) {
            old.demonitor();
        }
        if (!newOwner.isAlive()) {
            onOwnerDown(newOwner);
        }
    }

    /** The owner {@code who} stopped: close, unless ownership has moved on meanwhile. */
    private void onOwnerDown(Pid who) {
        if (Objects.equals(owner, who)) {
            closePort();
        }
    }
}
