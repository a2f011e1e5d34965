package io.medic.runtime.ports;

/**
 * The socket was closed by its peer, or failed (a read error, or a send that timed out): Erlang's
 * {@code {tcp_closed, Socket}}. Delivered once, to the owner at that moment, after every
 * {@link TcpData} of the socket; the port is already closed and out of the table when it arrives.
 * Not sent when the socket is closed locally ({@link TcpSocket#close()} or the owner's death).
 *
 * @param socket the closed socket
 */
public record TcpClosed(TcpSocket socket) {
}
