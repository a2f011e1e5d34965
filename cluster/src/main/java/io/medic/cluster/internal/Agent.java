package io.medic.cluster.internal;

import akka.actor.AbstractActor;
import akka.actor.ActorRef;
import akka.actor.Address;
import akka.actor.typed.javadsl.Adapter;
import akka.cluster.ClusterEvent;
import io.medic.cluster.RemoteException;
import io.medic.runtime.CallTimeoutException;
import io.medic.runtime.Down;
import io.medic.runtime.GenServer;
import io.medic.runtime.Jvm;
import io.medic.runtime.LogText;
import io.medic.runtime.Medic;
import io.medic.runtime.MedicException;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessExitException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * INTERNAL API
 *
 * <p>The per-node Medic actor ({@code /system/medic-cluster}) that other nodes address: it hands the
 * calls, casts, sends and exits other nodes send to this node's processes (so that what one node sends
 * another arrives in order), keeps the monitors other nodes placed on them, answers the cluster-wide
 * queries ({@link Queries}), and keeps {@link ClusterServices}' view of the membership from Akka
 * Cluster's events. The global registry and the failover applications add their own messages
 * ({@link GlobalRegistry}, {@link Failover}).
 */
final class Agent extends AbstractActor {
    private final ClusterServices cluster;
    /** Monitors other nodes placed on this node's processes: the local monitor → who asked, with which id. */
    private final Map<MonitorRef, Watch> watches = new HashMap<>();
    private final Map<Watch, MonitorRef> byWatch = new HashMap<>();

    /** A monitor another node placed. */
    private record Watch(ActorRef watcher, long id) {
    }

    Agent(ClusterServices cluster) {
        this.cluster = cluster;
    }

    @Override
    public void preStart() {
        cluster.cluster().subscribe(getSelf(), ClusterEvent.initialStateAsEvents(), ClusterEvent.MemberEvent.class,
                ClusterEvent.ReachabilityEvent.class);
        cluster.global.subscribe(getSelf());
    }

    @Override
    public void postStop() {
        cluster.cluster().unsubscribe(getSelf());
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(Wire.CallReq.class, this::call)
                .match(Wire.Cast.class, c -> local(c.target(), c.message(), "cast").ifPresent(p -> GenServer.cast(p, c.message().value())))
                .match(Wire.Send.class, s -> local(s.target(), s.message(), "message").ifPresent(p -> Medic.send(p, s.message().value())))
                .match(Wire.Exit.class, this::exit)
                .match(Wire.Monitor.class, this::monitor)
                .match(Wire.Demonitor.class, this::demonitor)
                .match(Down.class, this::localDown)
                .match(Wire.Down.class, d -> cluster.monitorFired(d, ClusterServices.nodeName(senderAddress())))
                .match(ClusterEvent.MemberRemoved.class, e -> {
                    cluster.memberRemoved(e.member());
                    dropWatchesOf(e.member().address());
                    cluster.global.memberRemoved(e.member().uniqueAddress(), getSelf());
                })
                .match(ClusterEvent.MemberEvent.class, e -> cluster.memberUp(e.member()))
                .match(ClusterEvent.UnreachableMember.class, e -> cluster.unreachable(e.member().address()))
                .match(ClusterEvent.ReachableMember.class, e -> cluster.reachable(e.member().address()))
                .matchAny(m -> cluster.extensions(m, getSelf(), getSender()))
                .build();
    }

    private Address senderAddress() {
        Address a = getSender().path().address();
        return a.hasLocalScope() ? cluster.selfAddress() : a;
    }

    // ================================================================== a process's messages

    private void call(Wire.CallReq c) {
        ActorRef replyTo = c.replyTo();
        Optional<Pid> pid = cluster.node().processes().byNumber(c.target());
        if (pid.isEmpty()) {
            replyTo.tell(Wire.CallRes.failed("noproc", "no such process: <0." + c.target() + ".0>@" + cluster.nodeName()),
                    ActorRef.noSender());
            return;
        }
        if (c.request().error != null) {
            replyTo.tell(Wire.CallRes.failed("badarg", "the request " + c.request().error), ActorRef.noSender());
            return;
        }
        try {
            GenServer.callAsync(pid.get(), c.request().value(), Duration.ofMillis(c.timeoutMs()))
                    .whenComplete((v, e) -> replyTo.tell(answer(v, e), ActorRef.noSender()));
        } catch (RuntimeException e) {
            replyTo.tell(answer(null, e), ActorRef.noSender());
        }
    }

