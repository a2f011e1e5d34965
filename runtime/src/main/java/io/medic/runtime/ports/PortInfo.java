package io.medic.runtime.ports;

import io.medic.runtime.Pid;
import java.time.Instant;

/**
 * A snapshot of one port: {@code recon:port_info/1}, flattened. Its groups map as follows:
 * meta ({@code id}, {@code name}), signals ({@code connected} = {@code owner}), io ({@code input} =
 * {@code recvOct}, {@code output} = {@code sendOct}), type (inet statistics {@code recv_oct},
 * {@code send_oct}, {@code recv_cnt}, {@code send_cnt}, {@code sockname} = {@code localAddress},
 * {@code peername} = {@code peerAddress}).
 *
 * @param localAddress {@code "127.0.0.1:5000"}, or null when not an inet port
 * @param peerAddress  {@code "127.0.0.1:41234"}, or null when not a connected socket
 * @param path         the file's path, or null when not a file port
 */
public record PortInfo(long id, String name, Pid owner, boolean open, long recvOct, long sendOct, long recvCnt,
                       long sendCnt, String localAddress, String peerAddress, String path, Instant openedAt) {

    /** Takes a snapshot of {@code port}'s current values. */
    public static PortInfo of(PortEntry port) {
        return new PortInfo(port.id(), port.name(), port.owner(), port.isOpen(), port.recvOct(), port.sendOct(),
                port.recvCnt(), port.sendCnt(),
                port.localAddress().map(PortInfo::format).orElse(null),
                port.peerAddress().map(PortInfo::format).orElse(null),
                port.path().map(Object::toString).orElse(null),
                port.openedAt());
    }

    /** {@code #Port<0.N>}: the reference {@link Ports#lookup} accepts. */
    public String ref() {
        return "#Port<0." + id + ">";
    }

    private static String format(java.net.InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
