package io.medic.council;

import io.medic.cluster.FailoverApplication;
import io.medic.cluster.MedicCluster;
import io.medic.runtime.AlreadyRegisteredException;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Jvm;
import io.medic.supervision.Application;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import java.time.Duration;
import java.util.List;

/**
 * The chair of a council that runs as a cluster: one process for the whole cluster, in a failover
 * application (OTP's distributed application, {@link FailoverApplication}) that runs on the first node
 * of the list that is up and moves to the next when its node goes. It registers as {@code chair} on its
 * node and cluster-wide ({@code global}), and counts the speeches members address to it; {@code call
 * "minutes"} answers its {@link Minutes}. docs/cluster.md#the-council-across-nodes.
 */
final class Chair extends GenServer<Chair.Minutes> {
    /**
     * What the chair knows: where it sits, how many speeches it has heard since it started there, and
     * from whom (the council's names: at most {@link Council#MAX_MEMBERS}).
     */
    record Minutes(String node, long heard, java.util.SortedSet<String> speakers) implements io.medic.cluster.ClusterMessage {
    }

    /** The failover application's name (its top supervisor is registered under it: not the chair's own name). */
    static final String APPLICATION = "council-chair";

    /** Try the global registration again: a chair that failed over may find its predecessor's name not yet released. */
    private enum Register { REFUSED, AGAIN }

    /** The chair's failover application, for a node of a cluster whose nodes are {@code nodes} ({@code host:port}, best first; empty: oldest first). */
    static FailoverApplication application(List<String> nodes) {
        SupervisorSpec tree = SupervisorSpec.of(SupervisorFlags.oneForOne(),
                List.of(ChildSpec.worker(Council.CHAIR, Chair::new).withName(Council.CHAIR)));
        // transient: a node that leaves stops it normally, and that must not stop the node a second time
        return FailoverApplication.of(Application.transientApp(APPLICATION, tree)).withNodes(nodes).withTakeover(!nodes.isEmpty());
    }

    @Override
    protected Init<Minutes> init() {
        register();
        return ok(new Minutes(MedicCluster.get(node()).nodeName(), 0, new java.util.TreeSet<>()));
    }

    private void register() {
        io.medic.runtime.Pid me = self();
        MedicCluster.get(node()).global().registerNameAsync(Council.CHAIR, me).whenComplete((x, e) -> {
            if (e != null && Jvm.unwrap(e) instanceof AlreadyRegisteredException) {
                io.medic.runtime.Medic.send(me, Register.REFUSED); // the timer is armed on the chair's own thread
            } else if (e != null) {
                Member.LOG.warn("the chair could not register its global name: {}", Jvm.unwrap(e).getMessage());
            }
        });
    }

    @Override
    protected Result<Minutes> handleInfo(Object message, Minutes m) {
        if (message == Register.REFUSED) {
            sendAfter(Duration.ofMillis(500), Register.AGAIN);
            return noreply(m);
        }
        if (message == Register.AGAIN) {
            register();
            return noreply(m);
        }
        if (message instanceof Speech.Msg speech) {
            if (m.speakers().size() < Council.MAX_MEMBERS) {
                m.speakers().add(speech.from());
            }
            return noreply(new Minutes(m.node(), m.heard() + 1, m.speakers()));
        }
        Member.LOG.warn("the chair got an unexpected info: {}", io.medic.runtime.LogText.quoted(String.valueOf(message)));
        return noreply(m);
    }

    @Override
    protected Result<Minutes> handleCall(Object request, From from, Minutes m) {
        return reply(new Minutes(m.node(), m.heard(), new java.util.TreeSet<>(m.speakers())), m);
    }
}
