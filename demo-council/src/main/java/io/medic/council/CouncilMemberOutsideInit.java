package io.medic.council;

import io.medic.runtime.From;
import io.medic.supervision.ReconnectPolicy;
import io.medic.supervision.ReconnectingServer;
import java.time.Duration;

/**
 * The chapter 2 exercise: a council member whose socket set-up happens <em>outside</em> init, with
 * {@link ReconnectingServer}. Its init only draws the verbosity and starts speaking; the sockets are
 * opened by the reconnect loop (once at once, then with backoff if it fails). While it has no sockets
 * it still speaks (to peers) and peers simply cannot reach it over TCP. See docs/council.md for
 * the trade-off.
 */
final class CouncilMemberOutsideInit extends ReconnectingServer<Member.Sockets, Member> {
    private final Council council;
    private final String name;
    private Member member;

    CouncilMemberOutsideInit(Council council, String name) {
        super(ReconnectPolicy.exponential(Duration.ofMillis(50), Duration.ofSeconds(5), 0.2).withConnectInInit(false));
        this.council = council;
        this.name = name;
    }

    @Override
    protected Member initialState() {
        member = new Member(council, name, self().entry().restarts());
        council.joined(node(), name, self());
        sendAfter(member.verbosity.interval(), Speech.Speak.SPEAK);
        return member;
    }

    @Override
    protected Member.Sockets connect() throws Exception {
        return Member.openServer(node(), self());
    }

    @Override
    protected void disconnect(Member.Sockets sockets) {
        if (member.sockets == sockets) {
            member.disconnected(); // unpublish, then close
        } else {
            sockets.close(); // an attempt that completed after the member stopped
        }
    }

    @Override
    protected void onConnected(Member.Sockets sockets) {
        member.connected(sockets);
    }

    @Override
    protected Result<Member> handleOtherInfo(Object message, Member m) {
        if (message instanceof io.medic.runtime.ports.TcpClosed) {
            connectionLost(null); // its own sockets broke: set them up again, with backoff
        } else {
            m.info(message, node(), interval -> sendAfter(interval, Speech.Speak.SPEAK));
        }
        return noreply(m);
    }

    @Override
    protected Result<Member> handleConnectedCall(Object request, From from, Member.Sockets s, Member m) {
        m.unexpected("call", request);
        return noreply(m);
    }

    @Override
    protected Result<Member> handleConnectedCast(Object message, Member.Sockets s, Member m) {
        m.unexpected("cast", message);
        return noreply(m);
    }

    @Override
    protected Object stateSnapshot(Member m) {
        return m.status();
    }

    @Override
    protected Object formatStatus(Member m) {
        return m.status();
    }
}
