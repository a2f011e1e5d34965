package io.medic.council;

/**
 * A council member's state as {@code sys:get_state} and {@code GET /medic/processes/{name}/state}
 * show it: its draw, its port, and what it said and heard.
 *
 * @param name             the member's (registered) name
 * @param verbosity        its chattiness, drawn in init
 * @param port             the TCP port of its listen socket (chosen by the OS), 0 while not connected
 * @param connected        whether its sockets are up
 * @param spoke            speeches so far
 * @param sentAsMessage    speeches sent as Medic messages
 * @param sentOverTcp      speeches written to a peer's socket
 * @param tcpSendFailures  TCP writes that failed (peer restarting)
 * @param receivedMessages Medic messages received
 * @param receivedFromSelf of which it sent to itself
 * @param receivedPackets  TCP reads delivered to it
 * @param receivedBytes    TCP bytes received
 */
public record MemberStatus(String name, Verbosity verbosity, int port, boolean connected, long spoke,
                           long sentAsMessage, long sentOverTcp, long tcpSendFailures, long receivedMessages,
                           long receivedFromSelf, long receivedPackets, long receivedBytes) {
}
