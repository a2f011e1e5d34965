package io.medic.cluster;

import akka.cluster.Member;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.medic.cluster.internal.ClusterServices;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Medic node's membership of an Akka Cluster: the front door of the cluster module — Erlang's
 * distribution ({@code net_kernel}, {@code nodes()}, {@code node(Pid)}) on Akka Cluster, which does the
 * membership, the transport (Artery TCP), the failure detection and the gossip.
 *
 * <pre>{@code
 * Node node = Node.start("council", MedicCluster.config("council", "127.0.0.1", 25520,
 *         List.of("127.0.0.1:25520")), List.of());
 * MedicCluster cluster = MedicCluster.get(node);
 * cluster.whenUp().toCompletableFuture().join();
 * Pid remote = node.pid("<0.42.0>@127.0.0.1:25521");       // a process of another node
 * String answer = GenServer.call(remote, new Ask("hello")); // nodedown at once if that node is unreachable
 * }</pre>
 *
 * <p>A node joins its cluster as its ActorSystem starts: the module's services start with it whenever
 * {@code akka.actor.provider = cluster} ({@code medic.cluster.enabled = auto}), and join the seed
 * nodes of {@code akka.cluster.seed-nodes} or, with {@code medic.cluster.join = bootstrap}, through Akka
 * Management's Cluster Bootstrap. See docs/cluster.md. Thread-safe.
 */
public final class MedicCluster {
    private final ClusterServices services;

    private MedicCluster(ClusterServices services) {
        this.services = services;
    }

    /**
     * The cluster membership of {@code node}.
     *
     * @throws IllegalStateException if the node is not a node of a cluster ({@code akka.actor.provider} is
     *                               not {@code cluster}, or {@code medic.cluster.enabled = off})
     */
    public static MedicCluster get(Node node) {
        return new MedicCluster(ClusterServices.get(Objects.requireNonNull(node, "node")).requireActive());
    }

    /** Whether {@code node} is a node of a cluster (so that {@link #get} works). */
    public static boolean isClustered(Node node) {
        return ClusterServices.get(Objects.requireNonNull(node, "node")).active();
    }

