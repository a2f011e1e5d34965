package io.medic.introspection;

import io.medic.runtime.Pid;
import java.time.Instant;
import java.util.Map;

/**
 * What {@link Recon#portInfo} says of one port, grouped like {@code recon:port_info/1}: meta, signals, io
 * and type. A snapshot: the port's counters are read one after the other, without locking.
 *
 * @param port    {@code #Port<0.N>}
 * @param open    false once the port has closed (a closed port leaves the table: a report of one is rare)
 * @param meta    what it is
 * @param signals who owns it
 * @param io      bytes in and out
 * @param type    what its type knows: inet statistics and addresses, or a file's path
 */
public record PortReport(String port, boolean open, Meta meta, Signals signals, Io io, Type type) {

    /**
     * {@code meta}.
     *
     * @param id       the node-unique port number {@code N} of {@code #Port<0.N>}
     * @param name     its type: {@code tcp_inet}, {@code efile}
     * @param openedAt when it was opened
     */
    public record Meta(long id, String name, Instant openedAt) {
    }

    /**
     * {@code signals}: the owning (controlling) process, recon's {@code connected}.
     *
     * @param owner      the process that receives its messages and whose death closes it
     * @param ownerName  that process's registered name, or null
     * @param ownerPorts how many ports that process owns, this one included
     */
    public record Signals(Pid owner, String ownerName, int ownerPorts) {
    }

    /**
     * {@code io}: recon's {@code input} and {@code output}.
     *
     * @param inputBytes  bytes read from the port ({@code input}, {@code recv_oct})
     * @param outputBytes bytes written to the port ({@code output}, {@code send_oct})
     */
    public record Io(long inputBytes, long outputBytes) {
    }

    /**
     * {@code type}: what the port's type knows.
     *
     * @param statistics   {@code recv_oct}, {@code send_oct}, {@code recv_cnt}, {@code send_cnt}
     *                     ({@code inet:getstat/1}; files count the same)
     * @param localAddress {@code "127.0.0.1:5000"} (recon's {@code sockname}), or null when not an inet port
     * @param peerAddress  {@code "127.0.0.1:41234"} (recon's {@code peername}), or null when not a connected socket
     * @param path         the file's path, or null when not a file port
     */
    public record Type(Map<String, Long> statistics, String localAddress, String peerAddress, String path) {
    }
}
