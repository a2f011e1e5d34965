package io.medic.runtime.ports;

import io.medic.runtime.Pid;
import java.io.IOException;
import java.time.Duration;

/**
 * A listening TCP socket owned by a Medic process: {@code gen_tcp:listen/2} (port name
 * {@code "tcp_inet"}; its counters stay 0). Made by {@link Ports#listen}. It closes when its owner
 * stops. Thread-safe.
 */
public interface TcpListener extends PortEntry, AutoCloseable {

    /**
     * {@code gen_tcp:accept/2}: waits at most {@code timeout} for a connection and returns it as a socket
     * owned by {@code owner} (which may differ from the listener's owner). Concurrent accepts take turns.
     *
     * <p>Cost: blocks the calling thread until a connection arrives or the timeout elapses.
     *
     * @throws NullPointerException                 if an argument is null
     * @throws IllegalArgumentException             if the timeout is not between 1 ms and {@code Integer.MAX_VALUE} ms
     * @throws io.medic.runtime.NoProcessException  if {@code owner} is not alive
     * @throws IOException                          naming the port if it is closed (before or during the wait),
     *                                              or the timeout elapsed
     */
    default TcpSocket accept(Pid owner, Duration timeout) throws IOException {
        return accept(owner, timeout, Active.TRUE);
    }

    /**
     * {@code gen_tcp:accept/2} on a listener opened with {@code {active, Mode}}: as
     * {@link #accept(Pid, Duration)}, the socket being read in {@code mode} from the start (with
     * {@link Active#ONCE} or {@link Active#FALSE} nothing is read before the owner asks).
     */
    TcpSocket accept(Pid owner, Duration timeout, Active mode) throws IOException;

    /** {@code gen_tcp:close/1}: stops listening (a pending accept fails) and leaves the table. Idempotent. */
    @Override
    void close();
}