    /** A call's outcome as it travels back. */
    private Wire.CallRes answer(Object value, Throwable error) {
        if (error == null) {
            try {
                return Wire.CallRes.ok(Payload.of(getContext().getSystem(), value, "reply"));
            } catch (Payload.NotSerializable e) {
                return Wire.CallRes.failed("badarg", e.getMessage());
            }
        }
        Throwable t = Jvm.unwrap(error);
        if (t instanceof NoProcessException) {
            return Wire.CallRes.failed("noproc", t.getMessage());
        }
        if (t instanceof ProcessExitException pe) {
            return Wire.CallRes.exited(t.getMessage(), Reasons.encode(pe.reason()));
        }
        if (t instanceof CallTimeoutException) {
            return Wire.CallRes.failed("timeout", t.getMessage());
        }
        if (t instanceof MedicException me) {
            return Wire.CallRes.failed(me.code(), t.getMessage());
        }
        return Wire.CallRes.failed("error", RemoteException.describe(t));
    }

    /** The live process {@code <0.number.0>} for a message that needs no answer; empty (logged if bad) otherwise. */
    private Optional<Pid> local(long number, Payload payload, String what) {
        if (payload.error != null) {
            ClusterServices.LOG.warn("a {} from {} to <0.{}.0> was dropped: it {}", what,
                    LogText.escaped(String.valueOf(getSender())), number, LogText.escaped(payload.error));
            return Optional.empty();
        }
        return cluster.node().processes().byNumber(number);
    }

    private void exit(Wire.Exit e) {
        Optional<Pid> pid = cluster.node().processes().byNumber(e.target());
        if (pid.isEmpty()) {
            return;
        }
        Pid from = null;
        if (!e.from().isEmpty()) {
            try {
                from = cluster.node().lookup(e.from()).orElse(null);
            } catch (RuntimeException ignored) {
                // a sender we cannot name: the signal still goes
            }
        }
        Medic.exit(from, pid.get(), Reasons.decode(e.reasonKind(), e.reasonText(), ClusterServices.nodeName(senderAddress())));
    }

    // ================================================================== monitors other nodes place here

    private void monitor(Wire.Monitor m) {
        Optional<Pid> pid = cluster.node().processes().byNumber(m.target());
        if (pid.isEmpty()) {
            Reasons.Wire r = Reasons.encode(Reasons.NOPROC);
            m.watcher().tell(new Wire.Down(m.id(), r.kind(), r.text()), getSelf());
            return;
        }
        Watch w = new Watch(m.watcher(), m.id());
        MonitorRef ref = Medic.monitor(Adapter.toTyped(getSelf()), pid.get());
        watches.put(ref, w);
        byWatch.put(w, ref);
    }

    private void demonitor(Wire.Demonitor d) {
        MonitorRef ref = byWatch.remove(new Watch(d.watcher(), d.id()));
        if (ref != null) {
            watches.remove(ref);
            ref.demonitor();
        }
    }

    private void localDown(Down down) {
        Watch w = watches.remove(down.monitor());
        if (w == null) {
            cluster.extensions(down, getSelf(), getSender()); // a monitor of the global registry's
        } else {
            byWatch.remove(w);
            Reasons.Wire r = Reasons.encode(down.reason());
            w.watcher().tell(new Wire.Down(w.id(), r.kind(), r.text()), getSelf());
        }
    }

    /** A node left: the monitors it had placed here go. */
    private void dropWatchesOf(Address node) {
        for (Iterator<Map.Entry<Watch, MonitorRef>> it = byWatch.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Watch, MonitorRef> e = it.next();
            if (e.getKey().watcher().path().address().equals(node)) {
                watches.remove(e.getValue());
                e.getValue().demonitor();
                it.remove();
            }
        }
    }
}
