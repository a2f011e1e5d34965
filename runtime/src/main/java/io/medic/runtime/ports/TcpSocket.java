package io.medic.runtime.ports;

import io.medic.runtime.Pid;
import java.io.IOException;
import java.time.Duration;

/**
 * A connected TCP socket owned by a Medic process: a {@code gen_tcp} socket in active mode (port name
 * {@code "tcp_inet"}). Made by {@link Ports#connect} or {@link TcpListener#accept}.
 *
 * <p><b>Reading.</b> The node's selector thread reads the socket and sends each chunk to the current
 * owner as a {@link TcpData} ({@code {tcp, Socket, Data}}), then one {@link TcpClosed} when the peer
 * closes or the socket fails. How much it reads is the socket's {@link Active} mode, gen_tcp's
 * {@code active} option: by default {@link Active#TRUE}, everything as it arrives, with no flow control
 * (a slow owner's mailbox grows: watch its {@code message_queue_len}); with {@link Active#ONCE} or
 * {@link Active#n(int)} only as many chunks as the owner asked for, after which the socket stops
 * reading and the peer is held back by TCP itself (back-pressure); with {@link Active#FALSE} nothing.
 * A socket that is not reading does not notice that its peer closed until it reads again.
 *
 * <p><b>Writing</b> ({@link #send}) is safe from any thread; concurrent sends never interleave their
 * bytes. When the peer does not read and the kernel's send buffer is full, {@code send} blocks its
 * caller for at most the send timeout (default 5 s, {@link #sendTimeout()}), then fails with an
 * {@link IOException} naming the port, and closes the socket (the stream may hold a partial write):
 * Erlang's {@code {send_timeout, T}} with {@code {send_timeout_close, true}}. Nothing is queued in
 * memory: the bytes not yet written stay in the caller's array.
 *
 * <p>The socket closes when its owner stops (a port dies with its owner), and leaves the port table
 * when closed. Thread-safe.
 */
public interface TcpSocket extends PortEntry, AutoCloseable {

    /**
     * {@code gen_tcp:send/2}: writes all of {@code data}, in one piece relative to other sends. Counts
     * {@code send_oct += data.length} and {@code send_cnt += 1} (a send that fails counts the bytes it
     * did write, and no packet). Any thread.
     *
     * <p>Cost: a system call per 64 KiB; blocks while the peer's window is full, for at most the send
     * timeout per stall, plus at most the send timeout waiting for a concurrent send to finish.
     *
     * @throws IOException naming the port if it is closed, the peer reset the connection, or the send
     *                     timed out (then the port is closed and the owner gets {@link TcpClosed})
     */
    void send(byte[] data) throws IOException;

    /**
     * {@code gen_tcp:controlling_process/2}: makes {@code newOwner} the owner. Data read afterwards goes
     * to it, and the socket now dies with it instead of with the previous owner.
     *
     * @throws NullPointerException                  if {@code newOwner} is null
     * @throws io.medic.runtime.NoProcessException   if {@code newOwner} is not alive
     * @throws java.io.UncheckedIOException          naming the port if it is closed
     */
    void setOwner(Pid newOwner);

    /**
     * {@code inet:setopts(Socket, [{active, Mode}])}: how the socket is read from now on (see {@link Active}).
     * With {@link Active#ONCE} the socket reads one more chunk and delivers it, then stops reading until
     * this is called again; it never reads ahead. With {@link Active#n(int)} it delivers that many more
     * chunks (added to what is left of a previous count), then stops and sends the owner a
     * {@link TcpPassive}, at once if the count is 0 or less. With {@link Active#FALSE} it stops reading.
     * Any thread; a chunk being delivered while this is called counts under the mode it was read with.
     *
     * <p>Cost: a lock shared with the selector thread, and a change of the socket's selection interest.
     *
     * @throws NullPointerException          if {@code mode} is null
     * @throws IllegalArgumentException      if an {@code {active, N}} count would exceed {@value Active#MAX_N},
     *                                       naming the count and N
     * @throws java.io.UncheckedIOException naming the port if it is closed
     */
    void setActive(Active mode);

    /**
     * The socket's mode now: {@link Active#TRUE}, {@link Active#ONCE} (not yet delivered),
     * {@link Active#FALSE} (also once the chunk of {@code once} or the count of {@code N} is delivered), or
     * {@link Active#n(int)} with the chunks still to deliver.
     */
    Active active();

    /** How long {@link #send} waits for the peer to make room (and for another sender) before failing. */
    Duration sendTimeout();

    /**
     * Sets {@link #sendTimeout()} for this socket: between 1 ms and 1 h (Erlang's {@code send_timeout}).
     *
     * @throws IllegalArgumentException naming the bad value and the range
     */
    void setSendTimeout(Duration timeout);

    /** {@code gen_tcp:close/1}: closes the socket and removes it from the table. Idempotent; no {@link TcpClosed}. */
    @Override
    void close();
}
