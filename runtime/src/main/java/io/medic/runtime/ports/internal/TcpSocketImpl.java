package io.medic.runtime.ports.internal;

import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.TcpClosed;
import io.medic.runtime.ports.TcpData;
import io.medic.runtime.ports.TcpSocket;
import java.io.IOException;
import java.io.InterruptedIOException;
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

    TcpSocketImpl(PortTable table, Pid owner, SocketChannel channel, PortSelector selector) throws IOException {
        super(table, "tcp_inet", owner);
        this.channel = channel;
        this.selector = selector;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.peer = (InetSocketAddress) channel.getRemoteAddress();
        this.sendTimeoutNanos = table.settings.sendTimeout().toNanos();
    }

    /** Starts reading: registers with the selector. A port closed meanwhile stays closed. */
    void register() {
        try {
            key = selector.register(channel, this);
        } catch (ClosedChannelException e) {
            // closed concurrently (its owner died): nothing to read
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

    /** Reads once (at most one buffer) and delivers it; on end of stream or error, closes and notifies. */
    void onReadable(ByteBuffer buffer) {
        if (!isOpen()) {
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
        } else if (n < 0) {
            fail();
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
