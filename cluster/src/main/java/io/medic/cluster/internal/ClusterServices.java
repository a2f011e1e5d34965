package io.medic.cluster.internal;

import akka.actor.ActorRef;
import akka.actor.Address;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.Props;
import akka.cluster.Cluster;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.pattern.AskTimeoutException;
import io.medic.cluster.NodeDownException;
import io.medic.cluster.RemoteException;
import io.medic.runtime.CallTimeoutException;
import io.medic.runtime.Down;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Jvm;
import io.medic.runtime.MonitorRef;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessExitException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>A Medic node's side of the cluster (an Akka extension, started with the ActorSystem by
 * {@link ClusterStartup}): the node's {@link Node.Distribution} (pids of other nodes), the membership as
 * this node sees it (kept by the {@link Agent} from Akka Cluster's member and reachability events), and
 * the callers' side of everything that reaches a process of another node — calls (with OTP's fail-fast
 * on {@code nodedown}), casts, sends, exits, monitors. Every other node is reached through its own
 * agent, at the same path. Thread-safe.
 */
public final class ClusterServices implements Extension, Node.Distribution {
    static final String AGENT_NAME = "medic-cluster";
    static final Logger LOG = LoggerFactory.getLogger("io.medic.cluster");

    final ExtendedActorSystem system;
    final Node node;
    final boolean active;
    final ClusterSettings settings;
    final Cluster cluster;
    final Address self;
    final String selfName;
    final ActorRef agent;
    /** Cluster-wide recon. */
    public final Queries queries;
    /** Global names. */
    public final GlobalRegistry global;
    /** Failover applications. */
    public final Failover failover;

    /** Members of the cluster, as this node saw them last (Removed ones leave). */
    final ConcurrentHashMap<Address, Member> members = new ConcurrentHashMap<>();
    /** Members this node's failure detector says are unreachable now. */
    final Set<Address> unreachable = ConcurrentHashMap.newKeySet();
    /** Members by node name ({@code host:port}). */
    private final ConcurrentHashMap<String, Address> byName = new ConcurrentHashMap<>();
    /** Other nodes' agents. */
    private final ConcurrentHashMap<Address, ActorRef> agents = new ConcurrentHashMap<>();
    /** Calls in flight to other nodes: failed at once when their node goes down. */
    private final Set<PendingCall> pending = ConcurrentHashMap.newKeySet();
    /** Monitors of processes of other nodes, by id. */
    private final ConcurrentHashMap<Long, RemoteMonitor> monitors = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    ClusterServices(ExtendedActorSystem system) {
        this.system = system;
        this.node = Node.get(system);
        this.settings = ClusterSettings.fromConfig(system.settings().config());
        boolean clustered = system.provider() instanceof akka.cluster.ClusterActorRefProvider;
        this.active = clustered && !settings.enabled().equals("off");
        if (!active) {
            if (settings.enabled().equals("on")) {
                throw new IllegalArgumentException("medic.cluster.enabled: bad value 'on' for node " + system.name()
                        + ": akka.actor.provider is not cluster; expected akka.actor.provider = cluster (docs/cluster.md)");
            }
            this.cluster = null;
            this.self = null;
            this.selfName = null;
            this.agent = null;
            this.queries = null;
            this.global = null;
            this.failover = null;
            return;
        }
        this.cluster = Cluster.get(system);
        this.self = cluster.selfAddress();
        this.selfName = nodeName(self);
        this.queries = new Queries(this);
        this.global = new GlobalRegistry(this);
        this.failover = new Failover(this);
        this.agent = system.systemActorOf(Props.create(Agent.class, () -> new Agent(this)), AGENT_NAME);
        node.installDistribution(this);
        if (settings.join().equals("bootstrap")) {
            akka.management.cluster.bootstrap.ClusterBootstrap.get(system).start();
        }
    }

    /** The services of {@code node}. */
    public static ClusterServices get(Node node) {
        return ClusterStartup.MODULE$.get(node.classicSystem());
    }

    /** Whether the node is in a cluster ({@code akka.actor.provider = cluster}, {@code medic.cluster.enabled} not off). */
    public boolean active() {
        return active;
    }

    /** @throws IllegalStateException naming the node and the setting, if it is not in a cluster */
    public ClusterServices requireActive() {
        if (!active) {
            throw new IllegalStateException("node " + system.name() + " is not a node of a cluster: set "
                    + "akka.actor.provider = cluster (and medic.cluster.enabled to auto or on); see docs/cluster.md");
        }
        return this;
    }

    public Node node() {
        return node;
    }

    public Address selfAddress() {
        return self;
    }

    public Cluster cluster() {
        return cluster;
    }

    public ClusterSettings settings() {
        return settings;
    }

    // ================================================================== names and membership

    /** A node's name as pids print it: {@code host:port} of its address. */
    public static String nodeName(Address a) {
        return a.host().get() + ":" + a.port().get();
    }

    @Override
    public String nodeName() {
        return selfName;
    }

