package io.medic.runtime.ports.internal;

import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.Active;
import io.medic.runtime.ports.TcpClosed;
import io.medic.runtime.ports.TcpData;
import io.medic.runtime.ports.TcpPassive;
import io.medic.runtime.ports.TcpSocket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * INTERNAL API
 *
 * <p>A connected, non-blocking socket. The node's {@link PortSelector} thread reads it
 * ({@link #onReadable}) and delivers {@link TcpData} to the current owner, then {@link TcpClosed} once.
 * Senders take {@link #writeLock} for a whole send, so sends never interleave; a sender that finds the
 * kernel buffer full asks the selector for {@code OP_WRITE} and parks on a future that the selector
 * completes ({@link #onWritable}), for at most the send timeout.
 *
 * <p>The active mode is a count of reads left ({@link #credit}) that the selector thread spends and the
 * owner refills ({@link #setActive}), both under {@link #readLock}: the read, its delivery and the
 * decision to stop reading happen as one step, so a refill can never be lost between them. A socket
 * with no reads left has no {@code OP_READ} interest: the selector does not see its bytes, the kernel
 * keeps them, and TCP's window holds the peer back.
 */
final class TcpSocketImpl extends AbstractPort implements TcpSocket {
    /** Largest slice handed to one write call: keeps the JDK's per-thread temporary direct buffer small. */
    static final int WRITE_SLICE = 64 * 1024;

    private final SocketChannel channel;
    private final PortSelector selector;
    private final InetSocketAddress local;
    private final InetSocketAddress peer;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile long sendTimeoutNanos;
    private volatile SelectionKey key;
    /** Completed by the selector when the socket is writable again; set by the (single, locked) waiting sender. */
    private volatile CompletableFuture<Void> writable;
    /** Guards {@link #mode}, {@link #credit} and the {@code OP_READ} interest; held by each read and its delivery. */
    private final Object readLock = new Object();
    /** The active mode; {@code FALSE} once a {@code once} or {@code N} has been spent. Guarded by readLock. */
    private Active.Mode mode;
    /** Reads left: {@link #UNLIMITED} in {@code {active, true}}, 0 when passive. Guarded by readLock. */
    private int credit;
    private static final int UNLIMITED = -1;

    TcpSocketImpl(PortTable table, Pid owner, SocketChannel channel, PortSelector selector, Active active)
            throws IOException {
        super(table, "tcp_inet", owner);
        this.channel = channel;
        this.selector = selector;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.peer = (InetSocketAddress) channel.getRemoteAddress();
        this.sendTimeoutNanos = table.settings.sendTimeout().toNanos();
        synchronized (readLock) {
            switchTo(active); // not registered yet: no interest to change, nobody to tell
        }
    }

    /** Starts reading (or not, in a passive mode): registers with the selector. A port closed meanwhile stays closed. */
    void register() {
        synchronized (readLock) { // the selector cannot read before the key is known
            try {
                key = selector.register(channel, this, credit != 0 ? SelectionKey.OP_READ : 0);
            } catch (ClosedChannelException e) {
                // closed concurrently (its owner died): nothing to read
            }
        }
    }

    // ================================================================== TcpSocket

    @Override
    public void send(byte[] data) throws IOException {
        Objects.requireNonNull(data, "data");
        long timeout = sendTimeoutNanos;
        ensureOpen();
        lockForSend(timeout);
        try {
            int off = 0;
            while (off < data.length) {
                if (!isOpen()) {
                    throw new IOException(describe() + " is closed (" + off + " of " + data.length + " bytes sent)");
                }
                int written = write(data, off, Math.min(WRITE_SLICE, data.length - off));
                if (written > 0) {
                    off += written;
                    countSendBytes(written);
                } else {
                    awaitWritable(timeout, off, data.length);
                }
            }
            countSendPacket();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void setOwner(Pid newOwner) {
        changeOwner(newOwner);
    }

    @Override
    public void setActive(Active active) {
        Objects.requireNonNull(active, "mode");
        synchronized (readLock) {
            if (!isOpen()) {
                throw new UncheckedIOException(closedException());
            }
            boolean passiveNow = switchTo(active);
            interest(key, credit != 0);
            if (passiveNow) {
                Medic.send(owner(), new TcpPassive(this));
            }
        }
    }

    @Override
    public Active active() {
        synchronized (readLock) {
            return mode == Active.Mode.COUNT ? Active.n(credit) : switch (mode) {
                case TRUE -> Active.TRUE;
                case ONCE -> Active.ONCE;
                default -> Active.FALSE;
            };
        }
    }

    @Override
    public Duration sendTimeout() {
        return Duration.ofNanos(sendTimeoutNanos);
    }

    @Override
    public void setSendTimeout(Duration timeout) {
        sendTimeoutNanos = PortSettings.checkSendTimeout("sendTimeout", timeout).toNanos();
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        return Optional.ofNullable(local);
    }

    @Override
    public Optional<InetSocketAddress> peerAddress() {
        return Optional.ofNullable(peer);
    }

    // ================================================================== selector thread

    /**
     * Reads once (at most one buffer) and delivers it, spending one read of the active mode's count;
     * the last one drops the read interest (and, in {@code {active, N}}, tells the owner). On end of
     * stream or error, closes and notifies.
     */
    void onReadable(SelectionKey k, ByteBuffer buffer) {
        synchronized (readLock) {
            if (!isOpen()) {
                return;
            }
            if (credit == 0) { // passive: readiness seen before the interest was dropped
                interest(k, false);
                return;
            }
            buffer.clear();
            int n;
            try {
                n = channel.read(buffer);
            } catch (IOException e) {
                fail();
                return;
            }
            if (n > 0) {
                byte[] data = new byte[n];
                buffer.flip();
                buffer.get(data);
                countRecv(n);
                Medic.send(owner(), new TcpData(this, data));
                if (credit > 0 && --credit == 0) {
                    boolean tell = mode == Active.Mode.COUNT;
                    mode = Active.Mode.FALSE;
                    interest(k, false);
                    if (tell) {
                        Medic.send(owner(), new TcpPassive(this));
                    }
                }
            } else if (n < 0) {
                fail();
            }
        }
    }

    /** The socket can take bytes again: stop watching for it and wake the waiting sender. */
    void onWritable(SelectionKey k) {
        k.interestOpsAnd(~SelectionKey.OP_WRITE);
        CompletableFuture<Void> w = writable;
        if (w != null) {
            w.complete(null);
        }
    }

    /**
     * Closes the port because of the peer or an error, and tells the owner once. Runs on the selector
     * thread, so the {@link TcpClosed} follows every {@link TcpData} already delivered.
     */
    void fail() {
        if (closePort()) {
            Medic.send(owner(), new TcpClosed(this));
        }
    }

    /**
     * A sender gave up mid-stream: close now (no more reads), and tell the owner from the selector
     * thread, so the {@link TcpClosed} still follows any {@link TcpData} being delivered right now.
     */
    private void failFromSender() {
        if (closePort()) {
            Pid o = owner();
            selector.execute(() -> Medic.send(o, new TcpClosed(this)));
        }
    }

    // ================================================================== internals

    /**
     * Sets the mode and the count (guarded by readLock); returns true if this leaves an {@code {active, N}}
     * count at 0, which the owner is told about.
     */
    private boolean switchTo(Active active) {
        switch (active.mode()) {
            case TRUE -> {
                mode = Active.Mode.TRUE;
                credit = UNLIMITED;
            }
            case ONCE -> {
                mode = Active.Mode.ONCE;
                credit = 1;
            }
            case FALSE -> {
                mode = Active.Mode.FALSE;
                credit = 0;
            }
            case COUNT -> {
                long left = mode == Active.Mode.COUNT ? credit : 0;
                long sum = left + active.n();
                if (sum > Active.MAX_N) {
                    throw new IllegalArgumentException("active: {active, N} adds N to the chunks left: " + left + " + "
                            + active.n() + " = " + sum + ", above " + Active.MAX_N);
                }
                if (sum <= 0) {
                    mode = Active.Mode.FALSE;
                    credit = 0;
                    return true;
                }
                mode = Active.Mode.COUNT;
                credit = (int) sum;
            }
        }
        return false;
    }

    /** Turns the read interest on (waking the selector to see it) or off; guarded by readLock. */
    private void interest(SelectionKey k, boolean read) {
        if (k == null) {
            return; // not registered yet: register() reads the count
        }
        try {
            if (read) {
                if ((k.interestOpsOr(SelectionKey.OP_READ) & SelectionKey.OP_READ) == 0) {
                    selector.wakeup();
                }
            } else {
                k.interestOpsAnd(~SelectionKey.OP_READ);
            }
        } catch (CancelledKeyException e) {
            // closed concurrently: nothing to read any more
        }
    }

    @Override
    void closeResource() throws IOException {
        try {
            channel.close();
        } finally {
            CompletableFuture<Void> w = writable;
            if (w != null) {
                w.complete(null);
            }
            selector.wakeup(); // the selector releases the descriptor when it next deregisters the key
        }
    }

    @Override
    String detail() {
        return addr(local) + " -> " + addr(peer);
    }

    static String addr(InetSocketAddress a) {
        if (a == null) {
            return "?";
        }
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return host + ":" + a.getPort();
    }

    private void lockForSend(long timeoutNanos) throws IOException {
        boolean locked;
        try {
            locked = writeLock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(describe() + ": interrupted while waiting for another send to finish");
        }
        if (!locked) {
            throw new IOException(describe() + ": send timed out after " + millis(timeoutNanos)
                    + " ms waiting for another send on this socket to finish (the peer is not reading fast enough)");
        }
    }

    private int write(byte[] data, int off, int len) throws IOException {
        try {
            return channel.write(ByteBuffer.wrap(data, off, len));
        } catch (ClosedChannelException e) {
            throw new IOException(describe() + " is closed (" + off + " of " + data.length + " bytes sent)", e);
        } catch (IOException e) {
            throw new IOException(describe() + ": send failed after " + off + " of " + data.length + " bytes: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits, at most {@code timeoutNanos}, until the selector sees the socket writable. On timeout the
     * socket is closed (send_timeout_close: the stream may hold a partial message) and the owner told.
     */
    private void awaitWritable(long timeoutNanos, int sent, int total) throws IOException {
        CompletableFuture<Void> w = new CompletableFuture<>();
        writable = w;
        try {
            SelectionKey k = key;
            if (k == null) {
                throw closedException();
            }
            k.interestOpsOr(SelectionKey.OP_WRITE);
            selector.wakeup();
            w.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (CancelledKeyException e) {
            throw new IOException(describe() + " is closed (" + sent + " of " + total + " bytes sent)", e);
        } catch (TimeoutException e) {
            failFromSender();
            throw new IOException(describe() + ": send timed out after " + millis(timeoutNanos) + " ms with "
                    + sent + " of " + total + " bytes sent: the peer is not reading; the socket is closed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (sent > 0) {
                failFromSender();
            }
            throw new InterruptedIOException(describe() + ": send interrupted with " + sent + " of " + total
                    + " bytes sent" + (sent > 0 ? "; the socket is closed" : ""));
        } catch (ExecutionException e) {
            throw new IOException(describe() + ": send failed: " + e.getCause(), e.getCause());
        } finally {
            writable = null;
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
