package io.medic.dashboard;

import io.medic.dashboard.internal.Assets;
import io.medic.dashboard.internal.ProcessRows;
import io.medic.introspection.MedicEndpoint;
import io.medic.introspection.MedicRequest;
import io.medic.introspection.MedicRoutesContext;
import io.medic.introspection.MedicRoutesExtension;
import io.medic.runtime.Node;
import java.util.List;

/**
 * The web dashboard's rows of Medic's {@code /medic} table — Erlang's observer, or Phoenix
 * LiveDashboard, for a Medic node:
 *
 * <ul>
 *   <li>{@code GET /medic/ui/...}: the pages and their scripts, styles and icons, from this jar (no CDN,
 *       no build step): see docs/dashboard.md;</li>
 *   <li>{@code GET /medic/whoami}: who the caller is, whether they are an admin, whether the mutating
 *       routes are on — which decides whether the pages show their destructive buttons (LiveDashboard's
 *       {@code allow_destructive_actions});</li>
 *   <li>{@code GET /medic/dashboard/processes}: the processes table's rows, every attribute of each
 *       (Recon's rankings, read back from the process table).</li>
 * </ul>
 *
 * <p>All three are reads: any configured user may call them, and every request the pages make goes
 * through Medic's own routes, authentication, roles, read-only switch and audit log — the destructive
 * buttons call the same {@code /medic/processes/{pid}/kill} (etc.) a {@code curl} user would. Registered
 * by the module's {@code reference.conf} as {@code medic.http.extensions.dashboard}: putting the jar on
 * the classpath is enough ({@code ""} turns it off).
 */
public final class DashboardRoutes implements MedicRoutesExtension {
    private final Node node;

    /** Called when the {@code /medic} route tree is built. */
    public DashboardRoutes(Node node) {
        this.node = node;
    }

    /**
     * The answer of {@code GET /medic/whoami}.
     *
     * @param user               the authenticated user ({@code anonymous} when authentication is off)
     * @param admin              whether the caller has the {@code admin} role (true when authentication is off)
     * @param auth               whether {@code medic.http.auth} has users
     * @param readOnly           whether the mutating routes are off
     *                           ({@code akka.management.http.route-providers-read-only})
     * @param destructiveActions whether the caller may use the mutating routes here: not read-only, and an
     *                           admin — when the dashboard shows kill, suspend, resume and replace state
     * @param node               the node's name
     */
    public record Whoami(String user, boolean admin, boolean auth, boolean readOnly, boolean destructiveActions,
                         String node) {
    }

    @Override
    public List<MedicEndpoint> endpoints(MedicRoutesContext context) {
        Assets assets = new Assets(DashboardRoutes.class.getClassLoader());
        ProcessRows rows = new ProcessRows(node);
        return List.of(
                MedicEndpoint.read("whoami", "dashboard.md#whoami", r -> whoami(r, context)),
                MedicEndpoint.read("dashboard/processes", "dashboard.md#processes-route", rows::answer),
                MedicEndpoint.read("ui/{*path}", "dashboard.md#pages", r -> assets.answer(r.arg("path"), r.httpRequest())));
    }

    private Whoami whoami(MedicRequest r, MedicRoutesContext context) {
        return new Whoami(r.user(), r.isAdmin(), context.authEnabled(), context.readOnly(),
                !context.readOnly() && r.isAdmin(), node.name());
    }
}
