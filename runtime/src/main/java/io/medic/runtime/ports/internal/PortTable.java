package io.medic.runtime.ports.internal;

import akka.actor.ExtendedActorSystem;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.internal.NodeServices;
import io.medic.runtime.internal.ProcessRecord;
import io.medic.runtime.ports.Active;
import io.medic.runtime.ports.FilePort;
import io.medic.runtime.ports.PortEntry;
import io.medic.runtime.ports.TcpListener;
import io.medic.runtime.ports.TcpSocket;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>One node's port table: a concurrent map from port number to port, the factories that open
 * ports and attach them to their owners (counted in the owner's {@code ProcessEntry.ports()}), lookup
 * and close. recon's queries over the table live in the introspection module. The selector thread is
 * started with the first TCP socket and stopped, with every port closed, when the ActorSystem terminates.
 */
public final class PortTable {

    private static final Pattern REF = Pattern.compile("#Port<0\\.(\\d{1,18})>|<0\\.(\\d{1,18})>|(\\d{1,18})");

    final Logger log = LoggerFactory.getLogger("io.medic.ports");
    final PortSettings settings;
    private final ExtendedActorSystem system;
    private final ConcurrentHashMap<Long, AbstractPort> ports = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Guarded by this. */
    private PortSelector selector;
    /** Guarded by this. */
    private boolean terminated;

    private PortTable(NodeServices services) {
        this.system = services.system;
        this.settings = PortSettings.fromConfig(system.settings().config());
    }

    /** The table of a node; closed (ports, thread, pending windows) when its ActorSystem terminates. */
    public static PortTable create(NodeServices services) {
        PortTable t = new PortTable(services);
        try {
            services.system.registerOnTermination(t::terminate);
        } catch (RuntimeException e) {
            t.terminate(); // the system is already shutting down: refuse to open ports
        }
        return t;
    }

    // ================================================================== opening ports

    public TcpListener listen(Pid owner, InetSocketAddress bind, int backlog) throws IOException {
        requireLiveOwner(owner, "owner");
        Objects.requireNonNull(bind, "bind: expected a local address such as new InetSocketAddress(\"127.0.0.1\", 0), got null");
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog: expected ≥ 0 (0 for the system default), got " + backlog);
        }
        ensureRunning();
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(bind, backlog);
            TcpListenerImpl port = new TcpListenerImpl(this, owner, ch);
            port.attach();
            return port;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IOException("tcp_inet listen on " + TcpSocketImpl.addr(bind) + " failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    public TcpSocket connect(Pid owner, InetSocketAddress remote, Duration timeout, Active mode) throws IOException {
        requireLiveOwner(owner, "owner");
        Objects.requireNonNull(remote, "remote: expected the address to connect to, got null");
        int millis = (int) Math.max(1, checkTimeout("timeout", timeout).toMillis());
        ensureRunning();
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().connect(remote, millis);
        } catch (SocketTimeoutException e) {
            closeQuietly(ch);
            SocketTimeoutException t = new SocketTimeoutException("tcp_inet connect to " + TcpSocketImpl.addr(remote)
                    + " timed out after " + show(timeout));
            t.initCause(e);
            throw t;
        } catch (ConnectException e) {
            closeQuietly(ch);
            ConnectException c = new ConnectException("tcp_inet connect to " + TcpSocketImpl.addr(remote)
                    + " failed: " + e.getMessage());
            c.initCause(e);
            throw c;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw new IOException("tcp_inet connect to " + TcpSocketImpl.addr(remote) + " failed: " + e, e);
        }
        return adopt(owner, ch, mode);
    }

    /** Makes a connected channel a port owned by {@code owner}, read in {@code mode} from the start. */
    TcpSocket adopt(Pid owner, SocketChannel ch, Active mode) throws IOException {
        try {
            ch.configureBlocking(false);
            TcpSocketImpl port = new TcpSocketImpl(this, owner, ch, selector(), mode);
            port.attach();
            port.register();
            if (!port.isOpen() && !owner.isAlive()) {
                throw new NoProcessException(owner.toString()); // the owner died while the socket was being set up
            }
            return port;
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    public FilePort openFile(Pid owner, Path path, OpenOption... options) throws IOException {
        requireLiveOwner(owner, "owner");
        Objects.requireNonNull(path, "path: expected a file path, got null");
        Objects.requireNonNull(options, "options");
        ensureRunning();
        FileChannel ch = FileChannel.open(path, options);
        try {
            FilePortImpl port = new FilePortImpl(this, owner, ch, path);
            port.attach();
            return port;
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    // ================================================================== the table

    public int count() {
        return ports.size();
    }

    public Collection<PortEntry> entries() {
        return Collections.unmodifiableCollection(ports.values());
    }

    public Optional<PortEntry> get(long id) {
        return Optional.ofNullable(ports.get(id));
    }

    public Optional<PortEntry> lookup(String ref) {
        return get(parseRef(ref));
    }

    /** Parses {@code #Port<0.N>}, {@code <0.N>} or {@code N} (surrounding blanks ignored) to {@code N}. */
    public static long parseRef(String ref) {
        if (ref == null) {
            throw new IllegalArgumentException("port reference: expected #Port<0.N>, <0.N> or N, got null");
        }
        Matcher m = REF.matcher(ref.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("port reference: expected #Port<0.N>, <0.N> or N, got \"" + ref + "\"");
        }
        String digits = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
        return Long.parseLong(digits);
    }

    public List<PortEntry> ownedBy(Pid owner) {
        Objects.requireNonNull(owner, "owner");
        List<PortEntry> result = new ArrayList<>();
        for (AbstractPort p : ports.values()) {
            if (owner.equals(p.owner())) {
                result.add(p);
            }
        }
        result.sort(Comparator.comparingLong(PortEntry::id));
        return result;
    }

    // ================================================================== validation

    /** Null → NullPointerException naming the field; dead → {@link NoProcessException}. */
    static void requireLiveOwner(Pid owner, String field) {
        if (owner == null) {
            throw new NullPointerException(field + ": expected a live Medic process to own the port, got null");
        }
        if (!owner.isAlive()) {
            throw new NoProcessException(owner.toString());
        }
    }

    static Duration checkTimeout(String field, Duration timeout) {
        Objects.requireNonNull(timeout, field + ": expected a positive duration, got null");
        if (timeout.compareTo(Duration.ofMillis(1)) < 0 || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(field + ": expected 1 ms ≤ timeout ≤ " + Integer.MAX_VALUE + " ms, got "
                    + show(timeout));
        }
        return timeout;
    }

    /** A duration for messages: {@code 250 ms}, or its ISO form when it is not a whole number of ms. */
    static String show(Duration d) {
        if (d.getNano() % 1_000_000 == 0 && d.getSeconds() >= 0 && d.getSeconds() < Long.MAX_VALUE / 1000) {
            return d.toMillis() + " ms";
        }
        return d.toString();
    }

    // ================================================================== lifecycle and helpers

    long nextId() {
        return ids.incrementAndGet();
    }

    void add(AbstractPort port) {
        ports.put(port.id(), port);
    }

    void remove(AbstractPort port) {
        ports.remove(port.id(), port);
    }

    /** Counts a port in its owner's {@link io.medic.runtime.ProcessEntry#ports()}. */
    static void attached(Pid owner) {
        ProcessRecord.of(owner).portAttached();
    }

    /** Uncounts a port from its (former) owner's {@link io.medic.runtime.ProcessEntry#ports()}. */
    static void detached(Pid owner) {
        ProcessRecord.of(owner).portDetached();
    }

    /** Calls {@code onDown} once when {@code pid} stops (at once if it has); returns the monitor to drop. */
    MonitorRef monitor(Pid pid, Runnable onDown) {
        return ProcessRecord.of(pid).monitor(null, down -> onDown.run());
    }

    private synchronized PortSelector selector() throws IOException {
        ensureRunning();
        if (selector == null) {
            selector = new PortSelector("medic-ports-" + system.name(), settings.readBufferSize(), log);
        }
        return selector;
    }

    private synchronized void ensureRunning() throws IOException {
        if (terminated) {
            throw new IOException("node " + system.name() + " has terminated: no new ports");
        }
    }

    /** The node is gone: close every port, stop the selector thread. */
    private void terminate() {
        PortSelector s;
        synchronized (this) {
            terminated = true;
            s = selector;
            selector = null;
        }
        for (AbstractPort p : ports.values()) {
            p.close();
        }
        if (s != null) {
            s.shutdown(1000);
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing to add: the caller reports the original failure
        }
    }
}