    /**
     * The configuration of a node of a cluster on Artery TCP, to give {@link Node#start(String, Config, List)}:
     * {@code akka.actor.provider = cluster}, the canonical {@code host} and {@code port} (0: any free port),
     * {@code akka.cluster.seed-nodes} from {@code seedNodes} ({@code host:port}, expanded with
     * {@code clusterName}, which must be the node's name: Akka Cluster joins only ActorSystems of the same
     * name), and Akka's Split Brain Resolver ({@code keep-majority}) as the downing provider, without which
     * a crashed node would never be downed, nor its applications fail over. Anything in
     * {@code application.conf} or given after it with {@code withFallback} on top wins.
     *
     * @throws IllegalArgumentException naming a bad argument, its value and what was expected
     */
    public static Config config(String clusterName, String host, int port, List<String> seedNodes) {
        if (clusterName == null || !clusterName.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("clusterName: bad value '" + clusterName
                    + "', expected the nodes' ActorSystem name (letters, digits, - and _)");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host: bad value '" + host + "', expected a host name or address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port: bad value " + port + ", expected 0 to 65535 (0: any free port)");
        }
        List<String> seeds = new ArrayList<>();
        for (String s : Objects.requireNonNull(seedNodes, "seedNodes")) {
            if (s == null || !s.matches("[^\\s:@/]+:\\d{1,5}")) {
                throw new IllegalArgumentException("seedNodes: bad value '" + s + "', expected host:port");
            }
            seeds.add("akka://" + clusterName + "@" + s);
        }
        return ConfigFactory.empty()
                .withValue("akka.actor.provider", ConfigValueFactory.fromAnyRef("cluster"))
                .withValue("akka.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(host))
                .withValue("akka.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(port))
                .withValue("akka.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
                .withValue("akka.cluster.downing-provider-class",
                        ConfigValueFactory.fromAnyRef("akka.cluster.sbr.SplitBrainResolverProvider"))
                // several nodes in one JVM (tests, the demo's --nodes): one JMX bean each
                .withValue("akka.cluster.jmx.multi-mbeans-in-same-jvm", ConfigValueFactory.fromAnyRef("on"));
    }

    /** This node's name, as other nodes print its pids: {@code host:port} ({@code node()} in Erlang). */
    public String nodeName() {
        return services.nodeName();
    }

    /** This node's Akka address. */
    public String address() {
        return services.selfAddress().toString();
    }

    /** The node of a pid: this node's name for a local pid ({@code node(Pid)} in Erlang). */
    public String nodeOf(Pid pid) {
        return pid instanceof io.medic.runtime.RemotePid r ? r.node() : nodeName();
    }

    /** A pid as another node prints and parses it: {@code <0.N.0>@node}. */
    public String qualified(Pid pid) {
        return pid + (pid instanceof io.medic.runtime.RemotePid ? "" : "@" + nodeName());
    }

    /** The members as this node sees them now, oldest first ({@code [node() | nodes()]} with their state). */
    public List<ClusterMember> members() {
        List<ClusterMember> out = new ArrayList<>();
        for (Member m : services.memberList()) {
            out.add(member(m));
        }
        return out;
    }

    private ClusterMember member(Member m) {
        List<String> roles = new ArrayList<>();
        m.getRoles().forEach(roles::add);
        roles.sort(null);
        return new ClusterMember(ClusterServices.nodeName(m.address()), m.address().toString(),
                ClusterServices.statusOf(m), !services.isUnreachable(m.address()), m.address().equals(services.selfAddress()),
                List.copyOf(roles));
    }

    /**
     * Asks member {@code node} ({@code host:port}) to leave the cluster gracefully (Akka Cluster's
     * {@code leave}: its applications stop, its singletons move, then it is removed). The closest Erlang
     * operation is {@code rpc:call(Node, init, stop, [])}.
     *
     * @throws IllegalArgumentException if {@code node} is not a member this node knows
     */
    public void leave(String node) {
        services.cluster().leave(memberAddress(node));
    }

    /**
     * Marks member {@code node} ({@code host:port}) down (Akka Cluster's {@code down}): the operator's
     * decision that it is dead, which the Split Brain Resolver otherwise takes; calls to it fail with
     * {@code nodedown}, its failover applications start elsewhere. Erlang has no analog (a node is down
     * when its connection drops); use it only for a node known to be stopped.
     *
     * @throws IllegalArgumentException if {@code node} is not a member this node knows
     */
    public void down(String node) {
        services.cluster().down(memberAddress(node));
    }

    private akka.actor.Address memberAddress(String node) {
        return services.address(Objects.requireNonNull(node, "node")).orElseThrow(() -> new IllegalArgumentException(
                "node: bad value '" + node + "', expected a member of the cluster as host:port, one of "
                        + members().stream().map(ClusterMember::node).toList()));
    }

    /** Completes once this node is {@code Up} in the cluster (at once if it is). */
    public CompletionStage<Void> whenUp() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        services.cluster().registerOnMemberUp(() -> f.complete(null));
        return f;
    }

    /** The global name registry ({@code global}). */
    public Global global() {
        return new Global(services);
    }

    /**
     * Where each failover application runs, from the cluster's coordinator: the cluster-wide
     * {@code application:which_applications/0} of distributed applications. The stage fails with a
     * {@link java.util.concurrent.TimeoutException} if the coordinator does not answer within
     * {@code timeout} (while it moves, after its node went).
     */
    public CompletionStage<List<FailoverStatus>> failoverApplications(java.time.Duration timeout) {
        return services.failover.status(timeout);
    }

    /** The cluster-wide recon functions ({@code recon:rpc} of each). */
    public ClusterRecon recon() {
        return new ClusterRecon(services);
    }
}
