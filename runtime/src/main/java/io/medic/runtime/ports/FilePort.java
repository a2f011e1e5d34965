package io.medic.runtime.ports;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A file opened through Medic by a process: port name {@code "efile"}. Reads and writes run on the
 * caller's thread (files are not read actively) and are counted: a write counts {@code send_oct} by the
 * bytes written and {@code send_cnt += 1}; a read that returns bytes counts {@code recv_oct} and
 * {@code recv_cnt += 1}. It closes when its owner stops. Thread-safe (as {@link java.nio.channels.FileChannel}).
 */
public interface FilePort extends PortEntry, AutoCloseable {

    /**
     * {@code file:write/2}: writes from {@code b} at the current position.
     *
     * @return the number of bytes written
     * @throws IOException naming the port if it is closed or the write failed
     */
    int write(ByteBuffer b) throws IOException;

    /**
     * {@code file:read/2}: reads into {@code b} from the current position.
     *
     * @return the number of bytes read, or -1 at the end of the file
     * @throws IOException naming the port if it is closed or the read failed
     */
    int read(ByteBuffer b) throws IOException;

    /**
     * {@code file:position/2}: the current position.
     *
     * @throws IOException naming the port if it is closed
     */
    long position() throws IOException;

    /**
     * Moves to {@code position} ({@code file:position/2} with {@code {bof, N}}).
     *
     * @throws IllegalArgumentException if {@code position} is negative
     * @throws IOException              naming the port if it is closed
     */
    void position(long position) throws IOException;

    /**
     * The file's current size in bytes.
     *
     * @throws IOException naming the port if it is closed
     */
    long size() throws IOException;

    /** {@code file:close/1}: closes the file and removes it from the table. Idempotent. */
    @Override
    void close();
}
