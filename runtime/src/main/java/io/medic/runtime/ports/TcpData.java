package io.medic.runtime.ports;

/**
 * Bytes received on a socket, delivered to its owner: Erlang's {@code {tcp, Socket, Data}} in active
 * mode. A GenServer gets it in {@code handleInfo}. Each delivery counts {@code recv_oct += data.length}
 * and {@code recv_cnt += 1} on the socket. A delivery holds at most one read's worth of bytes (64 KiB
 * by default): a TCP stream has no message boundaries, so a frame may span several deliveries and one
 * delivery may hold several frames.
 *
 * @param socket the socket the bytes came from
 * @param data   the bytes (a fresh array per delivery, owned by the receiver)
 */
public record TcpData(TcpSocket socket, byte[] data) {
    @Override
    public String toString() {
        return "TcpData[" + socket + ", " + data.length + " bytes]";
    }
}
