package io.medic.runtime.ports;

/**
 * The socket has delivered the chunks of its {@code {active, N}} count (or was set to a count of 0 or
 * less) and stopped reading: Erlang's {@code {tcp_passive, Socket}}. Arrives after the last
 * {@link TcpData} of the count. The owner reads more by setting a mode again
 * ({@link TcpSocket#setActive}).
 *
 * @param socket the socket that went passive
 */
public record TcpPassive(TcpSocket socket) {
}