    @Override
    public Optional<Pid> resolve(String nodeName, long number) {
        Address a = byName.get(nodeName);
        return a == null ? Optional.empty() : Optional.of(new ClusterPid(this, a, number, null));
    }

    /** The address of a member by its node name, if it is one. */
    public Optional<Address> address(String nodeName) {
        return Optional.ofNullable(byName.get(nodeName));
    }

    /** A snapshot of the members, oldest first. */
    public List<Member> memberList() {
        List<Member> list = new ArrayList<>(members.values());
        list.sort(Comparator.comparing((Member m) -> m, Member.ageOrdering()));
        return list;
    }

    /** Whether calls to {@code a} can be answered now: this node, or a member that is reachable and not down. */
    public boolean isUp(Address a) {
        if (a.equals(self)) {
            return true;
        }
        Member m = members.get(a);
        return m != null && !unreachable.contains(a) && m.status() != MemberStatus.down()
                && m.status() != MemberStatus.removed();
    }

    /** Whether this node's failure detector says {@code a} is unreachable now. */
    public boolean isUnreachable(Address a) {
        return unreachable.contains(a);
    }

    /** Akka's member status in lower snake case: {@code joining}, {@code weakly_up}, {@code up} ... */
    public static String statusOf(Member m) {
        return m.status().toString().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Why {@code a} is not up: for the {@code nodedown} message. */
    String downWhy(Address a) {
        Member m = members.get(a);
        if (m == null) {
            return "not a member of the cluster";
        }
        if (m.status() == MemberStatus.down()) {
            return "down";
        }
        return unreachable.contains(a) ? "unreachable" : "leaving";
    }

    /** The agent of node {@code a} (this node's own for itself). */
    ActorRef agentOf(Address a) {
        if (a.equals(self)) {
            return agent;
        }
        return agents.computeIfAbsent(a, k -> system.provider().resolveActorRef(k + "/system/" + AGENT_NAME));
    }

    /** A pid of node {@code a}: this node's own process if {@code a} is this node and the process lives. */
    public Pid pid(Address a, long number, akka.actor.typed.ActorRef<Object> ref) {
        if (a.equals(self)) {
            Optional<Pid> local = node.processes().byNumber(number);
            if (local.isPresent() && (ref == null || local.get().ref().equals(ref))) {
                return local.get();
            }
        }
        return new ClusterPid(this, a, number, ref);
    }

    // ================================================================== membership changes (from the agent)

    void memberUp(Member m) {
        members.put(m.address(), m);
        byName.put(nodeName(m.address()), m.address());
        if (m.status() == MemberStatus.down()) {
            nodeDown(m.address(), "down");
        }
    }

    void memberRemoved(Member m) {
        members.remove(m.address());
        byName.remove(nodeName(m.address()), m.address());
        agents.remove(m.address());
        unreachable.remove(m.address());
        nodeDown(m.address(), "removed from the cluster");
    }

    void unreachable(Address a) {
        unreachable.add(a);
        nodeDown(a, "unreachable");
    }

    void reachable(Address a) {
        unreachable.remove(a);
    }

    /** Fails the calls in flight to {@code a} and fires the monitors of its processes ({@code noconnection}). */
    private void nodeDown(Address a, String why) {
        for (PendingCall p : pending) {
            if (p.pid.address.equals(a)) {
                p.fail(new NodeDownException(p.pid.toString(), p.pid.node(), why));
            }
        }
        for (RemoteMonitor m : monitors.values()) {
            if (m.pid.address.equals(a)) {
                m.fire(Reasons.NOCONNECTION);
            }
        }
    }

    /** A message for the agent that is none of its own: a query, the global registry's, failover's. */
    void extensions(Object m, ActorRef self, ActorRef sender) {
        if (!queries.answer(m) && !global.handle(m, self) && !failover.handle(m, self)) {
            LOG.debug("unexpected message to the Medic cluster agent: {}", m.getClass().getName());
        }
    }

    // ================================================================== calls

    /** A call in flight. */
    private final class PendingCall {
        final ClusterPid pid;
        final CompletableFuture<Object> future;

        PendingCall(ClusterPid pid, CompletableFuture<Object> future) {
            this.pid = pid;
            this.future = future;
        }

        void fail(Throwable t) {
            future.completeExceptionally(t);
        }
    }

    /**
     * {@code gen_server:call} of a remote process. {@code awaited}: the caller blocks for the answer
     * ({@code GenServer.call}), so the answer completes the stage on the transport's inbound thread;
     * otherwise ({@code callAsync}: the caller's dependent stages run where it completes) on this node's
     * default dispatcher.
     */
    @SuppressWarnings("unchecked")
    <R> CompletionStage<R> call(ClusterPid pid, Object request, Duration timeout, boolean awaited) {
        if (!isUp(pid.address)) {
            return CompletableFuture.failedFuture(new NodeDownException(pid.toString(), pid.node(), downWhy(pid.address)));
        }
        Payload payload;
        try {
            payload = Payload.of(system, request, "request");
        } catch (Payload.NotSerializable e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Object> f = new CompletableFuture<>();
        PendingCall p = new PendingCall(pid, f);
        pending.add(p);
        f.whenComplete((v, e) -> pending.remove(p));
        long timeoutMs = timeout.toMillis();
        Asks.ask(agentOf(pid.address), replyTo -> new Wire.CallReq(pid.number, payload, timeoutMs, replyTo), timeout,
                        awaited ? null : system.dispatcher())
                .whenComplete((answer, error) -> {
                    if (error != null) {
                        f.completeExceptionally(Jvm.unwrap(error) instanceof AskTimeoutException
                                ? new CallTimeoutException(pid.toString(), "call", timeout) : Jvm.unwrap(error));
                    } else {
                        answer(pid, (Wire.CallRes) answer, f, timeout);
                    }
                });
        if (!isUp(pid.address)) { // went down around our send: its pending calls may have been failed before ours was added
            p.fail(new NodeDownException(pid.toString(), pid.node(), downWhy(pid.address)));
        }
        return (CompletionStage<R>) f;
    }

    private static void answer(ClusterPid pid, Wire.CallRes r, CompletableFuture<Object> f, Duration timeout) {
        if (r.code() == null) {
            if (r.value().error != null) {
                f.completeExceptionally(new RemoteException("badarg", "the reply " + r.value().error, pid.node()));
            } else {
                f.complete(r.value().value());
            }
            return;
        }
        f.completeExceptionally(switch (r.code()) {
            case "noproc" -> {
                pid.exited(Reasons.NOPROC);
                yield new NoProcessException(pid.toString());
            }
            case "exit" -> {
                ExitReason reason = Reasons.decode(r.reasonKind(), r.reasonText(), pid.node());
                pid.exited(reason);
                yield new ProcessExitException(pid, reason);
            }
            case "timeout" -> new CallTimeoutException(pid.toString(), "call", timeout);
            default -> new RemoteException(r.code(), r.message(), pid.node());
        });
    }

    // ================================================================== casts, sends, exits

    void cast(ClusterPid pid, Object message) {
        tellIfSerializable(pid, message, "cast", p -> new Wire.Cast(pid.number, p));
    }

    void send(ClusterPid pid, Object message) {
        tellIfSerializable(pid, message, "message", p -> new Wire.Send(pid.number, p));
    }

    /**
     * A cast or a send: never throws for a node that is down (Erlang's send never fails), but a message
     * that cannot be serialized is a programming error: it throws, naming the class.
     */
    private void tellIfSerializable(ClusterPid pid, Object message, String what,
                                    java.util.function.Function<Payload, Object> envelope) {
        Payload p = Payload.of(system, message, what);
        if (isUp(pid.address)) {
            agentOf(pid.address).tell(envelope.apply(p), ActorRef.noSender());
        }
    }

    void exit(ClusterPid pid, Pid from, ExitReason reason) {
        Reasons.Wire r = Reasons.encode(reason);
        if (isUp(pid.address)) {
            agentOf(pid.address).tell(new Wire.Exit(pid.number, from == null ? "" : qualified(from), r.kind(), r.text()),
                    ActorRef.noSender());
        }
    }

    /** A pid as another node parses it: {@code <0.N.0>@node}. */
    String qualified(Pid p) {
        return p instanceof ClusterPid ? p.toString() : p + "@" + selfName;
    }

    // ================================================================== monitors

    /** A monitor of a process of another node. */
    private final class RemoteMonitor implements MonitorRef {
        final long id;
        final ClusterPid pid;
        final Consumer<Down> deliver;

        RemoteMonitor(long id, ClusterPid pid, Consumer<Down> deliver) {
            this.id = id;
            this.pid = pid;
            this.deliver = deliver;
        }

        @Override
        public Pid target() {
            return pid;
        }

        @Override
        public boolean demonitor() {
            if (monitors.remove(id, this)) {
                if (isUp(pid.address)) {
                    agentOf(pid.address).tell(new Wire.Demonitor(id, agent), agent);
                }
                return true;
            }
            return false;
        }

        void fire(ExitReason reason) {
            if (monitors.remove(id, this)) {
                if (reason != Reasons.NOCONNECTION) {
                    pid.exited(reason);
                }
                deliver.accept(new Down(this, pid, reason));
            }
        }
    }

    MonitorRef monitor(ClusterPid pid, Consumer<Down> deliver) {
        RemoteMonitor m = new RemoteMonitor(ids.incrementAndGet(), pid, deliver);
        monitors.put(m.id, m);
        if (!isUp(pid.address)) {
            m.fire(Reasons.NOCONNECTION);
            return m;
        }
        agentOf(pid.address).tell(new Wire.Monitor(m.id, pid.number, agent), agent);
        if (!isUp(pid.address)) {
            m.fire(Reasons.NOCONNECTION);
        }
        return m;
    }

    /** A monitor this node placed fired on the other node (from the agent). */
    void monitorFired(Wire.Down d, String node) {
        RemoteMonitor m = monitors.get(d.id());
        if (m != null) {
            m.fire(Reasons.decode(d.reasonKind(), d.reasonText(), node));
        }
    }
}
