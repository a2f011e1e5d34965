package io.medic.council;

import io.medic.introspection.MedicEndpoint;
import io.medic.introspection.MedicHttpException;
import io.medic.introspection.MedicRequest;
import io.medic.introspection.MedicRoutesContext;
import io.medic.introspection.MedicRoutesExtension;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The council demo's own routes: faults planted in a member on demand, so that the exercises of
 * chapters 6, 8 and 9 (crash reports, CPU hogs, tracing) have something to find — a CPU hog, a member
 * blocked in a handler, a slow one, a crash. Each is a mutating row of Medic's route table (absent when
 * the routes are read-only, {@code admin} only, audited as {@code council_<fault>}), each fault ends by
 * itself, and none exists outside the demo. Registered by the demo's {@code reference.conf} as
 * {@code medic.http.extensions.council}. Reference: docs/council.md, "Planting faults".
 *
 * <table>
 *   <caption>the rows</caption>
 *   <tr><td>{@code POST /medic/council/{member}/hog?for_ms=T}</td><td>burns CPU for T ms, in 20 ms handlers</td></tr>
 *   <tr><td>{@code POST /medic/council/{member}/block?for_ms=T}</td><td>sleeps T ms inside one handler</td></tr>
 *   <tr><td>{@code POST /medic/council/{member}/slow?ms=M&for_ms=T}</td><td>each speech takes M ms more, for T ms</td></tr>
 *   <tr><td>{@code POST /medic/council/{member}/crash}</td><td>throws in its next handler</td></tr>
 * </table>
 */
public final class CouncilRoutes implements MedicRoutesExtension {
    /** The longest any planted fault lasts. */
    static final long MAX_MS = 60_000;
    private static final long DEFAULT_FOR_MS = 10_000;
    private static final long DEFAULT_SLOW_MS = 300;
    private static final Set<String> MEMBER_CLASSES = Set.of(CouncilMember.class.getName(),
            CouncilMemberOutsideInit.class.getName());

    private final Node node;

    /** Called when the {@code /medic} route tree is built. */
    public CouncilRoutes(Node node) {
        this.node = node;
    }

    @Override
    public List<MedicEndpoint> endpoints(MedicRoutesContext context) {
        return List.of(
                MedicEndpoint.mutating("POST", "council/{member}/hog", "council.md#faults", "council_hog", r -> {
                    long forMs = ms(r, "for_ms", DEFAULT_FOR_MS, MAX_MS);
                    return plant(r, "hog", new Fault.Hog(System.nanoTime() + forMs * 1_000_000), Map.of("for_ms", forMs));
                }),
                MedicEndpoint.mutating("POST", "council/{member}/block", "council.md#faults", "council_block", r -> {
                    long forMs = ms(r, "for_ms", DEFAULT_FOR_MS, MAX_MS);
                    return plant(r, "block", new Fault.Block(forMs), Map.of("for_ms", forMs));
                }),
                MedicEndpoint.mutating("POST", "council/{member}/slow", "council.md#faults", "council_slow", r -> {
                    long ms = ms(r, "ms", DEFAULT_SLOW_MS, 10_000);
                    long forMs = ms(r, "for_ms", DEFAULT_FOR_MS, MAX_MS);
                    return plant(r, "slow", new Fault.Slow(ms, System.nanoTime() + forMs * 1_000_000),
                            Map.of("ms", ms, "for_ms", forMs));
                }),
                MedicEndpoint.mutating("POST", "council/{member}/crash", "council.md#faults", "council_crash",
                        r -> plant(r, "crash", new Fault.Crash("POST /medic/council/" + r.arg("member") + "/crash by "
                                + r.user()), Map.of())));
    }

    /** The answer of a planted fault: the member, its pid now, the fault and its parameters. */
    public record Planted(String member, Pid pid, String fault, Map<String, Long> parameters) {
    }

    private Planted plant(MedicRequest r, String fault, Fault f, Map<String, Long> parameters) {
        String name = r.arg("member");
        Pid pid = node.whereis(name).filter(p -> MEMBER_CLASSES.contains(p.entry().initialCall()))
                .orElseThrow(() -> new MedicHttpException(404, "no_member", "member: no council member is registered as '"
                        + cut(name) + "'"));
        Medic.send(pid, f);
        return new Planted(name, pid, fault, parameters);
    }

    /** A duration parameter in milliseconds, 1 to {@code max}; 400 {@code bad_<name>} otherwise. */
    private static long ms(MedicRequest r, String name, long absent, long max) {
        String v = r.param(name).orElse(null);
        if (v == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw MedicHttpException.badRequest("bad_" + name, name + ": bad value '" + cut(v)
                + "', expected an integer from 1 to " + max + " (milliseconds)");
    }

    private static String cut(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
