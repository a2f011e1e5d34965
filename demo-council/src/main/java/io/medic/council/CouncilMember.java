package io.medic.council;

import io.medic.runtime.ExitReason;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;

/**
 * A council member (recon_demo's {@code council_member}): a permanent GenServer that, in init, draws
 * its verbosity and sets up its TCP server (listen on an OS-chosen port, connect to it, accept,
 * publish the connected socket for peers), then speaks on a timer to a random member, half the time
 * as a Medic message and half the time over the target's socket. What it hears is counted and dropped;
 * unexpected calls, casts and infos are logged as warnings (calls get no reply, as in recon_demo).
 */
final class CouncilMember extends GenServer<Member> {
    private final Council council;
    private final String name;

    CouncilMember(Council council, String name) {
        this.council = council;
        this.name = name;
    }

    @Override
    protected Init<Member> init() throws Exception {
        Member m = new Member(council, name, self().entry().restarts());
        m.connected(Member.openServer(node(), self()));
        if (council.overload() == Overload.Mode.SHEDDING && name.equals(council.overloaded())) {
            Overload.createValve(node(), self());
        }
        sendAfter(m.verbosity.interval(), Speech.Speak.SPEAK);
        return ok(m);
    }

    @Override
    protected Result<Member> handleInfo(Object message, Member m) {
        if (message instanceof Speech.Msg && council.overload() != Overload.Mode.NONE && name.equals(council.overloaded())) {
            Overload.work(Overload.SPEECH_TIME); // the overloaded member reads every speech slowly
        }
        m.info(message, node(), interval -> sendAfter(interval, Speech.Speak.SPEAK));
        return noreply(m);
    }

    @Override
    protected Result<Member> handleCall(Object request, From from, Member m) {
        if (request instanceof Overload.Audience && name.equals(council.overloaded())) {
            Overload.work(Overload.AUDIENCE_TIME);
            return reply("granted", m);
        }
        m.unexpected("call", request);
        return noreply(m);
    }

    @Override
    protected Result<Member> handleCast(Object message, Member m) {
        m.unexpected("cast", message);
        return noreply(m);
    }

    @Override
    protected void terminate(ExitReason reason, Member m) {
        m.disconnected();
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
