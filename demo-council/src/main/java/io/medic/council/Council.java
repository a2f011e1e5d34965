package io.medic.council;

import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.ports.TcpSocket;
import io.medic.supervision.Application;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The council application: a port of ferd/recon_demo. A permanent application whose top supervisor is
 * {@code one_for_one} with intensity 1 per second, over N chatty {@link CouncilMember}s registered
 * under the NATO alphabet's names. Shared between the members: their names, the run's seed, and the
 * directory of published sockets (recon_demo keeps it in gproc).
 */
public final class Council {
    /** recon_demo's 26 names. */
    public static final List<String> NATO = List.of("Alfa", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf",
            "Hotel", "India", "Juliett", "Kilo", "Lima", "Mike", "November", "Oscar", "Papa", "Quebec", "Romeo",
            "Sierra", "Tango", "Uniform", "Victor", "Whiskey", "Xray", "Yankee", "Zulu");
    /** Most members a council can have (names repeat with a number after Zulu: Alfa2 ...). */
    public static final int MAX_MEMBERS = 260;
    /** The application's (and its top supervisor's registered) name. */
    public static final String APPLICATION = "council";

    private final List<String> names;
    private final long seed;
    private final boolean connectOutsideInit;
    private final Overload.Mode overload;
    private final Overload.Stats audiences;
    private final ConcurrentHashMap<String, TcpSocket> sockets;
    /** The cluster's nodes (1: a single node), and which of them this council's node is. */
    private final int nodeCount;
    private final int nodeIndex;
    /** The nodes whose members share this JVM's socket directory. */
    private final java.util.Set<Integer> jvmNodes;

    public Council(int members, long seed, boolean connectOutsideInit) {
        this(members, seed, connectOutsideInit, Overload.Mode.NONE);
    }

    /** A council whose first member is overloaded ({@code --overload}: {@link Overload}). */
    Council(int members, long seed, boolean connectOutsideInit, Overload.Mode overload) {
        this(names(checked(members)), seed, connectOutsideInit, overload, new Overload.Stats(), new ConcurrentHashMap<>(),
                1, 0, java.util.Set.of(0));
    }

    private Council(List<String> names, long seed, boolean connectOutsideInit, Overload.Mode overload,
                    Overload.Stats audiences, ConcurrentHashMap<String, TcpSocket> sockets,
                    int nodeCount, int nodeIndex, java.util.Set<Integer> jvmNodes) {
        this.names = names;
        this.seed = seed;
        this.connectOutsideInit = connectOutsideInit;
        this.overload = overload;
        this.audiences = audiences;
        this.sockets = sockets;
        this.nodeCount = nodeCount;
        this.nodeIndex = nodeIndex;
        this.jvmNodes = jvmNodes;
    }

    private static int checked(int members) {
        if (members < 1 || members > MAX_MEMBERS) {
            throw new IllegalArgumentException("members: bad value " + members + ", expected 1 to " + MAX_MEMBERS);
        }
        return members;
    }

    /**
     * This council as node {@code index} of a cluster of {@code count} nodes runs it: the members whose
     * position modulo {@code count} is {@code index} (docs/cluster.md#the-council-across-nodes). The nodes
     * of {@code jvmNodes} run in this JVM and share its socket directory (speeches over TCP reach their
     * members; a speech to a member of another JVM goes as a message).
     */
    public Council onNode(int count, int index, java.util.Set<Integer> jvmNodes) {
        return new Council(names, seed, connectOutsideInit, overload, audiences, sockets, count, index,
                java.util.Set.copyOf(jvmNodes));
    }

    /** The globally registered name of the chair, the council's failover application's process (clustered only). */
    public static final String CHAIR = "chair";

    /** What a member may address: every member, and the chair when the council is a cluster. */
    List<String> targets() {
        if (nodeCount == 1) {
            return names;
        }
        List<String> t = new ArrayList<>(names);
        t.add(CHAIR);
        return t;
    }

    /** Whether member {@code name} runs in this JVM (its socket can be in this JVM's directory). */
    boolean inThisJvm(String name) {
        int i = names.indexOf(name);
        return i >= 0 && jvmNodes.contains(i % nodeCount);
    }

    /**
     * The process of {@code name}: registered on this node, or, in a cluster, registered globally by its
     * node (a remote pid).
     */
    Optional<io.medic.runtime.Pid> whereis(io.medic.runtime.Node node, String name) {
        Optional<io.medic.runtime.Pid> local = node.whereis(name);
        if (local.isPresent() || nodeCount == 1 || !io.medic.cluster.MedicCluster.isClustered(node)) {
            return local;
        }
        return io.medic.cluster.MedicCluster.get(node).global().whereisName(name);
    }

    /** In a cluster: registers a member just started under its name cluster-wide, so that other nodes find it. */
    void joined(io.medic.runtime.Node node, String name, io.medic.runtime.Pid pid) {
        if (nodeCount > 1 && io.medic.cluster.MedicCluster.isClustered(node)) {
            io.medic.cluster.MedicCluster.get(node).global().registerNameAsync(name, pid).whenComplete((x, e) -> {
                if (e != null) {
                    Member.LOG.warn("council member {} could not register its global name: {}", name,
                            io.medic.runtime.LogText.quoted(String.valueOf(io.medic.runtime.Jvm.unwrap(e).getMessage())));
                }
            });
        }
    }

    static List<String> names(int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String base = NATO.get(i % NATO.size());
            out.add(i < NATO.size() ? base : base + (i / NATO.size() + 1));
        }
        return List.copyOf(out);
    }

    /** The council application, ready to start with the node. */
    public Application application() {
        List<ChildSpec> members = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (i % nodeCount != nodeIndex) {
                continue; // another node's member
            }
            members.add(ChildSpec.worker(name, () -> connectOutsideInit
                            ? new CouncilMemberOutsideInit(this, name) : new CouncilMember(this, name))
                    .withName(name)
                    .withShutdown(io.medic.supervision.Shutdown.timeout(Duration.ofSeconds(5)))
                    .withMailbox(name.equals(overloaded()) ? Overload.mailbox(overload) : MailboxPolicy.unbounded()));
        }
        SupervisorSpec top = SupervisorSpec.of(
                SupervisorFlags.oneForOne().withIntensity(1).withPeriod(Duration.ofSeconds(1)), members);
        return Application.permanent(APPLICATION, top);
    }

    public List<String> names() {
        return names;
    }

    /** The {@code --overload} scenario. */
    Overload.Mode overload() {
        return overload;
    }

    /** The member everyone wants an audience with in the overload scenario: the first. */
    String overloaded() {
        return names.get(0);
    }

    /** What the audiences with the overloaded member met. */
    Overload.Stats audiences() {
        return audiences;
    }

    /** The random source of one incarnation of a member: reproducible for a given seed. */
    java.util.Random randomFor(String name, int restarts) {
        return new java.util.Random(seed * 1_000_003L + name.hashCode() * 31L + restarts * 7_919L);
    }

    /** Publishes a member's connected socket so that peers can write to it (gproc:reg({p, l, Name}, Port)). */
    void publish(String name, TcpSocket socket) {
        sockets.put(name, socket);
    }

    /** Unpublishes it, if it is still this socket. */
    void unpublish(String name, TcpSocket socket) {
        sockets.remove(name, socket);
    }

    /** The socket a peer writes to, to reach {@code name} over TCP. */
    Optional<TcpSocket> socketOf(String name) {
        return Optional.ofNullable(sockets.get(name));
    }
}
