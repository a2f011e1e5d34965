package io.medic.runtime.ports.internal;

import io.medic.runtime.Pid;
import io.medic.runtime.ports.FilePort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * INTERNAL API
 *
 * <p>A file channel with counted reads and writes on the caller's thread. A channel closed under us
 * (another thread's close, or an interrupt of a thread doing I/O on it) closes the port too.
 */
final class FilePortImpl extends AbstractPort implements FilePort {
    private final FileChannel channel;
    private final Path path;

    FilePortImpl(PortTable table, Pid owner, FileChannel channel, Path path) {
        super(table, "efile", owner);
        this.channel = channel;
        this.path = path;
    }

    @Override
    public int write(ByteBuffer b) throws IOException {
        Objects.requireNonNull(b, "b");
        ensureOpen();
        int n;
        try {
            n = channel.write(b);
        } catch (IOException e) {
            throw failed("write", e);
        }
        countSendBytes(n);
        countSendPacket();
        return n;
    }

    @Override
    public int read(ByteBuffer b) throws IOException {
        Objects.requireNonNull(b, "b");
        ensureOpen();
        int n;
        try {
            n = channel.read(b);
        } catch (IOException e) {
            throw failed("read", e);
        }
        if (n > 0) {
            countRecv(n);
        }
        return n;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        try {
            return channel.position();
        } catch (IOException e) {
            throw failed("position", e);
        }
    }

    @Override
    public void position(long position) throws IOException {
        if (position < 0) {
            throw new IllegalArgumentException("position: expected ≥ 0, got " + position);
        }
        ensureOpen();
        try {
            channel.position(position);
        } catch (IOException e) {
            throw failed("position", e);
        }
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        try {
            return channel.size();
        } catch (IOException e) {
            throw failed("size", e);
        }
    }

    @Override
    public Optional<Path> path() {
        return Optional.of(path);
    }

    @Override
    void closeResource() throws IOException {
        channel.close();
    }

    @Override
    String detail() {
        return path.toString();
    }

    private IOException failed(String op, IOException e) {
        if (e instanceof ClosedChannelException || !channel.isOpen()) {
            closePort();
            return new IOException(describe() + " is closed", e);
        }
        return new IOException(describe() + ": " + op + " failed: " + e.getMessage(), e);
    }
}
