package io.medic.runtime.ports;

import io.medic.runtime.Pid;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A port in the node's port table: an Erlang port ({@code erlang:port_info/1}). Its counters are live
 * and read without locking (each is exact; two of them read one after the other may be a few
 * operations apart). A closed port keeps its final counters and leaves the table.
 *
 * <p>Implemented by {@link TcpSocket}, {@link TcpListener} and {@link FilePort}. Thread-safe.
 */
public interface PortEntry {

    /** The node-unique port number {@code N} of {@code #Port<0.N>} (recon's {@code id}). */
    long id();

    /** The port type: {@code "tcp_inet"} for sockets and listeners, {@code "efile"} for files (recon's {@code name}). */
    String name();

    /** The owning (controlling) process: it receives the port's messages, and its death closes the port ({@code connected}). */
    Pid owner();

    /** True until the port is closed (by {@code close()}, its owner's death, the peer, or an error). */
    boolean isOpen();

    /** Bytes read from the port ({@code recv_oct}, recon's {@code input}). */
    long recvOct();

    /** Bytes written to the port ({@code send_oct}, recon's {@code output}). */
    long sendOct();

    /** Reads that returned data: {@link TcpData} deliveries, or {@link FilePort#read} calls that read bytes ({@code recv_cnt}). */
    long recvCnt();

    /** Completed writes: {@link TcpSocket#send} or {@link FilePort#write} calls ({@code send_cnt}). */
    long sendCnt();

    /** The local address of an inet port ({@code sockname}); empty for files. */
    Optional<InetSocketAddress> localAddress();

    /** The remote address of a connected socket ({@code peername}); empty for listeners and files. */
    Optional<InetSocketAddress> peerAddress();

    /** The path of a file port; empty for inet ports. */
    Optional<Path> path();

    /** When the port was opened. */
    Instant openedAt();

    /** Whether this is an inet port (its name ends with {@code _inet}): those recon's {@code inet_count} ranks. */
    default boolean isInet() {
        return name().endsWith("_inet");
    }

    /** {@code #Port<0.N>}. */
    @Override
    String toString();
}
