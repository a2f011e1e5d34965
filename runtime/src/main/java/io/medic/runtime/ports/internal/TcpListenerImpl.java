package io.medic.runtime.ports.internal;

import io.medic.runtime.Pid;
import io.medic.runtime.ports.Active;
import io.medic.runtime.ports.TcpListener;
import io.medic.runtime.ports.TcpSocket;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * INTERNAL API
 *
 * <p>A listening socket in blocking mode: {@link #accept} waits on the caller's thread through the
 * channel's socket adaptor, which honours a timeout. Accepts take turns (the timeout is per socket).
 */
final class TcpListenerImpl extends AbstractPort implements TcpListener {
    private final ServerSocketChannel channel;
    private final InetSocketAddress local;
    private final ReentrantLock acceptLock = new ReentrantLock();

    TcpListenerImpl(PortTable table, Pid owner, ServerSocketChannel channel) throws IOException {
        super(table, "tcp_inet", owner);
        this.channel = channel;
        this.local = (InetSocketAddress) channel.getLocalAddress();
    }

    @Override
    public TcpSocket accept(Pid owner, Duration timeout, Active mode) throws IOException {
        PortTable.requireLiveOwner(owner, "owner");
        Objects.requireNonNull(mode, "mode");
        long nanos = PortTable.checkTimeout("timeout", timeout).toNanos();
        long deadline = System.nanoTime() + nanos;
        ensureOpen();
        try {
            if (!acceptLock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
                throw new SocketTimeoutException(describe() + ": accept timed out after " + PortTable.show(timeout)
                        + " waiting for another accept on this listener");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(describe() + ": interrupted while waiting to accept");
        }
        SocketChannel accepted;
        try {
            long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            channel.socket().setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            Socket s = channel.socket().accept();
            accepted = s.getChannel();
        } catch (SocketTimeoutException e) {
            SocketTimeoutException t = new SocketTimeoutException(describe() + ": accept timed out after "
                    + PortTable.show(timeout));
            t.initCause(e);
            throw t;
        } catch (IOException e) {
            if (!channel.isOpen()) {
                closePort(); // closed under us, or by an interrupt of the accepting thread
                throw new IOException(describe() + " is closed", e);
            }
            throw new IOException(describe() + ": accept failed: " + e.getMessage(), e);
        } finally {
            acceptLock.unlock();
        }
        return table.adopt(owner, accepted, mode);
    }

    @Override
    public Optional<InetSocketAddress> localAddress() {
        return Optional.ofNullable(local);
    }

    @Override
    void closeResource() throws IOException {
        channel.close();
    }

    @Override
    String detail() {
        return "listen " + TcpSocketImpl.addr(local);
    }
}
