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
    private final Overload.Stats audiences = new Overload.Stats();
    private final ConcurrentHashMap<String, TcpSocket> sockets = new ConcurrentHashMap<>();

    public Council(int members, long seed, boolean connectOutsideInit) {
        this(members, seed, connectOutsideInit, Overload.Mode.NONE);
    }

    /** A council whose first member is overloaded ({@code --overload}: {@link Overload}). */
    Council(int members, long seed, boolean connectOutsideInit, Overload.Mode overload) {
        if (members < 1 || members > MAX_MEMBERS) {
            throw new IllegalArgumentException("members: bad value " + members + ", expected 1 to " + MAX_MEMBERS);
        }
        this.names = names(members);
        this.seed = seed;
        this.connectOutsideInit = connectOutsideInit;
        this.overload = overload;
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
        for (String name : names) {
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
